"""Mail work on the task queue: delivering what we send, polling the mailboxes.

Delivery retries with exponential backoff by enqueuing itself again with `run_after`, so a
retry survives a worker restart (it is a row in the queue, not a sleeping thread). After
`MAIL_DELIVERY_ATTEMPTS` attempts the message is marked failed, with the last error, and the
`delivery_failed` signal tells whoever listens (the helpdesk writes it into the case history):
a failed delivery is never silently dropped.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.html import linebreaks, urlize
from django_tasks import default_task_backend, task

from labourdesk.mail.models import OutboundMessage
from labourdesk.mail.receivers import delivery_failed, personaliser

logger = logging.getLogger(__name__)


def max_attempts() -> int:
    return int(getattr(settings, "MAIL_DELIVERY_ATTEMPTS", 6))


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... times the base delay (default one minute), capped at six hours."""
    base = int(getattr(settings, "MAIL_RETRY_BASE_SECONDS", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _angle(message_id: str) -> str:
    return f"<{message_id}>" if message_id else ""


def text_to_html(text: str) -> str:
    """An HTML part for a plain-text body: escaped, paragraphs and line breaks kept, and every
    web address a link."""
    return linebreaks(urlize(text, autoescape=True), autoescape=False)


def _personalise(message: OutboundMessage) -> tuple[str, str]:
    text, html = message.body_text, message.body_html
    if message.personaliser:
        text, html = personaliser(message.personaliser)(message, text, html)
    return text, html or text_to_html(text)


def build_email(message: OutboundMessage) -> EmailMultiAlternatives:
    """The e-mail for an OutboundMessage: threading headers, text and HTML parts.

    The message's personaliser (if any) fills in masked secrets and its footer here, in the
    e-mail only.
    """
    headers = {
        "Message-ID": _angle(message.message_id),
        # Our own loop marker: a copy of this message coming back to the mailbox is quarantined.
        "X-LabourDesk-Loop": settings.SITE_DOMAIN,
    }
    if message.kind == OutboundMessage.Kind.ACKNOWLEDGEMENT:
        headers["Auto-Submitted"] = "auto-replied"
    if message.in_reply_to:
        headers["In-Reply-To"] = _angle(message.in_reply_to)
    refs = message.references.split()
    if message.in_reply_to and message.in_reply_to not in refs:
        refs.append(message.in_reply_to)
    if refs:
        headers["References"] = " ".join(_angle(r) for r in refs)
    text, html = _personalise(message)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_email],
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    return email


def _record_failure(message: OutboundMessage, error: str) -> str:
    message.last_error = error[:2000]
    if message.attempts >= max_attempts():
        message.status = OutboundMessage.Status.FAILED
        message.next_attempt_at = None
        outcome = "failed"
    else:
        message.status = OutboundMessage.Status.RETRYING
        message.next_attempt_at = timezone.now() + retry_delay(message.attempts)
        if default_task_backend.supports_defer:
            run_after = message.next_attempt_at
            transaction.on_commit(
                lambda: deliver_outbound.using(run_after=run_after).enqueue(message.pk)
            )
        # Without a deferring backend (the immediate one in tests) the retry waits for the
        # next `retry_outbound` sweep instead of spinning.
        outcome = "retrying"
    message.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
    if outcome == "failed":
        # The helpdesk's listener writes it into the case history, in this transaction.
        delivery_failed.send(sender=OutboundMessage, message=message)
    return outcome


def _claim(outbound_id: int) -> OutboundMessage | None:
    """Take the message for one attempt, in a short transaction.

    The SMTP conversation happens outside any transaction (on SQLite a transaction is a
    database-wide write lock). `next_attempt_at` doubles as a lease: a second task for the same
    message (the sweep and a deferred retry) finds it not due and leaves it alone.
    """
    now = timezone.now()
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update().filter(pk=outbound_id).first()
        if message is None or message.status in {
            OutboundMessage.Status.SENT,
            OutboundMessage.Status.FAILED,
        }:
            return None
        if message.next_attempt_at and message.next_attempt_at > now + timedelta(seconds=5):
            return None
        message.attempts += 1
        lease = 2 * int(getattr(settings, "EMAIL_TIMEOUT", 30) or 30)
        message.next_attempt_at = now + timedelta(seconds=lease)
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


@task(queue_name="mail")
def deliver_outbound(outbound_id: int) -> str:
    message = _claim(outbound_id)
    if message is None:
        return "not due"
    try:
        build_email(message).send(fail_silently=False)
    except Exception as exc:  # SMTP refusals, timeouts, DNS: all are retried the same way
        logger.warning("delivery of outbound %s failed: %s", outbound_id, exc)
        with transaction.atomic():
            return _record_failure(message, f"{exc.__class__.__name__}: {exc}")
    message.status = OutboundMessage.Status.SENT
    message.sent_at = timezone.now()
    message.last_error = ""
    message.next_attempt_at = None
    message.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return "sent"


@task(queue_name="mail")
def retry_outbound() -> int:
    """Re-enqueue deliveries whose retry time has come (a safety net for lost queue rows)."""
    due = OutboundMessage.objects.filter(
        status__in=[OutboundMessage.Status.RETRYING, OutboundMessage.Status.QUEUED],
        # Well past due: the deferred task row was lost (a queue purge, a restore).
        next_attempt_at__lte=timezone.now() - timedelta(minutes=15),
    ).values_list("pk", flat=True)
    count = 0
    for pk in due:
        deliver_outbound.enqueue(pk)
        count += 1
    return count


@task(queue_name="mail")
def fetch_mail() -> list[str]:
    """Poll every configured mailbox once (settings.IMAP_URLS)."""
    from labourdesk.mail.imap import poll_configured

    return [str(result) for result in poll_configured()]
