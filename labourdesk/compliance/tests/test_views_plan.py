"""Progress reports, advisory visits, action status and verification on the improvement plan."""

import pytest

from labourdesk.compliance import services
from labourdesk.compliance.models import AdvisoryVisit, ImprovementAction, ProgressReport
from labourdesk.compliance.tests.builders import release


@pytest.fixture
def plan(world):
    release(world)
    world.action = services.improvement_action_create(
        actor=world.advisor,
        factory=world.factory,
        assessment=world.assessment,
        compliance_point=world.version.questions.first().compliance_point,
        description="Fix the fire exits",
    )
    world.url = f"/en/compliance/factories/{world.factory.pk}/plan/"
    return world


def test_advisor_records_a_progress_report_and_a_visit(client, plan):
    client.force_login(plan.advisor)
    html = client.get(plan.url).content.decode()
    assert 'for="id_progress-period_end"' in html and 'for="id_visit-date"' in html
    response = client.post(
        plan.url,
        {"add_progress": "", "progress-period_end": "2025-06-30", "progress-summary": "Half done"},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(factory=plan.factory)
    assert (report.summary, report.author) == ("Half done", plan.advisor)
    response = client.post(
        plan.url, {"add_visit": "", "visit-date": "2025-07-01", "visit-notes": "Exits cleared"}
    )
    assert response.status_code == 302
    visit = AdvisoryVisit.objects.get(factory=plan.factory)
    assert (visit.notes, visit.advisor) == ("Exits cleared", plan.advisor)
    page = client.get(plan.url).content.decode()
    assert "Half done" in page and "Exits cleared" in page


@pytest.mark.parametrize(
    "data,field",
    [
        (
            {"add_progress": "", "progress-period_end": "31/02/2025", "progress-summary": "x"},
            "progress-period_end",
        ),
        (
            {"add_progress": "", "progress-period_end": "2025-06-30", "progress-summary": ""},
            "progress-summary",
        ),
        ({"add_visit": "", "visit-date": ""}, "visit-date"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_nothing_written(client, plan, data, field):
    client.force_login(plan.advisor)
    response = client.post(plan.url, data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not ProgressReport.objects.exists() and not AdvisoryVisit.objects.exists()


def test_factory_user_records_progress_but_not_visits(client, plan):
    client.force_login(plan.factory_user)
    html = client.get(plan.url).content.decode()
    assert 'id="id_progress-summary"' in html and 'id="id_visit-date"' not in html
    response = client.post(plan.url, {"add_visit": "", "visit-date": "2025-07-01"})
    assert response.status_code == 403
    assert not AdvisoryVisit.objects.exists()


@pytest.mark.parametrize("who", ["other_factory_user", "buyer_user"])
def test_outsiders_get_404_and_write_nothing(client, plan, who):
    client.force_login(getattr(plan, who))
    data = {"add_progress": "", "progress-period_end": "2025-06-30", "progress-summary": "x"}
    assert client.get(plan.url).status_code == 404
    assert client.post(plan.url, data).status_code == 404
    assert not ProgressReport.objects.exists()


def test_factory_user_updates_status_and_an_advisor_verifies(client, plan):
    client.force_login(plan.factory_user)
    html = client.get(plan.url).content.decode()
    assert 'name="set_status"' in html and 'name="verify"' not in html
    response = client.post(plan.url, {"action_id": plan.action.pk, "set_status": "completed"})
    assert response.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.status == "completed" and plan.action.verified_at is None
    # The factory cannot verify its own action: the service refuses.
    assert client.post(plan.url, {"action_id": plan.action.pk, "verify": ""}).status_code == 403
    plan.action.refresh_from_db()
    assert plan.action.verified_by is None

    client.force_login(plan.advisor)
    assert 'name="verify"' in client.get(plan.url).content.decode()
    response = client.post(plan.url, {"action_id": plan.action.pk, "verify": ""})
    assert response.status_code == 302
    plan.action.refresh_from_db()
    assert plan.action.verified_by == plan.advisor and plan.action.verified_at


def test_bad_status_and_early_verification_are_refused(client, plan):
    client.force_login(plan.factory_user)
    response = client.post(plan.url, {"action_id": plan.action.pk, "set_status": "done-ish"})
    assert response.status_code == 400
    client.force_login(plan.advisor)
    response = client.post(plan.url, {"action_id": plan.action.pk, "verify": ""})
    assert response.status_code == 400
    assert "Only a completed action can be verified." in response.content.decode()
    plan.action.refresh_from_db()
    assert (plan.action.status, plan.action.verified_by) == ("pending", None)


def test_an_action_of_another_factory_is_refused(client, plan):
    other = services.improvement_action_create(
        actor=plan.advisor,
        factory=plan.other,
        compliance_point=plan.action.compliance_point,
        description="Elsewhere",
    )
    client.force_login(plan.factory_user)
    response = client.post(plan.url, {"action_id": other.pk, "set_status": "completed"})
    assert response.status_code == 400
    assert "This action is not in this plan." in response.content.decode()
    assert ImprovementAction.objects.get(pk=other.pk).status == "pending"
