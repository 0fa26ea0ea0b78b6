"""Mail transport records: every message that came in, its attachments, the IMAP cursor, and
every message we send with its delivery state.

Mail is the transport beneath the helpdesk and knows nothing of it: the helpdesk's `Inquiry`
points at the `InboundMail` it came from, and an `OutboundMessage` points at what it is about
through a generic relation (`regarding`, a helpdesk case). `InboundMail` exists for every
message (also those quarantined or never accepted), keeps the bytes exactly as received, and
makes intake idempotent.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from labourdesk.core.querysets import RoleScopedQuerySet
from labourdesk.core.roles import HELPDESK_STAFF


class ConfidentialMailQuerySet(RoleScopedQuerySet):
    """Mail is as confidential as the cases it feeds: helpdesk roles and administrators only."""

    scope_roles = HELPDESK_STAFF


class InboundMailQuerySet(ConfidentialMailQuerySet):
    def quarantined(self):
        return self.filter(status=InboundMail.Status.QUARANTINED)


class InboundMail(models.Model):
    """One message as the mailbox (or an imported file) delivered it, byte for byte.

    `sha256` of the raw bytes is unique per `mailbox`: fetching the same message twice (a crash
    between commit and the IMAP flag) finds the row and creates nothing. Accepted and released
    mail was handed to the inbound receiver (`labourdesk.mail.receivers`; the helpdesk's
    `Inquiry` points back here); quarantined mail never reached it.
    """

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        QUARANTINED = "quarantined", _("Quarantined")
        RELEASED = "released", _("Released")
        DISCARDED = "discarded", _("Discarded")

    class Reason(models.TextChoices):
        AUTO_REPLY = "auto_reply", _("Automatic reply")
        BOUNCE = "bounce", _("Delivery report or bounce")
        LOOP = "loop", _("Mail loop")
        SPAM = "spam", _("Flagged as spam")
        OVERSIZE = "oversize", _("Message over the size limit")
        ATTACHMENT_TYPE = "attachment_type", _("Attachment of a refused type")
        ATTACHMENT_SIZE = "attachment_size", _("Attachment over the size limit")
        NO_SENDER = "no_sender", _("No sender address")
        BULK = "bulk", _("Bulk or list mail")
        INVALID = "invalid", _("Not accepted by the helpdesk intake")

    mailbox = models.CharField(_("mailbox"), max_length=300)
    uid = models.CharField(_("IMAP UID"), max_length=50, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    # Digest of sender, subject and text with line endings normalised: the same message
    # delivered twice with different transport headers (two mailboxes, CRLF/LF) has one.
    body_digest = models.CharField(max_length=64, db_index=True)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    from_name = models.CharField(_("from (name)"), max_length=200, blank=True)
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=998, blank=True)
    sent_at = models.DateTimeField(_("date"), null=True, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    quarantine_reason = models.CharField(
        _("quarantine reason"), max_length=20, choices=Reason.choices, blank=True
    )
    quarantine_detail = models.CharField(_("detail"), max_length=500, blank=True)
    parse_defects = models.JSONField(default=list, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InboundMailQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("inbound mail")
        verbose_name_plural = _("inbound mail")
        constraints = [
            models.UniqueConstraint(fields=["mailbox", "sha256"], name="mail_inbound_unique_raw"),
            models.CheckConstraint(
                name="mail_inbound_quarantine_has_reason",
                condition=~models.Q(status="quarantined") | ~models.Q(quarantine_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"mail {self.pk} ({self.status})"


class MailAttachment(models.Model):
    """A file that came with a message (attachment, inline image, forwarded message)."""

    mail = models.ForeignKey(InboundMail, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("name"), max_length=255, blank=True)
    content_type = models.CharField(_("type"), max_length=255)
    content_id = models.CharField(max_length=255, blank=True)
    disposition = models.CharField(max_length=20, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    file = models.FileField(_("file"), upload_to="mail/attachments/%Y/%m/", blank=True)
    refused = models.BooleanField(_("refused"), default=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name or self.content_type


class MailboxState(models.Model):
    """Where the poller is in one IMAP mailbox: UIDVALIDITY and the highest UID committed.

    The mailbox's own `\\Seen`/processed flag is the primary marker; the cursor only saves
    asking the server about old messages. A new UIDVALIDITY resets it.
    """

    mailbox = models.CharField(max_length=300, unique=True)
    uidvalidity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("mailbox state")
        verbose_name_plural = _("mailbox states")

    def __str__(self) -> str:
        return self.mailbox


class OutboundMessage(models.Model):
    """An e-mail we send (acknowledgement, reply, consultation, notification), with its delivery
    state. The bodies are complete as stored (the sender renders them); a secret that only the
    e-mail may carry (the requester's private link) is stored masked and filled in at delivery
    by the personaliser named in `personaliser` (see `labourdesk.mail.receivers`)."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "ack", _("Acknowledgement")
        REPLY = "reply", _("Reply")
        CONSULTATION = "consultation", _("Consultation request")
        NOTIFICATION = "notification", _("Notification")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Failed")

    regarding_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    regarding_id = models.PositiveBigIntegerField(null=True, blank=True)
    regarding = GenericForeignKey("regarding_type", "regarding_id")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    to_email = models.EmailField(pgettext_lazy("e-mail", "to"), max_length=254)
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=998)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    personaliser = models.CharField(max_length=100, blank=True)
    message_id = models.CharField(max_length=998, unique=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    status = models.CharField(
        _("delivery"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ConfidentialMailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")
        indexes = [models.Index(fields=["regarding_type", "regarding_id"])]

    def __str__(self) -> str:
        return f"outbound {self.pk} {self.kind} {self.status}"
