"""Helpdesk reads: the staff queue, due and overdue cases, a case page (audited)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from labourdesk.core.audit import audit_record
from labourdesk.helpdesk.models import Case

OPEN_CLOCK = Q(
    status__in=[s for s in Case.Status.values if s not in ("closed", "awaiting_requester")]
)


def overdue_q(now=None) -> Q:
    """Cases past a target, with the clock running (not closed, not awaiting the requester)."""
    now = now or timezone.now()
    late_ack = Q(acknowledged_at__isnull=True, acknowledge_due_at__lt=now)
    late_answer = Q(first_answer_at__isnull=True, answer_due_at__lt=now)
    late_close = Q(close_due_at__lt=now)
    # Only admissible or untriaged cases have targets: inadmissible ones are closed.
    return OPEN_CLOCK & (late_ack | late_answer | late_close)


def acknowledgement_overdue_q(now=None) -> Q:
    now = now or timezone.now()
    return OPEN_CLOCK & Q(acknowledged_at__isnull=True, acknowledge_due_at__lt=now)


def due_soon_q(now=None, days: int = 3) -> Q:
    now = now or timezone.now()
    soon = now + timezone.timedelta(days=days)
    return OPEN_CLOCK & (
        Q(acknowledged_at__isnull=True, acknowledge_due_at__gte=now, acknowledge_due_at__lt=soon)
        | Q(first_answer_at__isnull=True, answer_due_at__gte=now, answer_due_at__lt=soon)
        | Q(close_due_at__gte=now, close_due_at__lt=soon)
    )


def case_queue(user) -> QuerySet[Case]:
    return (
        Case.objects.restrict(user, "view")
        .select_related("assignee", "user_type", "user_region")
        .prefetch_related("topics")
    )


def case_is_overdue(case: Case, now=None) -> bool:
    return Case.objects.filter(pk=case.pk).filter(overdue_q(now)).exists()


def case_get_for_view(*, user, pk: int) -> Case | None:
    """A case the user may see, with the viewing written to the audit log (confidentiality)."""
    case = case_queue(user).filter(pk=pk).first()
    if case is not None:
        audit_record(actor=user, action="case.view", target=case)
    return case


# --- What the case page offers -----------------------------------------------------------------


def _passes(check, **kwargs) -> bool:
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        check(**kwargs)
    except (ValidationError, PermissionDenied):
        return False
    return True


def case_steps_allowed(*, user, case: Case, latest_draft=None) -> frozenset[str]:
    """The workflow steps `user` may take on `case` now.

    The services' own `*_check` functions decide (status transitions, role permissions, four
    eyes), so the page never offers a step that the service would refuse, and a rule changed in
    a service changes the page with it. `latest_draft` saves a query when the caller has it.
    """
    from labourdesk.helpdesk.services import common, drafts, workflow

    def helpdesk(perm="helpdesk.change_case"):
        return _passes(common.require_helpdesk, actor=user, perm=perm)

    def step(name):
        return _passes(common.require_step, case=case, step=name)

    allowed = set()
    if _passes(workflow.case_triage_check, actor=user, case=case, admissible=True):
        allowed.add("triage")
    if _passes(workflow.case_classify_check, actor=user, case=case):
        allowed.add("classify")
    if helpdesk() and step("assign"):
        allowed.add("assign")
    if helpdesk("helpdesk.add_consultation") and step("consult"):
        allowed.add("consult")
    if helpdesk("helpdesk.add_note"):
        allowed.add("note")
    if _passes(drafts.draft_save_check, actor=user, case=case, body_markdown="-"):
        allowed.add("draft")
    if latest_draft is None:
        latest_draft = case.drafts.order_by("-version").first()
    if latest_draft is not None:
        if _passes(drafts.draft_submit_check, actor=user, draft=latest_draft):
            allowed.add("submit")
        if _passes(drafts.draft_review_check, actor=user, draft=latest_draft):
            allowed.update({"clear", "return"})
        if _passes(workflow.case_send_check, actor=user, case=case):
            allowed.add("send")
    if _passes(workflow.case_await_check, actor=user, case=case):
        allowed.add("await")
    if _passes(workflow.case_close_check, actor=user, case=case):
        allowed.add("close")
    if case.access_token_hash and helpdesk():
        allowed.add("revoke_link")
    return frozenset(allowed)


def cases_awaiting_clearance_by(user) -> QuerySet[Case]:
    """Cases in clearance that `user` may clear: a clearing role, and not the draft's author."""
    from labourdesk.helpdesk.models import Draft

    if not user.has_perm("helpdesk.clear_draft"):
        return Case.objects.none()
    own = Draft.objects.filter(status=Draft.Status.IN_CLEARANCE, author=user).values("case_id")
    return case_queue(user).filter(status=Case.Status.IN_CLEARANCE).exclude(pk__in=own)
