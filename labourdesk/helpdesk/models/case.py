"""Cases, the raw inquiries that open or join them, and the messages we send."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models, router, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from labourdesk.core.models import TimeStampedModel
from labourdesk.core.querysets import RoleScopedQuerySet
from labourdesk.core.roles import HELPDESK_STAFF
from labourdesk.helpdesk import limits
from labourdesk.helpdesk.models.taxonomy import Region, Sector, Topic, UserType


class HelpdeskQuerySet(RoleScopedQuerySet):
    """Confidential case material: helpdesk roles and administrators only."""

    scope_roles = HELPDESK_STAFF


class CaseQuerySet(HelpdeskQuerySet):
    def admissible(self):
        """The cases that count in statistics."""
        return self.filter(admissible=True, admitted_at__isnull=False)


class Case(TimeStampedModel):
    """One question from one requester, and everything done to answer it.

    The requester has no account: their identity lives here and is visible to helpdesk roles only.
    Statistics read only the classification and `admitted_at`, never the identity, so the
    identity can be pseudonymised years later without changing any report.
    """

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("case status", "New")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned")
        IN_CONSULTATION = "in_consultation", _("In consultation")
        DRAFTING = "drafting", _("Drafting")
        IN_CLEARANCE = "in_clearance", _("In clearance")
        CLEARED = "cleared", _("Cleared")
        SENT = "sent", _("Sent")
        AWAITING_REQUESTER = "awaiting_requester", _("Awaiting requester")
        CLOSED = "closed", _("Closed")

    class InadmissibleReason(models.TextChoices):
        OUTSIDE_MANDATE = "outside_mandate", _("Outside the mandate")
        INDIVIDUAL_GRIEVANCE = "individual_grievance", _("Individual grievance, referred elsewhere")
        DUPLICATE = "duplicate", _("Duplicate")
        SPAM = "spam", _("Spam")

    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.NEW, db_index=True
    )
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)

    # Requester (confidential).
    requester_name = models.CharField(_("requester name"), max_length=200, blank=True)
    requester_email = models.EmailField(_("requester e-mail"), max_length=254, blank=True)
    requester_organisation = models.CharField(
        _("requester organisation"), max_length=300, blank=True
    )
    requester_country = models.ForeignKey(
        "standards.MemberState",
        verbose_name=_("requester country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pseudonymised_at = models.DateTimeField(_("pseudonymised"), null=True, blank=True)

    # Admissibility: decided at triage. Only admissible cases count, in the period of admitted_at.
    admissible = models.BooleanField(_("admissible"), null=True, blank=True)
    inadmissible_reason = models.CharField(
        _("reason not admissible"), max_length=30, choices=InadmissibleReason.choices, blank=True
    )
    admitted_at = models.DateTimeField(_("admitted"), null=True, blank=True, db_index=True)

    # Classification (annual report tables 1–5).
    user_type = models.ForeignKey(
        UserType,
        verbose_name=_("user type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    user_region = models.ForeignKey(
        Region,
        verbose_name=_("user region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_as_user_region",
    )
    regions_concerned = models.ManyToManyField(
        Region, verbose_name=_("regions concerned"), blank=True, related_name="cases_concerned"
    )
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="cases"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), blank=True, related_name="cases"
    )
    instruments = models.ManyToManyField(
        "standards.Instrument",
        verbose_name=_("instruments"),
        blank=True,
        related_name="helpdesk_cases",
    )

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # The requester's private link: only a hash is stored; revoking clears it.
    access_token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    # Response times. Due dates are stored so the queue can filter on them in the database; the
    # time spent awaiting the requester is added to them when the requester answers.
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledge_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    close_due_at = models.DateTimeField(_("closing due"), null=True, blank=True)
    awaiting_since = models.DateTimeField(null=True, blank=True)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    # The e-mails sent about this case: mail owns them (the transport), the case is what they
    # are about (`OutboundMessage.regarding`).
    outbound_messages = GenericRelation(
        "mail.OutboundMessage",
        content_type_field="regarding_type",
        object_id_field="regarding_id",
        related_query_name="case",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                name="case_inadmissible_has_reason",
                condition=~models.Q(admissible=False) | ~models.Q(inadmissible_reason=""),
            ),
            models.CheckConstraint(
                name="case_admitted_only_if_admissible",
                condition=models.Q(admitted_at__isnull=True) | models.Q(admissible=True),
            ),
        ]

    def __str__(self) -> str:
        # Never the requester's identity: this string goes into the audit log.
        return self.reference

    def save(self, *args, **kwargs):
        # One transaction for the save and its signals: a listener (the annual report's
        # roll-up) records what the save changed, and must commit or roll back with it.
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            super().save(*args, **kwargs)

    @property
    def reference(self) -> str:
        return f"LD-{self.pk}"

    @property
    def subject_tag(self) -> str:
        return f"[{self.reference}]"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def new_access_token(self) -> str:
        """A fresh private link token; the caller saves the case. The old link stops working."""
        token = secrets.token_urlsafe(32)
        self.access_token_hash = self.hash_token(token)
        return token


class CaseEventKind(models.TextChoices):
    """Every kind of event, with the label the case page shows (the value is a stable code;
    a database constraint refuses a kind without a label)."""

    OPENED = "opened", _("Case opened")
    TRIAGED = "triaged", _("Triage recorded")
    CLASSIFIED = "classified", _("Classification saved")
    ASSIGNED = "assigned", _("Case assigned")
    CONSULTATION_REQUESTED = "consultation_requested", _("Consultation requested")
    CONSULTATION_ANSWERED = "consultation_answered", _("Consultation answered")
    DRAFT_SAVED = "draft_saved", _("New draft version")
    SUBMITTED_FOR_CLEARANCE = "submitted_for_clearance", _("Sent for clearance")
    CLEARED = "cleared", _("Draft cleared")
    RETURNED = "returned", _("Returned with comments")
    SENT = "sent", _("Answer sent")
    AWAITING_REQUESTER = "awaiting_requester", _("Awaiting requester")
    CLOSED = "closed", _("Case closed")
    FOLLOW_UP = "follow_up", _("The requester wrote again")
    REOPENED = "reopened", _("Reopened by the requester")
    LINK_REVOKED = "link_revoked", _("Private link revoked")
    DELIVERY_FAILED = "delivery_failed", _("An e-mail could not be delivered")


class CaseEvent(models.Model):
    """The case history: every transition and change, in order."""

    Kind = CaseEventKind
    # Kept for templates and callers that read the mapping.
    KIND_LABELS = dict(Kind.choices)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(pgettext_lazy("moment", "at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=50, choices=Kind.choices)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    note = models.TextField(_("note"), blank=True, validators=limits.max_length(limits.NOTE_MAX))
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case history")
        constraints = [
            models.CheckConstraint(
                name="caseevent_kind_known", condition=models.Q(kind__in=CaseEventKind.values)
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.kind}"

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def from_status_label(self) -> str:
        return dict(Case.Status.choices).get(self.from_status, self.from_status)

    @property
    def to_status_label(self) -> str:
        return dict(Case.Status.choices).get(self.to_status, self.to_status)


class Inquiry(models.Model):
    """One message as it came in (web form, e-mail or API): kept unchanged, never edited.

    The first inquiry opens a case; follow-ups join it.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("Web form")
        EMAIL = "email", _("E-mail")
        API = "api", _("Partner API")

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="inquiries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("received"), db_index=True)
    from_name = models.CharField(_("from (name)"), max_length=200, blank=True)
    from_email = models.EmailField(_("from (e-mail)"), max_length=254, blank=True)
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=998, blank=True)
    body_text = models.TextField(_("message"))
    body_html = models.TextField(_("message (HTML, sanitised)"), blank=True)
    # The submission byte for byte (e-mail source, or the form/API payload as JSON).
    raw = models.BinaryField(_("raw message"), blank=True, default=b"")
    content_hash = models.CharField(max_length=64, db_index=True)
    # RFC 5322 threading headers (angle brackets stripped).
    message_id = models.CharField(max_length=998, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    # The idempotency token of a form or API submission: a double submit creates one inquiry.
    submission_key = models.CharField(max_length=64, blank=True, default="")
    # Set when the message is a department's e-mail answer to a consultation: internal, never
    # shown to the requester and never a follow-up of theirs.
    consultation = models.ForeignKey(
        "helpdesk.Consultation",
        verbose_name=_("answers the consultation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="email_answers",
    )
    # The transport record of an e-mailed inquiry (mail knows nothing of inquiries).
    inbound_mail = models.OneToOneField(
        "mail.InboundMail",
        verbose_name=_("received mail"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiry",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key"],
                condition=~models.Q(submission_key=""),
                name="inquiry_unique_submission_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} inquiry {self.pk}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("Inquiries are immutable.")
        super().save(*args, **kwargs)

    @property
    def is_internal(self) -> bool:
        return self.consultation_id is not None
