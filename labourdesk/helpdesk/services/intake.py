"""Intake: every message becomes an immutable Inquiry that opens or joins a Case.

Threading (SYSTEM.md): a message joins a case by In-Reply-To/References against the Message-IDs
we received and sent, then by the case tag in the subject (`[LD-123]`), never by subject alone.
"""

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from labourdesk.core.audit import audit_record
from labourdesk.helpdesk.models import Case, CaseEvent, Inquiry, OutboundMessage

CASE_TAG_RE = re.compile(r"\[LD-(\d+)\]")
_MSGID_RE = re.compile(r"<([^<>\s]+)>")


def normalise_message_id(value: str) -> str:
    """`<abc@host>` → `abc@host` (the form we store)."""
    value = (value or "").strip()
    match = _MSGID_RE.search(value)
    return match.group(1) if match else value.strip("<>")


def split_references(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        found = _MSGID_RE.findall(value)
        return found or [v for v in value.split() if v]
    return [normalise_message_id(v) for v in value if v]


def case_for_thread(*, in_reply_to: str, references: list[str], subject: str) -> Case | None:
    """The case a message belongs to, or None for a new one."""
    ids = [i for i in [normalise_message_id(in_reply_to), *reversed(references)] if i]
    if ids:
        ours = OutboundMessage.objects.filter(
            message_id__in=ids, regarding_type=ContentType.objects.get_for_model(Case)
        ).values_list("regarding_id", flat=True)
        theirs = Inquiry.objects.filter(message_id__in=ids).values_list("case_id", flat=True)
        case_ids = set(ours) | set(theirs)
        if case_ids:
            return Case.objects.filter(pk__in=case_ids).order_by("pk").first()
    match = CASE_TAG_RE.search(subject or "")
    if match:
        return Case.objects.filter(pk=int(match.group(1))).first()
    return None


def content_hash(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def inquiry_receive(
    *,
    channel: str,
    body_text: str,
    from_email: str = "",
    from_name: str = "",
    subject: str = "",
    body_html: str = "",
    raw: bytes = b"",
    message_id: str = "",
    in_reply_to: str = "",
    references: str | Iterable[str] = (),
    received_at: datetime | None = None,
    language: str = "",
    case_defaults: dict | None = None,
    case: Case | None = None,
    actor=None,
    submission_key: str = "",
    inbound_mail=None,
) -> Inquiry:
    """Store the message unchanged and open or join its case.

    `case` forces the case (a follow-up through the requester's private link). `case_defaults`
    sets fields of a new case (organisation, country, user type...). A message that joins a
    closed or waiting case reopens it. `submission_key` (a form's or API client's idempotency
    token) makes a double submit return the first inquiry instead of creating a second one.
    """
    if submission_key:
        existing = Inquiry.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    try:
        return _inquiry_receive(
            channel=channel,
            body_text=body_text,
            from_email=from_email,
            from_name=from_name,
            subject=subject,
            body_html=body_html,
            raw=raw,
            message_id=message_id,
            in_reply_to=in_reply_to,
            references=references,
            received_at=received_at,
            language=language,
            case_defaults=case_defaults,
            case=case,
            actor=actor,
            submission_key=submission_key,
            inbound_mail=inbound_mail,
        )
    except IntegrityError:
        # Two identical submissions raced: the unique key let only one in.
        if submission_key:
            existing = Inquiry.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise


def _inquiry_receive(
    *,
    channel,
    body_text,
    from_email,
    from_name,
    subject,
    body_html,
    raw,
    message_id,
    in_reply_to,
    references,
    received_at,
    language,
    case_defaults,
    case,
    actor,
    submission_key,
    inbound_mail,
) -> Inquiry:
    from labourdesk.helpdesk.models import ResponseTarget

    refs = split_references(references)
    received_at = received_at or timezone.now()
    with transaction.atomic():
        target = case or case_for_thread(in_reply_to=in_reply_to, references=refs, subject=subject)
        created = target is None
        if created:
            target = Case(
                subject=subject[:300],
                language=language,
                requester_name=from_name[:200],
                requester_email=from_email,
                acknowledge_due_at=received_at + ResponseTarget.delay("acknowledgement"),
                answer_due_at=received_at + ResponseTarget.delay("first_answer"),
                close_due_at=received_at + ResponseTarget.delay("closing"),
                **(case_defaults or {}),
            )
            target.full_clean(exclude=["access_token_hash"])
            target.save()
            CaseEvent.objects.create(
                case=target,
                actor=actor,
                kind="opened",
                to_status=target.status,
                details={"channel": channel},
            )
        inquiry = Inquiry(
            case=target,
            channel=channel,
            received_at=received_at,
            from_name=from_name[:200],
            from_email=from_email,
            subject=subject[:998],
            body_text=body_text,
            body_html=body_html,
            raw=raw,
            content_hash=content_hash(raw or body_text, from_email, subject),
            message_id=normalise_message_id(message_id),
            in_reply_to=normalise_message_id(in_reply_to),
            references=" ".join(refs),
            submission_key=submission_key,
            inbound_mail=inbound_mail,
        )
        consultation = None
        if not created and case is None:
            consultation = _open_consultation_from(target, from_email)
            inquiry.consultation = consultation
        inquiry.full_clean(exclude=["raw", "case", "consultation", "inbound_mail"])
        inquiry.save()
        if consultation is not None:
            # A department answering our consultation is not the requester writing again:
            # record the answer, leave the case where it is.
            from labourdesk.helpdesk.services.consultations import consultation_answer_by_email

            consultation_answer_by_email(consultation=consultation, inquiry=inquiry)
        elif not created:
            _reopen_on_follow_up(target, actor=actor, inquiry=inquiry)
        audit_record(
            actor=actor,
            action="inquiry.receive",
            target=target,
            details={
                "inquiry": inquiry.pk,
                "channel": channel,
                "new_case": created,
                "consultation": consultation.pk if consultation else None,
            },
        )
    return inquiry


def _open_consultation_from(case: Case, from_email: str):
    """The case's oldest unanswered consultation sent to this address (a department's, or a
    colleague's own), or None. The requester's own address never counts as a consultee's."""
    from labourdesk.helpdesk.models import Consultation

    address = (from_email or "").strip()
    if not address or address.lower() == (case.requester_email or "").lower():
        return None
    return (
        Consultation.objects.filter(case=case, answered_at__isnull=True)
        .filter(Q(consultee_email__iexact=address) | Q(consultee__email__iexact=address))
        .order_by("created_at", "id")
        .first()
    )


def _reopen_on_follow_up(case: Case, *, actor, inquiry: Inquiry) -> None:
    reopen_from = {Case.Status.CLOSED, Case.Status.AWAITING_REQUESTER, Case.Status.SENT}
    if case.status in reopen_from:
        previous = case.status
        # A follow-up goes back to the assignee if there is one, else to triage.
        case.status = Case.Status.ASSIGNED if case.assignee_id else Case.Status.TRIAGED
        case.closed_at = None
        if case.awaiting_since is not None:
            # The clock stopped while we waited for the requester: move the due dates on.
            paused = timezone.now() - case.awaiting_since
            if case.close_due_at:
                case.close_due_at += paused
            case.awaiting_since = None
        case.save(
            update_fields=["status", "closed_at", "awaiting_since", "close_due_at", "updated_at"]
        )
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            kind="reopened",
            from_status=previous,
            to_status=case.status,
            details={"inquiry": inquiry.pk},
        )
    else:
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            kind="follow_up",
            from_status=case.status,
            to_status=case.status,
            details={"inquiry": inquiry.pk},
        )
