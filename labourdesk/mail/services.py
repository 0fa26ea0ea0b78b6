"""Mail intake: one path for IMAP and imported files, from bytes to the receiver or the quarantine.

`mail_ingest` is idempotent: the raw bytes' SHA-256 is unique per mailbox, and a message whose
Message-ID and content we already hold (the same mail in two mailboxes, or stored once with
CRLF and once with LF) is a duplicate too. A duplicate creates nothing and returns the record
we have, so the IMAP poller may safely fetch a message again after a crash.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.core.audit import audit_record
from labourdesk.mail.models import InboundMail, MailAttachment
from labourdesk.mail.parsing import ParsedMail, parse_headers, parse_message
from labourdesk.mail.receivers import inbound_receiver

logger = logging.getLogger(__name__)

Reason = InboundMail.Reason

DEFAULT_MAX_MESSAGE_BYTES = 25 * 1024 * 1024
DEFAULT_MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
# What a company plausibly sends the Helpdesk: documents, images, text, archives of those,
# forwarded mail and signatures. Anything else (executables, scripts, disk images) is held.
DEFAULT_ATTACHMENT_TYPES = (
    "text/*",
    "image/*",
    "message/rfc822",
    "message/delivery-status",
    "application/pdf",
    "application/msword",
    "application/rtf",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.*",
    "application/vnd.oasis.opendocument.*",
    "application/zip",
    "application/x-zip-compressed",
    "application/gzip",
    "application/x-gzip",
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
    "application/ics",
    "application/octet-stream",
    "application/octetstream",
)
# Generic types (octet-stream, text) are judged by the file name too.
DEFAULT_REFUSED_EXTENSIONS = (
    ".exe", ".com", ".scr", ".bat", ".cmd", ".pif", ".msi", ".dll", ".vbs", ".vbe", ".js",
    ".jse", ".wsf", ".wsh", ".hta", ".ps1", ".jar", ".lnk", ".iso", ".img", ".reg", ".cpl",
)  # fmt: skip
AUTO_SUBMITTED_HEADERS = ("x-autoreply", "x-autorespond", "x-autoresponder", "x-auto-reply")


def max_message_bytes() -> int:
    return int(getattr(settings, "MAIL_MAX_MESSAGE_BYTES", DEFAULT_MAX_MESSAGE_BYTES))


def max_attachment_bytes() -> int:
    return int(getattr(settings, "MAIL_MAX_ATTACHMENT_BYTES", DEFAULT_MAX_ATTACHMENT_BYTES))


def attachment_refusal(*, name: str, content_type: str) -> str:
    """Why an attachment type is refused ("" when it is allowed)."""
    allowed = getattr(settings, "MAIL_ATTACHMENT_TYPES", DEFAULT_ATTACHMENT_TYPES)
    refused_ext = getattr(settings, "MAIL_REFUSED_EXTENSIONS", DEFAULT_REFUSED_EXTENSIONS)
    ctype = (content_type or "").lower()
    if (name or "").lower().strip().endswith(tuple(refused_ext)):
        return _("refused file name: %(name)s") % {"name": name}
    for pattern in allowed:
        if (pattern.endswith("*") and ctype.startswith(pattern[:-1])) or ctype == pattern:
            return ""
    return _("refused type: %(type)s") % {"type": ctype}


def _our_addresses() -> set[str]:
    from email.utils import parseaddr

    found = {parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower()}
    found.update(a.lower() for a in getattr(settings, "MAIL_OWN_ADDRESSES", []))
    return {a for a in found if a}


def mail_quarantine_check(*, parsed: ParsedMail, size: int) -> tuple[str, str]:
    """(reason, detail) when the message must go to the quarantine, ("", "") otherwise.

    Order matters only for the reason shown: the first match wins.
    """
    if size > max_message_bytes():
        return Reason.OVERSIZE, _("%(size)d bytes; the limit is %(limit)d") % {
            "size": size,
            "limit": max_message_bytes(),
        }
    if not parsed.from_email:
        return Reason.NO_SENDER, _("no usable From address")
    h = parsed.header
    sender_local = parsed.from_email.split("@")[0].lower()
    if (
        h("x-labourdesk-loop")
        or parsed.from_email.lower() in _our_addresses()
        or len(parsed.headers.get("received", [])) > 30
    ):
        return Reason.LOOP, _("the message comes from this helpdesk or went round too often")
    if parsed.content_type == "multipart/report" or sender_local in {"mailer-daemon", "postmaster"}:
        return Reason.BOUNCE, parsed.content_type
    auto = h("auto-submitted").strip().lower()
    if auto and not auto.startswith("no"):
        return Reason.AUTO_REPLY, f"Auto-Submitted: {auto}"[:500]
    for name in AUTO_SUBMITTED_HEADERS:
        if name in parsed.headers:
            return Reason.AUTO_REPLY, name
    precedence = h("precedence").strip().lower()
    if precedence == "auto_reply":
        return Reason.AUTO_REPLY, f"Precedence: {precedence}"
    if precedence in {"bulk", "junk", "list"}:
        return Reason.BULK, f"Precedence: {precedence}"
    if h("x-spam-flag").strip().upper().startswith("YES") or h(
        "x-spam-status"
    ).strip().upper().startswith("YES"):
        return Reason.SPAM, (h("x-spam-status") or h("x-spam-flag"))[:500]
    for attachment in parsed.attachments:
        refusal = attachment_refusal(name=attachment.name, content_type=attachment.content_type)
        if refusal:
            return Reason.ATTACHMENT_TYPE, refusal[:500]
        if attachment.size > max_attachment_bytes():
            return Reason.ATTACHMENT_SIZE, _("%(name)s: %(size)d bytes") % {
                "name": attachment.name or attachment.content_type,
                "size": attachment.size,
            }
    try:
        validate_email(parsed.from_email)
    except ValidationError:
        return Reason.NO_SENDER, _("the From address cannot be answered: %(address)s") % {
            "address": parsed.from_email
        }
    return "", ""


@dataclass
class IngestResult:
    mail: InboundMail
    created: bool

    @property
    def duplicate(self) -> bool:
        return not self.created


def _find_duplicate(*, source: str, sha256: str, parsed: ParsedMail | None) -> InboundMail | None:
    """The record we already hold for these bytes in this mailbox, or for this Message-ID with
    the same content (one query; the ordering is dropped so SQLite uses the indexes)."""
    same = Q(mailbox=source[:300], sha256=sha256)
    if parsed is not None and parsed.message_id:
        same |= Q(message_id=parsed.message_id[:998], body_digest=parsed.body_digest)
    return InboundMail.objects.filter(same).order_by().defer("raw").first()


def _store_attachments(mail: InboundMail, parsed: ParsedMail) -> None:
    """Files go under MEDIA_ROOT by content hash (one copy per distinct file); a refused or
    oversize file is listed but not stored: it stays readable in the raw message only."""
    rows = []
    for attachment in parsed.attachments:
        digest = attachment.sha256
        refused = bool(
            attachment_refusal(name=attachment.name, content_type=attachment.content_type)
        ) or (attachment.size > max_attachment_bytes())
        row = MailAttachment(
            mail=mail,
            name=attachment.name[:255],
            content_type=attachment.content_type[:255],
            content_id=attachment.content_id[:255],
            disposition=attachment.disposition[:20],
            size=attachment.size,
            sha256=digest,
            refused=refused,
        )
        if not refused:
            path = f"mail/attachments/{digest[:2]}/{digest}"
            if not default_storage.exists(path):
                path = default_storage.save(path, ContentFile(attachment.payload))
            row.file.name = path
        rows.append(row)
    MailAttachment.objects.bulk_create(rows)


def _receive(*, mail: InboundMail, parsed: ParsedMail, actor=None) -> None:
    """Hand the saved message to the receiver the application registered (the helpdesk)."""
    inbound_receiver()(mail=mail, parsed=parsed, actor=actor)


def _headers_for_storage(parsed: ParsedMail) -> dict:
    # Received chains can be long and say nothing to staff; keep them counted, not copied.
    headers = {k: v for k, v in parsed.headers.items() if k not in {"received", "dkim-signature"}}
    headers["received-count"] = [str(len(parsed.headers.get("received", [])))]
    return headers


def mail_ingest(*, raw: bytes, source: str, uid: str = "") -> IngestResult:
    """Store one message and hand it to the inbound receiver, or put it in the quarantine.

    Returns once everything is committed; the caller (the IMAP poller) marks the message
    processed only then.
    """
    sha256 = hashlib.sha256(raw).hexdigest()
    parsed = parse_headers(raw) if len(raw) > max_message_bytes() else parse_message(raw)
    existing = _find_duplicate(source=source, sha256=sha256, parsed=parsed)
    if existing is not None:
        return IngestResult(existing, created=False)
    reason, detail = mail_quarantine_check(parsed=parsed, size=len(raw))
    mail = InboundMail(
        mailbox=source[:300],
        uid=str(uid)[:50],
        raw=raw,
        size=len(raw),
        sha256=sha256,
        body_digest=parsed.body_digest,
        message_id=parsed.message_id[:998],
        in_reply_to=parsed.in_reply_to[:998],
        references=" ".join(parsed.references),
        from_email=parsed.from_email[:254],
        from_name=parsed.from_name[:200],
        subject=parsed.subject[:998],
        sent_at=parsed.date,
        headers=_headers_for_storage(parsed),
        parse_defects=sorted(set(parsed.defects))[:50],
        status=InboundMail.Status.QUARANTINED if reason else InboundMail.Status.ACCEPTED,
        quarantine_reason=reason,
        quarantine_detail=detail[:500],
    )
    try:
        with transaction.atomic():
            mail.received_at = timezone.now()
            mail.save()
            if not reason:
                try:
                    with transaction.atomic():
                        _receive(mail=mail, parsed=parsed)
                except ValidationError as exc:
                    logger.warning("mail refused by the receiver: %s", exc)
                    mail.status = InboundMail.Status.QUARANTINED
                    mail.quarantine_reason = Reason.INVALID
                    mail.quarantine_detail = "; ".join(exc.messages)[:500]
                    mail.save(update_fields=["status", "quarantine_reason", "quarantine_detail"])
            if not parsed.headers_only:
                _store_attachments(mail, parsed)
            if mail.status == InboundMail.Status.QUARANTINED:
                audit_record(
                    actor=None,
                    action="mail.quarantine",
                    target=mail,
                    details={"reason": mail.quarantine_reason, "source": mail.mailbox},
                )
    except IntegrityError:
        # Another poller committed the same message between our check and our insert.
        existing = _find_duplicate(source=source, sha256=sha256, parsed=parsed)
        if existing is None:
            raise
        return IngestResult(existing, created=False)
    return IngestResult(mail, created=True)


def quarantine_check(*, mail: InboundMail) -> None:
    if mail.status != InboundMail.Status.QUARANTINED:
        raise ValidationError(_("This message is not in the quarantine."))


def quarantine_release(*, mail: InboundMail, actor) -> InboundMail:
    """Staff decided the message is a real one: it becomes an Inquiry like any accepted mail."""
    with transaction.atomic():
        mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
        quarantine_check(mail=mail)
        raw = bytes(mail.raw)
        parsed = parse_message(raw)
        if parsed.from_email:
            try:
                validate_email(parsed.from_email)
            except ValidationError:
                # Kept in the raw; the case simply cannot be answered by mail.
                parsed.from_email = ""
        _receive(mail=mail, parsed=parsed, actor=actor)
        mail.status = InboundMail.Status.RELEASED
        mail.decided_at = timezone.now()
        mail.decided_by = actor
        mail.save(update_fields=["status", "decided_at", "decided_by"])
        if not mail.attachments.exists():
            _store_attachments(mail, parsed)
        audit_record(
            actor=actor,
            action="mail.release",
            target=mail,
            details={"reason": mail.quarantine_reason},
        )
    return mail


def quarantine_discard(*, mail: InboundMail, actor) -> InboundMail:
    """Staff confirmed the message is not for the helpdesk. The raw stays for the record."""
    with transaction.atomic():
        mail = InboundMail.objects.select_for_update().get(pk=mail.pk)
        quarantine_check(mail=mail)
        mail.status = InboundMail.Status.DISCARDED
        mail.decided_at = timezone.now()
        mail.decided_by = actor
        mail.save(update_fields=["status", "decided_at", "decided_by"])
        audit_record(
            actor=actor,
            action="mail.discard",
            target=mail,
            details={"reason": mail.quarantine_reason},
        )
    return mail
