"""Outgoing e-mail about a case: recorded through mail (the transport), delivered after commit.

The helpdesk writes the bodies; mail stores and delivers them. What mail stores never carries
the requester's private link: the body holds the masked link (`…/c/••••/`) and the helpdesk's
personaliser (`personalise`, registered with mail in apps.py) issues the link when the e-mail
is built, just before sending. A fresh token then replaces the previous one (the link in the
newest e-mail is the one that works), so only its hash is ever stored. The trade-off: a
delivery retried after an error the relay reported late (the message did arrive) issues
another token, and the link in the first copy stops working; the requester's newest e-mail
always holds a working one, and staff can send a fresh link.
"""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.crypto import get_random_string

from labourdesk.core.tasks import enqueue_on_commit
from labourdesk.helpdesk.models import Case, Inquiry, OutboundMessage

PERSONALISER = "helpdesk"
TOKEN_MASK = "••••"  # noqa: S105 (the mask shown instead of a token, not a secret)


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


_SENTINEL = "TOKEN"


def private_link(case: Case, token: str) -> str:
    # Reversed with a sentinel and filled in, so that the mask's dots are not percent-encoded.
    with translation.override(case.language or settings.LANGUAGE_CODE):
        path = reverse("helpdesk:private_case", kwargs={"token": _SENTINEL})
    head, _sep, tail = path.rpartition(_SENTINEL)
    return f"{site_url()}{head}{token}{tail}"


def masked_private_link(case: Case) -> str:
    """The private link as staff pages and stored mail show it: the token replaced by dots."""
    return private_link(case, TOKEN_MASK)


def new_message_id(case: Case) -> str:
    return f"{case.reference.lower()}.{get_random_string(16).lower()}@{settings.SITE_DOMAIN}"


def thread_headers(case: Case) -> tuple[str, list[str]]:
    """In-Reply-To and References for a message we add to the case's thread."""
    ids = [
        # A department's answer stays out of the requester's thread headers.
        *Inquiry.objects.filter(case=case, consultation__isnull=True)
        .exclude(message_id="")
        .values_list("received_at", "message_id"),
        *case.outbound_messages.values_list("created_at", "message_id"),
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
    """Record an e-mail about the case and deliver it once the transaction commits."""
    from labourdesk.mail.tasks import deliver_outbound

    if case.subject_tag not in subject:
        subject = f"{subject} {case.subject_tag}".strip()
    with transaction.atomic():
        in_reply_to, references = thread_headers(case)
        message = OutboundMessage(
            regarding=case,
            kind=kind,
            to_email=to_email,
            subject=subject[:998],
            body_text=body_text,
            body_html=body_html,
            language=language or case.language,
            personaliser=PERSONALISER,
            message_id=new_message_id(case),
            in_reply_to=in_reply_to,
            references=" ".join(references),
            created_by=actor if actor and actor.pk else None,
        )
        message.full_clean()
        message.save()
        enqueue_on_commit(deliver_outbound, message.pk)
    return message


def _issue_private_link(case: Case) -> str:
    """A fresh token for the case (the hash saved at once), as a link. Only the e-mail holds it."""
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        token = locked.new_access_token()
        locked.save(update_fields=["access_token_hash", "updated_at"])
    return private_link(case, token)


def personalise(message: OutboundMessage, text: str, html: str) -> tuple[str, str]:
    """Mail's personaliser for helpdesk messages: the private link and the thread footer."""
    case = message.regarding
    if not isinstance(case, Case):
        return text, html
    masked = masked_private_link(case)
    if (masked in text or masked in html) and case.pseudonymised_at is None:
        real = _issue_private_link(case)
        text, html = text.replace(masked, real), html.replace(masked, real)
    language = message.language or case.language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"case": case, "message": message, "body_text": text, "body_html": html}
        text = render_to_string("helpdesk/email/outbound.txt", context)
        html = render_to_string("helpdesk/email/outbound.html", context)
    return text, html
