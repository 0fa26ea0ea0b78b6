"""Reminders to assignees of overdue cases (at most one a day per case)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.core.audit import audit_record
from labourdesk.helpdesk.models import Case, OutboundMessage
from labourdesk.helpdesk.selectors import overdue_q
from labourdesk.helpdesk.services.outbound import outbound_queue

REMIND_EVERY = timedelta(days=1)


def cases_to_remind(now=None):
    now = now or timezone.now()
    return (
        Case.objects.filter(overdue_q(now), assignee__isnull=False)
        .exclude(assignee__email="")
        .exclude(last_reminded_at__gt=now - REMIND_EVERY)
        .select_related("assignee")
    )


def overdue_remind(*, now=None) -> int:
    """Queue one reminder per overdue, assigned case; returns how many were queued."""
    now = now or timezone.now()
    count = 0
    for case in cases_to_remind(now):
        with transaction.atomic():
            outbound_queue(
                case=case,
                kind=OutboundMessage.Kind.NOTIFICATION,
                to_email=case.assignee.email,
                subject=_("Overdue Helpdesk case"),
                body_text=_("The case %(ref)s assigned to you is overdue.")
                % {"ref": case.reference},
            )
            Case.objects.filter(pk=case.pk).update(last_reminded_at=now)
            audit_record(actor=None, action="case.reminded", target=case)
        count += 1
    return count
