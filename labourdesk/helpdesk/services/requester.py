"""The requester's side: a question from the web form or a partner site, the acknowledgement
with the private link, follow-ups through that link, revoking it, and pseudonymisation."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from labourdesk.core.audit import audit_record
from labourdesk.helpdesk.models import Case, CaseEvent, Inquiry, OutboundMessage
from labourdesk.helpdesk.services.common import require_helpdesk
from labourdesk.helpdesk.services.intake import inquiry_receive
from labourdesk.helpdesk.services.outbound import masked_private_link, outbound_queue

SUBJECT_LENGTH = 120


@dataclass(frozen=True)
class Question:
    """A question as a requester submits it (already validated by a form or serializer)."""

    question: str
    name: str
    email: str
    organisation: str = ""
    user_type: object = None
    country: object = None
    sector: object = None
    language: str = "en"


def _subject_of(question: str) -> str:
    line = next((ln.strip() for ln in question.splitlines() if ln.strip()), "")
    return line[:SUBJECT_LENGTH]


@transaction.atomic
def inquiry_submit(
    *, actor, question: Question, channel: str = Inquiry.Channel.WEB, submission_key: str = ""
) -> Inquiry:
    """Store a question (web form or partner API) and acknowledge it once, with a private link.

    A double submit with the same `submission_key` returns the first inquiry and sends nothing.
    """
    payload = {
        "question": question.question,
        "name": question.name,
        "email": question.email,
        "organisation": question.organisation,
        "user_type": getattr(question.user_type, "code", None),
        "country": getattr(question.country, "iso2", None),
        "sector": getattr(question.sector, "code", None),
        "language": question.language,
    }
    if submission_key:
        existing = Inquiry.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    inquiry = inquiry_receive(
        channel=channel,
        body_text=question.question,
        from_email=question.email,
        from_name=question.name,
        subject=_subject_of(question.question),
        raw=json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass"),
        language=question.language,
        case_defaults={
            "requester_organisation": question.organisation[:300],
            "requester_country": question.country,
            "user_type": question.user_type,
        },
        actor=actor,
        submission_key=submission_key,
    )
    case = inquiry.case
    if question.sector is not None and not case.sectors.exists():
        case.sectors.add(question.sector)
    if case.acknowledged_at is None:
        case_acknowledge(actor=actor, case=case)
    return inquiry


@transaction.atomic
def case_acknowledge(*, actor, case: Case) -> OutboundMessage:
    """Send the acknowledgement with a fresh private link (the previous link stops working).

    The stored message holds the link masked; the token is issued when the e-mail is built
    (services/outbound.py), so it exists only in the e-mail and as a hash on the case.
    """
    case.acknowledged_at = case.acknowledged_at or timezone.now()
    case.save(update_fields=["acknowledged_at", "updated_at"])
    with translation.override(case.language or settings.LANGUAGE_CODE):
        subject = _("Your question to the ILO Helpdesk for Business")
        body = "\n\n".join(
            [
                _("Thank you for your question. The Helpdesk has received it (reference %(ref)s).")
                % {"ref": case.reference},
                _(
                    "Experts of the International Labour Office will answer you by e-mail, free "
                    "of charge and in confidence."
                ),
                _("You can read your exchange with the Helpdesk and write again here:"),
                masked_private_link(case),
                _("Keep this link private: anyone who has it can read your exchange."),
            ]
        )
    return outbound_queue(
        case=case,
        kind=OutboundMessage.Kind.ACKNOWLEDGEMENT,
        to_email=case.requester_email,
        subject=subject,
        body_text=body,
        actor=actor,
    )


def requester_status(case: Case) -> str:
    """Where the case stands, in the words a requester understands (the private page)."""
    S = Case.Status
    if case.status == S.CLOSED:
        return _("Your case is closed. If you write again below, the Helpdesk will reopen it.")
    if case.status in {S.SENT, S.AWAITING_REQUESTER}:
        return _(
            "The Helpdesk has answered you by e-mail. You can reply to that e-mail or write "
            "again below."
        )
    if case.status == S.NEW:
        return _("The Helpdesk has received your question and will look at it soon.")
    return _("Experts of the Helpdesk are preparing the answer to your question.")


def case_for_token(token: str) -> Case:
    """The case of a private link, or 404 (a wrong, revoked or pseudonymised link)."""
    if not token or len(token) > 100:
        raise Http404
    case = Case.objects.filter(access_token_hash=Case.hash_token(token)).first()
    if case is None or case.pseudonymised_at is not None:
        raise Http404
    return case


@transaction.atomic
def case_follow_up(*, case: Case, body_text: str, submission_key: str = "") -> Inquiry:
    """A follow-up written through the private link joins the case (and reopens it)."""
    inquiry = inquiry_receive(
        channel=Inquiry.Channel.WEB,
        body_text=body_text,
        from_email=case.requester_email,
        from_name=case.requester_name,
        subject=f"{case.subject} {case.subject_tag}",
        raw=json.dumps({"follow_up": body_text}, ensure_ascii=False).encode(
            "utf-8", "surrogatepass"
        ),
        case=case,
        actor=None,
        submission_key=submission_key,
    )
    return inquiry


@transaction.atomic
def case_access_revoke(*, actor, case: Case) -> Case:
    """The private link stops working at once (a lost or forwarded link)."""
    require_helpdesk(actor)
    case.access_token_hash = ""
    case.save(update_fields=["access_token_hash", "updated_at"])
    CaseEvent.objects.create(
        case=case, actor=actor, kind="link_revoked", from_status=case.status, to_status=case.status
    )
    audit_record(actor=actor, action="case.link_revoked", target=case)
    return case


PSEUDONYM = "[pseudonymised]"


@transaction.atomic
def case_pseudonymise(*, actor, case: Case) -> Case:
    """Remove who asked, keep what was asked about.

    The classification, admission and dates stay (statistics need them); the requester's name,
    e-mail, organisation and the raw messages go, and their name and e-mail are blanked out of
    the texts. Inquiries are immutable to the application, so this one sanctioned rewrite goes
    through the queryset.
    """
    secrets_ = [s for s in (case.requester_name, case.requester_email) if s and len(s) > 2]

    def scrub(text: str) -> str:
        for value in secrets_:
            text = text.replace(value, PSEUDONYM)
        return text

    for inquiry in case.inquiries.all():
        Inquiry.objects.filter(pk=inquiry.pk).update(
            from_name="",
            from_email="",
            raw=b"",
            body_html="",
            body_text=scrub(inquiry.body_text),
            subject=scrub(inquiry.subject),
        )
    for message in case.outbound_messages.all():
        OutboundMessage.objects.filter(pk=message.pk).update(
            to_email="", body_text=scrub(message.body_text), body_html=""
        )
    case.requester_name = ""
    case.requester_email = ""
    case.requester_organisation = ""
    case.subject = scrub(case.subject)
    case.access_token_hash = ""
    case.pseudonymised_at = timezone.now()
    case.save(
        update_fields=[
            "requester_name",
            "requester_email",
            "requester_organisation",
            "subject",
            "access_token_hash",
            "pseudonymised_at",
            "updated_at",
        ]
    )
    audit_record(actor=actor, action="case.pseudonymised", target=case)
    return case
