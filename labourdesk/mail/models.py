"""Mail transport records: every message that came in, its attachments, and the IMAP cursor.

The helpdesk's `Inquiry` is the business record; `InboundMail` is the transport record around
it: it exists for every message (also those quarantined or never accepted), keeps the bytes
exactly as received, and makes intake idempotent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# Mail is as confidential as the cases it feeds: helpdesk roles and administrators only.
from labourdesk.helpdesk.models.case import HelpdeskQuerySet as _HelpdeskOnlyQuerySet


class InboundMailQuerySet(_HelpdeskOnlyQuerySet):
    def quarantined(self):
        return self.filter(status=InboundMail.Status.QUARANTINED)


class InboundMail(models.Model):
    """One message as the mailbox (or an imported file) delivered it, byte for byte.

    `sha256` of the raw bytes is unique per `mailbox`: fetching the same message twice (a crash
    between commit and the IMAP flag) finds the row and creates nothing. Accepted and released
    mail links to the `Inquiry` it became; quarantined mail never reaches the helpdesk.
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
    subject = models.CharField(_("subject"), max_length=998, blank=True)
    sent_at = models.DateTimeField(_("date"), null=True, blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    quarantine_reason = models.CharField(
        _("quarantine reason"), max_length=20, choices=Reason.choices, blank=True
    )
    quarantine_detail = models.CharField(_("detail"), max_length=500, blank=True)
    parse_defects = models.JSONField(default=list, blank=True)
    inquiry = models.OneToOneField(
        "helpdesk.Inquiry",
        verbose_name=_("inquiry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound_mail",
    )
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
            models.CheckConstraint(
                name="mail_inbound_accepted_has_inquiry",
                condition=~models.Q(status__in=["accepted", "released"])
                | models.Q(inquiry__isnull=False),
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
