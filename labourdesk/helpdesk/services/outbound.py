"""Outgoing e-mail: recorded on the case, delivered by a task after commit."""

from django.conf import settings
from django.db import transaction
from django.utils.crypto import get_random_string

from labourdesk.core.tasks import enqueue_on_commit
from labourdesk.helpdesk.models import Case, Inquiry, OutboundMessage


def new_message_id(case: Case) -> str:
    return f"{case.reference.lower()}.{get_random_string(16).lower()}@{settings.SITE_DOMAIN}"


def thread_headers(case: Case) -> tuple[str, list[str]]:
    """In-Reply-To and References for a message we add to the case's thread."""
    ids = [
        # A department's answer stays out of the requester's thread headers.
        *Inquiry.objects.filter(case=case, consultation__isnull=True)
        .exclude(message_id="")
        .values_list("received_at", "message_id"),
        *OutboundMessage.objects.filter(case=case).values_list("created_at", "message_id"),
    ]
    ordered = [mid for _at, mid in sorted(ids)]
    return (ordered[-1] if ordered else ""), ordered[-20:]


def outbound_queue(
    *,
    case: Case,
    kind: str,
    to_email: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    language: str = "",
    actor=None,
) -> OutboundMessage:
    """Record an e-mail on the case and deliver it once the transaction commits."""
    from labourdesk.mail.tasks import deliver_outbound

    if case.subject_tag not in subject:
        subject = f"{subject} {case.subject_tag}".strip()
    with transaction.atomic():
        in_reply_to, references = thread_headers(case)
        message = OutboundMessage(
            case=case,
            kind=kind,
            to_email=to_email,
            subject=subject[:998],
            body_text=body_text,
            body_html=body_html,
            language=language or case.language,
            message_id=new_message_id(case),
            in_reply_to=in_reply_to,
            references=" ".join(references),
            created_by=actor if actor and actor.pk else None,
        )
        message.full_clean()
        message.save()
        enqueue_on_commit(deliver_outbound, message.pk)
    return message
