"""Cross-object integrity and robust input on the compliance API and services (issue 10)."""

import datetime

import pytest
import yaml
from django.core.exceptions import PermissionDenied, ValidationError

from labourdesk.accounts.models import Organisation
from labourdesk.compliance import services
from labourdesk.compliance.limits import LONG_TEXT_MAX
from labourdesk.compliance.models import CompliancePoint, ImprovementAction, ProgressReport
from labourdesk.compliance.tests.builders import release
from labourdesk.standards.models import MemberState

JSON = "application/json"


@pytest.fixture
def other_assessment(world):
    """A released assessment of the other factory (visible to its own factory user)."""
    return services.assessment_create(
        actor=world.advisor,
        factory=world.other,
        version=world.version,
        cycle=1,
        start_date=datetime.date(2024, 5, 6),
        advisors=[world.advisor, world.advisor_m],
    )


def _action(world, **extra):
    cp = CompliancePoint.objects.order_by("id").first()
    return {"factory": world.factory.pk, "compliance_point": cp.pk, "description": "Fix", **extra}


def test_the_service_refuses_an_action_on_another_factorys_assessment(world, other_assessment):
    cp = CompliancePoint.objects.order_by("id").first()
    with pytest.raises(ValidationError) as exc:
        services.improvement_action_create(
            actor=world.admin,
            factory=world.factory,
            assessment=other_assessment,
            compliance_point=cp,
            description="Fix",
        )
    assert "assessment" in exc.value.message_dict
    action = services.improvement_action_create(
        actor=world.admin, factory=world.factory, compliance_point=cp, description="Fix"
    )
    with pytest.raises(ValidationError):
        services.improvement_action_update(
            actor=world.admin, action=action, assessment=other_assessment
        )
    assert not ImprovementAction.objects.filter(assessment=other_assessment).exists()


def test_a_question_of_another_questionnaire_is_refused(world, other_assessment):
    other_question = world.version.questions.first()
    clone = services.questionnaire_version_clone(
        actor=world.admin, source=world.version, name="VN 2025"
    )
    with pytest.raises(ValidationError) as exc:
        services.improvement_action_create(
            actor=world.admin,
            factory=world.factory,
            assessment=world.assessment,
            question=clone.questions.first(),
            description="Fix",
        )
    assert "question" in exc.value.message_dict
    # A question of the assessment's own questionnaire is fine.
    services.improvement_action_create(
        actor=world.admin,
        factory=world.factory,
        assessment=world.assessment,
        question=other_question,
        description="Fix",
    )


def test_the_api_answers_an_out_of_scope_assessment_like_a_missing_one(
    client, world, other_assessment
):
    """The probe: POST improvement-actions {"factory": 1, "assessment": 4} → 201 before."""
    # Both assessments released: the other factory's is visible to *its* user, not to ours.
    release(world)
    entries = [
        {"question": q, "value": "0" if q.is_scored else "7"} for q in world.version.questions.all()
    ]
    services.findings_save(actor=world.advisor, assessment=other_assessment, entries=entries)
    services.assessment_transition(actor=world.advisor, assessment=other_assessment, to="in_review")
    # Four eyes: not the advisor who submitted it for review.
    services.assessment_transition(actor=world.manager, assessment=other_assessment, to="finalised")
    services.assessment_transition(actor=world.manager, assessment=other_assessment, to="released")
    client.force_login(world.factory_user)
    url = "/api/compliance/improvement-actions/"
    foreign = client.post(url, _action(world, assessment=other_assessment.pk), content_type=JSON)
    missing = client.post(url, _action(world, assessment=999_999), content_type=JSON)
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["extra"]["fields"].keys() == {"assessment"}
    assert foreign.json()["message"] == missing.json()["message"]
    assert not ImprovementAction.objects.filter(assessment=other_assessment).exists()
    # Its own released assessment is accepted.
    own = client.post(url, _action(world, assessment=world.assessment.pk), content_type=JSON)
    assert own.status_code == 201, own.content
    # An administrator sees both, and the service still refuses the mix.
    client.force_login(world.admin)
    mixed = client.post(url, _action(world, assessment=other_assessment.pk), content_type=JSON)
    assert mixed.status_code == 400 and "assessment" in mixed.json()["extra"]["fields"]


def test_out_of_scope_objects_answer_like_missing_ones_on_reads_and_actions(
    client, world, other_assessment
):
    client.force_login(world.factory_user)
    for path in ("assessments/{}/", "assessments/{}/transition/", "assessments/{}/findings/"):
        method = client.get if path.endswith("/{}/") else client.post
        foreign = method(f"/api/compliance/{path.format(other_assessment.pk)}")
        missing = method(f"/api/compliance/{path.format(999_999)}")
        assert foreign.status_code == missing.status_code, path
        assert foreign.status_code in (403, 404) and foreign.json() == missing.json()


def test_a_float_id_is_refused_not_truncated(client, world):
    client.force_login(world.admin)
    for value in (world.factory.pk + 0.5, float(world.factory.pk), True, f"{world.factory.pk}.0"):
        response = client.post(
            "/api/compliance/progress-reports/",
            {"factory": value, "period_end": "2024-06-30", "summary": "On track."},
            content_type=JSON,
        )
        assert response.status_code == 400, (value, response.content)
        assert "factory" in response.json()["extra"]["fields"]
    assert not ProgressReport.objects.exists()


def test_text_fields_have_a_maximum_length(client, world):
    client.force_login(world.factory_user)
    url = "/api/compliance/progress-reports/"
    body = {"factory": world.factory.pk, "period_end": "2024-06-30"}
    response = client.post(url, {**body, "summary": "x" * 1_000_000}, content_type=JSON)
    assert response.status_code == 400
    assert "summary" in response.json()["extra"]["fields"]
    assert not ProgressReport.objects.exists()
    response = client.post(url, {**body, "summary": "x" * LONG_TEXT_MAX}, content_type=JSON)
    assert response.status_code == 201, response.content[:300]
    # The service refuses it too (pages and imports go through it).
    with pytest.raises(ValidationError):
        services.progress_report_create(
            actor=world.factory_user,
            factory=world.factory,
            period_end=datetime.date(2024, 7, 31),
            summary="x" * (LONG_TEXT_MAX + 1),
        )


def test_the_schema_shows_the_text_limits(client, db):
    schema = yaml.safe_load(client.get("/api/schema/").content)["components"]["schemas"]
    assert schema["ProgressReportRequest"]["properties"]["summary"]["maxLength"] == LONG_TEXT_MAX
    assert schema["ImprovementActionRequest"]["properties"]["description"]["maxLength"]
    assert schema["FindingEntryRequest"]["properties"]["evidence"]["maxLength"]


def test_advisors_come_from_the_factorys_programme(client, world, make_user):
    outsider = make_user("enterprise_advisor", sex="M")  # in no programme
    with pytest.raises(ValidationError) as exc:
        services.assessment_create(
            actor=world.admin,
            factory=world.other,
            version=world.version,
            cycle=2,
            start_date=datetime.date(2024, 9, 1),
            advisors=[world.advisor, outsider],
        )
    assert "advisors" in exc.value.message_dict
    client.force_login(world.advisor)
    response = client.post(
        "/api/compliance/assessments/",
        {
            "factory": world.other.pk,
            "version": world.version.pk,
            "cycle": 2,
            "start_date": "2024-09-01",
            "advisors": [world.advisor.pk, outsider.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 400 and "advisors" in response.json()["extra"]["fields"]


def test_a_factory_belongs_to_a_factory_organisation_and_stays_in_scope(world):
    buyer_org = Organisation.objects.create(name="A brand", kind="buyer")
    with pytest.raises(ValidationError) as exc:
        services.factory_create(
            actor=world.manager, name="Gamma", country=world.country, organisation=buyer_org
        )
    assert "organisation" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.factory_update(actor=world.manager, factory=world.other, organisation=buyer_org)
    # A programme manager cannot move a factory into a country outside their programmes.
    elsewhere = MemberState.objects.exclude(pk=world.country.pk).first()
    with pytest.raises(PermissionDenied):
        services.factory_update(actor=world.manager, factory=world.other, country=elsewhere)
    world.other.refresh_from_db()
    assert world.other.country_id == world.country.pk


def test_filters_by_a_related_id_reveal_nothing_and_refuse_repeats(client, world):
    client.force_login(world.other_factory_user)
    url = "/api/compliance/improvement-actions/"
    foreign = client.get(url, {"factory": world.factory.pk})
    missing = client.get(url, {"factory": 999_999})
    assert foreign.status_code == missing.status_code == 200
    assert foreign.json() == missing.json() and foreign.json()["count"] == 0
    assert client.get(url, {"factory": "1.5"}).status_code == 400
    response = client.get(f"{url}?factory=1&factory=2")
    assert response.status_code == 400 and "factory" in response.json()["extra"]["fields"]
    assert client.get(f"{url}?page=1&page=2").status_code == 400
