"""Reads of the mail app."""

from django.db.models import QuerySet

from labourdesk.mail.models import InboundMail


def quarantine_list(user, *, reason: str = "") -> QuerySet[InboundMail]:
    """The quarantine queue the user may see, newest first, without the raw bytes."""
    qs = InboundMail.objects.restrict(user, "view").quarantined().defer("raw", "headers")
    if reason:
        qs = qs.filter(quarantine_reason=reason)
    return qs


def inbound_mail_get(user, pk: int) -> InboundMail:
    return (
        InboundMail.objects.restrict(user, "view")
        .prefetch_related("attachments")
        .select_related("decided_by")
        .get(pk=pk)
    )
