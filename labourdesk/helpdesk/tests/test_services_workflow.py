"""Every workflow transition, every illegal one refused, four eyes in the service."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from labourdesk.helpdesk.models import Case, CaseEvent, Draft, OutboundMessage
from labourdesk.helpdesk.services import consultations, drafts, workflow
from labourdesk.helpdesk.services.common import TRANSITIONS
from labourdesk.helpdesk.services.intake import inquiry_receive
from labourdesk.helpdesk.tests.conftest import ask

S = Case.Status
pytestmark = pytest.mark.django_db


def _to(case, status, expert, manager):
    """Walk a case along the happy path up to `status`."""
    order = [
        S.TRIAGED,
        S.ASSIGNED,
        S.DRAFTING,
        S.IN_CLEARANCE,
        S.CLEARED,
        S.SENT,
        S.AWAITING_REQUESTER,
        S.CLOSED,
    ]
    steps = {
        S.TRIAGED: lambda: workflow.case_triage(actor=expert, case=case, admissible=True),
        S.ASSIGNED: lambda: workflow.case_assign(actor=expert, case=case, assignee=expert),
        S.DRAFTING: lambda: drafts.draft_save(actor=expert, case=case, body_markdown="**Answer**"),
        S.IN_CLEARANCE: lambda: drafts.draft_submit(actor=expert, draft=case.drafts.last()),
        S.CLEARED: lambda: drafts.draft_clear(actor=manager, draft=case.drafts.last()),
        S.SENT: lambda: workflow.case_send(actor=expert, case=case),
        S.AWAITING_REQUESTER: lambda: workflow.case_await_requester(actor=expert, case=case),
        S.CLOSED: lambda: workflow.case_close(actor=expert, case=case),
    }
    if status == S.IN_CONSULTATION:
        _to(case, S.ASSIGNED, expert, manager)
        consultations.consultation_request(
            actor=expert,
            case=case,
            consultee=manager,
            question="Input?",
            due_date=__import__("datetime").date.today(),
        )
        case.refresh_from_db()
        return case
    for target in order:
        if status == S.NEW:
            break
        steps[target]()
        case.refresh_from_db()
        if target == status:
            break
    return case


def test_happy_path_records_every_transition(
    new_case, expert, manager, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        _to(new_case, S.CLOSED, expert, manager)
    kinds = list(new_case.events.values_list("kind", "to_status"))
    assert [k for k, _ in kinds] == [
        "opened",
        "triaged",
        "assigned",
        "draft_saved",
        "submitted_for_clearance",
        "cleared",
        "sent",
        "awaiting_requester",
        "closed",
    ]
    assert kinds[-1][1] == S.CLOSED
    assert new_case.closed_at is not None
    reply = new_case.outbound_messages.get(kind=OutboundMessage.Kind.REPLY)
    assert "<strong>Answer</strong>" in reply.body_html
    assert any("Answer" in m.body for m in mailoutbox if m.to == [new_case.requester_email])


def test_admitted_at_is_when_the_question_arrived(new_case, expert):
    first = new_case.inquiries.get()
    workflow.case_triage(actor=expert, case=new_case, admissible=True)
    new_case.refresh_from_db()
    assert new_case.admitted_at == first.received_at
    assert Case.objects.admissible().filter(pk=new_case.pk).exists()


@pytest.mark.parametrize("reason", Case.InadmissibleReason.values)
def test_inadmissible_case_is_closed_with_reason_and_never_counted(new_case, expert, reason):
    workflow.case_triage(actor=expert, case=new_case, admissible=False, reason=reason)
    new_case.refresh_from_db()
    assert (new_case.status, new_case.inadmissible_reason) == (S.CLOSED, reason)
    assert not Case.objects.admissible().filter(pk=new_case.pk).exists()


def test_inadmissible_needs_a_reason(new_case, expert):
    with pytest.raises(ValidationError, match="not admissible"):
        workflow.case_triage(actor=expert, case=new_case, admissible=False)
    new_case.refresh_from_db()
    assert new_case.status == S.NEW


STEP_CALLS = {
    "triage": lambda c, e, m: workflow.case_triage(actor=e, case=c, admissible=True),
    "assign": lambda c, e, m: workflow.case_assign(actor=e, case=c, assignee=e),
    "consult": lambda c, e, m: consultations.consultation_request(
        actor=e, case=c, consultee=m, question="?", due_date=__import__("datetime").date.today()
    ),
    "draft": lambda c, e, m: drafts.draft_save(actor=e, case=c, body_markdown="x"),
    "submit": lambda c, e, m: drafts.draft_submit(actor=e, draft=c.drafts.last() or Draft(case=c)),
    "clear": lambda c, e, m: drafts.draft_clear(actor=m, draft=c.drafts.last() or Draft(case=c)),
    "return": lambda c, e, m: drafts.draft_return(
        actor=m, draft=c.drafts.last() or Draft(case=c), comment="no"
    ),
    "send": lambda c, e, m: workflow.case_send(actor=e, case=c),
    "await": lambda c, e, m: workflow.case_await_requester(actor=e, case=c),
    "close": lambda c, e, m: workflow.case_close(actor=e, case=c),
}


@pytest.mark.parametrize("step", list(TRANSITIONS))
def test_illegal_transitions_are_refused(reference_data, expert, manager, step):
    """From every status the step does not start from, it is refused and nothing changes."""
    allowed, _target = TRANSITIONS[step]
    refused = [s for s in S.values if s not in allowed]
    assert refused
    for status in refused:
        case = _to(ask(), status, expert, manager)
        assert case.status == status
        events_before = CaseEvent.objects.filter(case=case).count()
        with pytest.raises(ValidationError) as excinfo:
            STEP_CALLS[step](case, expert, manager)
        case.refresh_from_db()
        assert case.status == status, (step, status)
        assert CaseEvent.objects.filter(case=case).count() == events_before
        assert "not possible" in " ".join(excinfo.value.messages) or step in {"clear", "return"}


def test_consultation_then_draft(new_case, expert, manager):
    case = _to(new_case, S.IN_CONSULTATION, expert, manager)
    c = case.consultations.get()
    consultations.consultation_answer(actor=manager, consultation=c, answer="Use C155.")
    with pytest.raises(ValidationError, match="answered already"):
        consultations.consultation_answer(actor=manager, consultation=c, answer="again")
    drafts.draft_save(actor=expert, case=case, body_markdown="Answer")
    case.refresh_from_db()
    assert case.status == S.DRAFTING


def test_consultation_by_email_to_department(
    new_case, expert, manager, mailoutbox, django_capture_on_commit_callbacks
):
    case = _to(new_case, S.ASSIGNED, expert, manager)
    with django_capture_on_commit_callbacks(execute=True):
        consultations.consultation_request(
            actor=expert,
            case=case,
            consultee_email="normes@ilo.example",
            question="Which C?",
            due_date=__import__("datetime").date.today(),
        )
    assert any(m.to == ["normes@ilo.example"] for m in mailoutbox)


def test_consultation_due_date_in_past_refused(new_case, expert, manager):
    import datetime

    case = _to(new_case, S.ASSIGNED, expert, manager)
    with pytest.raises(ValidationError) as exc:
        consultations.consultation_request(
            actor=expert,
            case=case,
            consultee=manager,
            question="?",
            due_date=datetime.date.today() - datetime.timedelta(days=1),
        )
    assert "due_date" in exc.value.error_dict


def test_four_eyes_author_cannot_clear_own_draft(new_case, expert, manager, manager2):
    workflow.case_triage(actor=manager, case=new_case, admissible=True)
    workflow.case_assign(actor=manager, case=new_case, assignee=manager)
    draft = drafts.draft_save(actor=manager, case=new_case, body_markdown="Mine")
    drafts.draft_submit(actor=manager, draft=draft)
    with pytest.raises(PermissionDenied, match="own draft"):
        drafts.draft_clear(actor=manager, draft=draft)
    drafts.draft_clear(actor=manager2, draft=draft)
    draft.refresh_from_db()
    assert draft.status == Draft.Status.CLEARED


def test_expert_cannot_clear(new_case, expert, manager):
    case = _to(new_case, S.IN_CLEARANCE, expert, manager)
    other = __import__("labourdesk.core.testing.actors", fromlist=["x"]).create_actor(
        "helpdesk_expert"
    )
    with pytest.raises(PermissionDenied):
        drafts.draft_clear(actor=other, draft=case.drafts.last())


def test_return_needs_comment_and_goes_back_to_drafting(new_case, expert, manager):
    case = _to(new_case, S.IN_CLEARANCE, expert, manager)
    with pytest.raises(ValidationError):
        drafts.draft_return(actor=manager, draft=case.drafts.last(), comment=" ")
    drafts.draft_return(actor=manager, draft=case.drafts.last(), comment="Cite C087.")
    case.refresh_from_db()
    assert case.status == S.DRAFTING
    assert case.events.last().note == "Cite C087."


def test_only_cleared_draft_can_be_sent_and_versions_diff(new_case, expert, manager):
    case = _to(new_case, S.DRAFTING, expert, manager)
    v2 = drafts.draft_save(actor=expert, case=case, body_markdown="**Answer**\nsecond line")
    assert v2.version == 2
    diff = drafts.draft_diff(case.drafts.get(version=1), v2)
    assert "+second line" in diff
    drafts.draft_submit(actor=expert, draft=v2)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        workflow.case_send(actor=expert, case=case)


def test_non_helpdesk_user_refused(new_case, make_user):
    outsider = make_user("content_editor")
    with pytest.raises(PermissionDenied):
        workflow.case_triage(actor=outsider, case=new_case, admissible=True)


def test_follow_up_reopens_and_clock_pauses(new_case, expert, manager):
    case = _to(new_case, S.AWAITING_REQUESTER, expert, manager)
    due_before = case.close_due_at
    inquiry_receive(
        channel="email",
        body_text="One more question",
        from_email=case.requester_email,
        subject=f"Re: {case.subject_tag}",
    )
    case.refresh_from_db()
    assert case.status == S.ASSIGNED
    assert case.close_due_at > due_before
    assert case.events.last().kind == "reopened"


def test_markdown_is_sanitised(new_case, expert, manager):
    case = _to(new_case, S.ASSIGNED, expert, manager)
    draft = drafts.draft_save(
        actor=expert,
        case=case,
        body_markdown="<script>alert(1)</script> [x](javascript:alert(1)) *ok*",
    )
    assert "<script" not in draft.body_html
    assert "javascript:" not in draft.body_html
    assert "<em>ok</em>" in draft.body_html


def test_every_change_is_audited(new_case, expert):
    from labourdesk.core.audit import audit_trail

    workflow.case_triage(actor=expert, case=new_case, admissible=True)
    assert audit_trail(new_case).filter(action="case.triaged").exists()
