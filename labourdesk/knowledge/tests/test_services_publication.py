"""From a closed case to a public Q&A: proposal, anonymised draft, suspects, publishing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.html import strip_tags

from labourdesk.knowledge import services
from labourdesk.knowledge.models import AnonymisationFinding, PublicationProposal
from labourdesk.knowledge.tests.conftest import closed_case

pytestmark = pytest.mark.django_db

QUESTION = (
    "Hello, I am Ana Requester of Acme Ltd (ana.requester@example.org, +33 1 42 68 53 00).\n"
    "Mr Dupont, our supplier, asks how to apply C087.\nBest regards,\nAna Requester"
)


def test_closed_case_becomes_anonymised_draft(expert, manager):
    case = closed_case(
        expert,
        manager,
        question=QUESTION,
        answer="Dear Ana Requester, see https://example.org/x for Acme Ltd.",
        email="ana.requester@example.org",
    )
    proposal = services.case_propose_for_publication(actor=expert, case=case)
    page = proposal.page
    assert not page.live and page.source_case_id == case.pk
    public = page.question + strip_tags(page.answer) + page.title
    for secret in (
        "Ana",
        "Requester",
        "Acme",
        "ana.requester@example.org",
        "42 68 53 00",
        "example.org/x",
    ):
        assert secret not in public
    kinds = set(page.anonymisation_findings.values_list("kind", "category"))
    assert ("replacement", "name") in kinds and ("replacement", "email") in kinds
    assert ("suspect", "name") in kinds  # "Mr Dupont" is not known to the case


def test_unresolved_suspect_blocks_publishing_until_fixed(expert, manager, make_user):
    case = closed_case(expert, manager, question=QUESTION)
    page = services.case_propose_for_publication(actor=expert, case=case).page
    with pytest.raises(ValidationError):
        page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    editor = make_user("content_editor")
    for finding in page.unresolved_suspects():
        services.finding_resolve(actor=editor, finding=finding, accept=False, replacement="[name]")
    page.refresh_from_db()
    latest = page.get_latest_revision_as_object()
    assert "Dupont" not in latest.question
    latest.save_revision(user=manager).publish()
    page.refresh_from_db()
    assert page.live


def test_only_closed_admissible_cases_by_helpdesk_staff(expert, manager, make_user):
    from labourdesk.helpdesk.tests.conftest import ask

    with pytest.raises(ValidationError):
        services.case_propose_for_publication(actor=expert, case=ask())
    case = closed_case(expert, manager)
    with pytest.raises(PermissionDenied):
        services.case_propose_for_publication(actor=make_user("content_editor"), case=case)
    services.case_propose_for_publication(actor=expert, case=case)
    with pytest.raises(ValidationError):
        services.case_propose_for_publication(actor=expert, case=case)
    assert PublicationProposal.objects.count() == 1


def test_nothing_public_links_to_the_case(client, expert, manager, make_user):
    case = closed_case(expert, manager)
    page = services.case_propose_for_publication(actor=expert, case=case).page
    AnonymisationFinding.objects.filter(page=page).update(status="accepted")
    page.get_latest_revision_as_object().save_revision().publish()
    page.refresh_from_db()
    body = client.get(page.get_url()).content.decode()
    assert case.reference not in body and f"/cases/{case.pk}/" not in body


def test_dialogue_request_opens_a_case_with_the_dialogue_topic(client, reference_data):
    from labourdesk.helpdesk.models import Case

    response = client.post(
        "/en/dialogue/request/",
        {
            "question": "We and the union would like a facilitated dialogue.",
            "name": "A Person",
            "email": "person@example.org",
            "organisation": "Company",
            "user_type": "workers_unions",
            "country": "FR",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(requester_email="person@example.org")
    assert list(case.topics.values_list("code", flat=True)) == ["company_union_dialogue"]
