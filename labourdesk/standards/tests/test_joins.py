"""Instrument pages joined to the rest: helpdesk cases, questionnaire questions."""

import pytest

from labourdesk.standards.models import Instrument

pytestmark = pytest.mark.django_db


def test_case_page_links_the_instruments_referred_to(client, make_user):
    from labourdesk.helpdesk.services import workflow
    from labourdesk.helpdesk.tests.conftest import ask

    expert = make_user("helpdesk_expert")
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_classify(
        actor=expert, case=case, instruments=Instrument.objects.filter(code__in=["C087", "C098"])
    )
    client.force_login(expert)
    html = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    assert "Instruments referred to" in html
    assert 'href="/en/standards/instruments/C087/"' in html
    assert 'href="/en/standards/instruments/C098/"' in html


def test_instrument_page_lists_citing_questions_for_staff_only(client, make_user):
    from labourdesk.compliance import services
    from labourdesk.compliance.models import CompliancePoint
    from labourdesk.standards.models import MemberState

    admin = make_user("administrator")
    programme = services.programme_for_country(
        actor=admin, country=MemberState.objects.get(iso3="VNM")
    )
    version = services.questionnaire_version_create(
        actor=admin, programme=programme, industry="apparel", name="Test questionnaire (ours)"
    )
    services.question_create(
        actor=admin,
        version=version,
        code="FOA-1",
        texts={"en": "Can workers join a union of their choice?"},
        compliance_point=CompliancePoint.objects.order_by("id").first(),
        instruments=Instrument.objects.filter(code="C087"),
    )
    url = "/en/standards/instruments/C087/"
    assert "Questionnaire questions that cite it" not in client.get(url).content.decode()
    client.force_login(admin)
    html = client.get(url).content.decode()
    assert "Questionnaire questions that cite it" in html and "FOA-1" in html
    questionnaire = client.get(f"/en/compliance/questionnaires/{version.pk}/").content.decode()
    assert 'href="/en/standards/instruments/C087/"' in questionnaire
