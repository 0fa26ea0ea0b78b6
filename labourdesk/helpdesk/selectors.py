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
