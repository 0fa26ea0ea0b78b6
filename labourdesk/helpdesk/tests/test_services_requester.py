"""Pseudonymisation of old cases and reminders of overdue ones."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from labourdesk.core.audit import audit_trail
from labourdesk.helpdesk.models import Case, Inquiry
from labourdesk.helpdesk.services import workflow
from labourdesk.helpdesk.services.reminders import overdue_remind
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = pytest.mark.django_db


def test_pseudonymise_old_closed_cases_only(reference_data, expert):
    old = ask("My name is Ana Requester, how do I apply C087?", name="Ana Requester")
    recent = ask(name="Recent Person")
    for case in (old, recent):
        workflow.case_triage(actor=expert, case=case, admissible=True)
        workflow.case_classify(
            actor=expert, case=case, user_type=case.user_type, topics=[], language="en"
        )
        workflow.case_close(actor=expert, case=case)
    Case.objects.filter(pk=old.pk).update(closed_at=timezone.now() - timedelta(days=6 * 365))
    call_command("pseudonymise_requesters", "--years", "5", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.pseudonymised_at and not old.requester_email and not old.requester_name
    assert old.admitted_at and old.user_type  # the classification stays
    assert Case.objects.admissible().filter(pk=old.pk).exists()
    inquiry = Inquiry.objects.get(case=old)
    assert inquiry.from_email == "" and "Ana Requester" not in inquiry.body_text
    assert bytes(inquiry.raw) == b""
    assert recent.requester_name == "Recent Person" and recent.pseudonymised_at is None
    assert audit_trail(old).filter(action="case.pseudonymised").exists()


def test_overdue_assignee_is_reminded_once_a_day(
    reference_data, expert, mailoutbox, django_capture_on_commit_callbacks
):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    assert overdue_remind() == 0
    Case.objects.filter(pk=case.pk).update(answer_due_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_remind() == 1
    assert overdue_remind() == 0  # not again today
    assert any(m.to == [expert.email] and case.reference in m.body for m in mailoutbox)


def test_awaiting_requester_is_never_overdue(reference_data, expert):
    from labourdesk.helpdesk.selectors import case_is_overdue

    case = ask()
    Case.objects.filter(pk=case.pk).update(answer_due_at=timezone.now() - timedelta(hours=1))
    assert case_is_overdue(case)
    Case.objects.filter(pk=case.pk).update(status="awaiting_requester")
    assert not case_is_overdue(case)


def test_staff_queue_filters_and_view_is_audited(client, reference_data, expert):
    a = ask("Forced labour in cotton", language="fr")
    b = ask("Child labour question", language="en")
    Case.objects.filter(pk=b.pk).update(answer_due_at=timezone.now() - timedelta(hours=1))
    client.force_login(expert)
    html = client.get("/en/helpdesk/?q=cotton").content.decode()
    assert a.reference in html and b.reference not in html
    html = client.get("/en/helpdesk/?overdue=true").content.decode()
    assert b.reference in html and a.reference not in html
    html = client.get("/en/helpdesk/?language=fr&status=new").content.decode()
    assert a.reference in html and b.reference not in html
    assert client.get("/en/helpdesk/?status=bogus").status_code == 200
    client.get(f"/en/helpdesk/cases/{a.pk}/")
    assert audit_trail(a).filter(action="case.view", actor=expert).exists()


def test_staff_step_errors_show_beside_field(client, reference_data, expert):
    case = ask()
    client.force_login(expert)
    response = client.post(
        f"/en/helpdesk/cases/{case.pk}/triage/",
        {"admissible": "no", "reason": "", "note": "typed note"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the case is not admissible." in html and "typed note" in html
    response = client.post(f"/en/helpdesk/cases/{case.pk}/close/", {})
    assert response.status_code == 400 and "not possible" in response.content.decode()
