"""Delivery of outgoing messages through Django's mail API (SMTP in production)."""

from django.core.mail import EmailMultiAlternatives
from django.utils import timezone
from django_tasks import task

from labourdesk.helpdesk.models import OutboundMessage


def _angle(message_id: str) -> str:
    return f"<{message_id}>" if message_id else ""


@task(queue_name="mail")
def deliver_outbound(outbound_id: int) -> str:
    message = OutboundMessage.objects.select_related("case").get(pk=outbound_id)
    if message.status == OutboundMessage.Status.SENT:
        return "already sent"
    headers = {"Message-ID": _angle(message.message_id), "Auto-Submitted": "no"}
    if message.in_reply_to:
        headers["In-Reply-To"] = _angle(message.in_reply_to)
    if message.references:
        headers["References"] = " ".join(_angle(r) for r in message.references.split())
    email = EmailMultiAlternatives(
        subject=message.subject, body=message.body_text, to=[message.to_email], headers=headers
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    message.attempts += 1
    email.send()
    message.status = OutboundMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["status", "sent_at", "attempts", "last_error"])
    return "sent"
