"""The helpdesk's side of mail: what an accepted message becomes, and what a failed delivery
means for a case. Registered with mail (the transport beneath) in HelpdeskConfig.ready().

Mail calls these; it never imports the helpdesk. Why this direction: mail is a transport that
could serve another app (notifications, consultations outside the helpdesk), and the helpdesk
needs mail, not the other way round. With mail below, each app reads and changes on its own
and the import graph has no cycle.
"""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from labourdesk.core.tasks import enqueue_on_commit
from labourdesk.helpdesk.models import Case, CaseEvent, Inquiry
from labourdesk.helpdesk.services.intake import inquiry_receive


def receive_mail(*, mail, parsed, actor=None) -> Inquiry:
    """Mail's inbound receiver: an accepted (or released) message becomes an Inquiry.

    A new case opened by mail gets its acknowledgement (with the private link) from a task once
    everything is committed; released mail never triggers one (staff decided on it).
    """
    body_text = parsed.text
    if not body_text.strip():
        names = ", ".join(a.name or a.content_type for a in parsed.attachments)
        body_text = (
            _("(No text. Attachments: %(names)s)") % {"names": names} if names else _("(No text.)")
        )
    inquiry = inquiry_receive(
        channel=Inquiry.Channel.EMAIL,
        body_text=body_text,
        body_html=parsed.html,
        from_email=parsed.from_email,
        from_name=parsed.from_name,
        subject=parsed.subject,
        raw=bytes(mail.raw),
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        received_at=mail.received_at,
        actor=actor,
        inbound_mail=mail,
    )
    if actor is None:
        _acknowledge_new_case(inquiry)
    return inquiry


def _acknowledge_new_case(inquiry: Inquiry) -> None:
    """It runs as a task so the poller's path stays short (the acknowledgement is a third of
    the work per message); `mail_case_acknowledge` checks again that the case has none yet."""
    if not getattr(settings, "MAIL_ACKNOWLEDGE", True):
        return
    case = inquiry.case
    if case.acknowledged_at is None and case.requester_email:
        from labourdesk.helpdesk.tasks import acknowledge_case

        enqueue_on_commit(acknowledge_case, case.pk)


def mail_case_acknowledge(*, case_id: int) -> bool:
    """Send the helpdesk's acknowledgement for a case opened by mail, unless it has one."""
    from labourdesk.helpdesk.services.requester import case_acknowledge

    with transaction.atomic():
        case = Case.objects.select_for_update().filter(pk=case_id).first()
        if case is None or case.acknowledged_at or not case.requester_email:
            return False
        case_acknowledge(actor=None, case=case)
    return True


def record_delivery_failure(sender, *, message, **kwargs) -> None:
    """Listener of mail's `delivery_failed`: the case history shows it to whoever opens it."""
    case = message.regarding
    if not isinstance(case, Case):
        return
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.DELIVERY_FAILED,
        from_status=case.status,
        to_status=case.status,
        note=message.last_error,
        details={"outbound": message.pk, "attempts": message.attempts},
    )
