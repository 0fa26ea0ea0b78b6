"""A department's e-mail answer to a consultation is recorded as that consultation's answer, in
the thread as internal, and never treated as the requester writing again."""

import datetime

import pytest
from django.test import Client

from labourdesk.helpdesk.models import Case, Inquiry, OutboundMessage
from labourdesk.helpdesk.services import consultations, drafts, workflow
from labourdesk.helpdesk.services.intake import inquiry_receive
from labourdesk.helpdesk.tests.conftest import ask

S = Case.Status
DEPT = "working-time.dept@example.org"
pytestmark = pytest.mark.django_db


def _consulting(expert, email=DEPT):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    consultation = consultations.consultation_request(
        actor=expert,
        case=case,
        question="Which hours-of-work instruments apply?",
        due_date=datetime.date.today() + datetime.timedelta(days=5),
        consultee_email=email,
    )
    case.refresh_from_db()
    return case, consultation


def _sent(case, expert, manager):
    """Draft, clear and send while the consultation is still open."""
    draft = drafts.draft_save(actor=expert, case=case, body_markdown="Hours of work: see C001.")
    drafts.draft_submit(actor=expert, draft=draft)
    drafts.draft_clear(actor=manager, draft=draft)
    workflow.case_send(actor=expert, case=Case.objects.get(pk=case.pk))
    return Case.objects.get(pk=case.pk)


def _department_reply(case, *, from_email=DEPT, by_tag=False, body="C001 and C030 apply."):
    request = OutboundMessage.objects.get(case=case, kind="consultation")
    return inquiry_receive(
        channel=Inquiry.Channel.EMAIL,
        body_text=body,
        from_email=from_email,
        from_name="Working time department",
        subject=f"Re: {request.subject}",
        message_id=f"<dept-{case.pk}-{from_email}@example.org>",
        in_reply_to="" if by_tag else f"<{request.message_id}>",
    )


@pytest.mark.parametrize("by_tag", [False, True], ids=["same-thread", "case-tag"])
def test_department_answer_is_recorded_on_the_consultation(expert, by_tag):
    case, consultation = _consulting(expert)
    inquiry = _department_reply(case, from_email="Working-Time.Dept@Example.org", by_tag=by_tag)

    assert isinstance(inquiry, Inquiry)
    assert inquiry.case == case and inquiry.consultation == consultation and inquiry.is_internal
    consultation.refresh_from_db()
    assert consultation.answer == "C001 and C030 apply."
    assert consultation.answered_at is not None
    case.refresh_from_db()
    assert case.status == S.IN_CONSULTATION  # not reopened, not moved
    kinds = list(case.events.values_list("kind", flat=True))
    assert "consultation_answered" in kinds
    assert "follow_up" not in kinds and "reopened" not in kinds
    event = case.events.get(kind="consultation_answered")
    assert event.details == {"consultation": consultation.pk, "inquiry": inquiry.pk}


def test_department_answer_after_the_reply_does_not_reopen(expert, manager):
    case, consultation = _consulting(expert)
    case = _sent(case, expert, manager)
    workflow.case_await_requester(actor=expert, case=case)

    _department_reply(case)
    case.refresh_from_db()
    assert case.status == S.AWAITING_REQUESTER
    assert case.awaiting_since is not None  # the requester's clock is still stopped
    consultation.refresh_from_db()
    assert consultation.answered_at is not None


def test_the_requester_writing_on_the_thread_still_reopens(expert, manager):
    case, consultation = _consulting(expert)
    case = _sent(case, expert, manager)

    inquiry = _department_reply(case, from_email=case.requester_email, body="One more question")
    assert inquiry.consultation is None
    case.refresh_from_db()
    assert case.status == S.ASSIGNED
    assert case.events.last().kind == "reopened"
    consultation.refresh_from_db()
    assert consultation.answered_at is None


def test_an_answered_consultation_or_another_sender_is_a_follow_up(expert):
    case, consultation = _consulting(expert)
    consultations.consultation_answer(actor=expert, consultation=consultation, answer="By phone.")
    inquiry = _department_reply(case)
    assert inquiry.consultation is None
    assert case.events.last().kind == "follow_up"
    other = _department_reply(case, from_email="someone.else@example.org")
    assert other.consultation is None


def test_a_colleague_consulted_as_a_user_can_answer_by_mail(expert, manager):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    manager.email = "colleague@example.org"
    manager.save(update_fields=["email"])
    consultation = consultations.consultation_request(
        actor=expert,
        case=case,
        question="Input?",
        due_date=datetime.date.today(),
        consultee=manager,
    )
    inquiry = _department_reply(case, from_email="colleague@example.org")
    assert inquiry.consultation == consultation


def test_department_answer_stays_off_the_private_page_and_thread_headers(expert):
    case, _consultation = _consulting(expert)
    _department_reply(case, body="INTERNAL department view")
    token = case.new_access_token()
    case.save(update_fields=["access_token_hash"])
    html = Client().get(f"/en/helpdesk/c/{token}/").content.decode()
    assert "INTERNAL department view" not in html
    from labourdesk.helpdesk.services.outbound import thread_headers

    _in_reply_to, references = thread_headers(case)
    assert not any(ref.startswith("dept-") for ref in references)


def test_staff_case_page_marks_the_answer_internal(expert, client):
    case, _consultation = _consulting(expert)
    _department_reply(case)
    client.force_login(expert)
    html = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    assert "Internal: consultation answer" in html
