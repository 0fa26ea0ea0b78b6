"""The expert side of a case: consultations, internal notes, drafts, clearance, response targets."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.helpdesk import limits
from labourdesk.helpdesk.models.case import Case, HelpdeskQuerySet
from labourdesk.helpdesk.models.taxonomy import Topic


class Consultation(models.Model):
    """An expert asks a colleague (a user, or a department by e-mail) for input by a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consultations")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    consultee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helpdesk_consultations",
    )
    consultee_email = models.EmailField(_("department e-mail"), blank=True)
    question = models.TextField(
        _("question to the colleague"),
        validators=limits.max_length(limits.CONSULTATION_QUESTION_MAX),
    )
    due_date = models.DateField(_("due date"))
    answer = models.TextField(
        _("answer"), blank=True, validators=limits.max_length(limits.CONSULTATION_ANSWER_MAX)
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                name="consultation_has_consultee",
                condition=models.Q(consultee__isnull=False) | ~models.Q(consultee_email=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} consultation {self.pk}"


class Note(models.Model):
    """An internal note on a case. Never shown or sent to the requester."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(
        _("internal note"), validators=limits.max_length(limits.INTERNAL_NOTE_MAX)
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.case.reference} note {self.pk}"


class Draft(models.Model):
    """One version of the answer, in Markdown. Versions are never edited: a change is a new row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_CLEARANCE = "in_clearance", _("In clearance")
        RETURNED = "returned", _("Returned")
        CLEARED = "cleared", _("Cleared")
        SENT = "sent", _("Sent")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="drafts")
    version = models.PositiveIntegerField(_("version"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body_markdown = models.TextField(
        _("answer (Markdown)"), validators=limits.max_length(limits.ANSWER_MAX)
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # What the author tells the clearing manager with "Send for clearance".
    submission_comment = models.TextField(
        _("comments for the clearing manager"),
        blank=True,
        validators=limits.max_length(limits.COMMENT_MAX),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        ordering = ["case", "version"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        permissions = [("clear_draft", "Can clear or return a draft (four eyes)")]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="draft_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} v{self.version}"

    @property
    def body_html(self) -> str:
        from labourdesk.helpdesk.services.markdown import render_markdown

        return render_markdown(self.body_markdown)


class Clearance(models.Model):
    """A manager's decision on a draft: cleared, or returned with comments. Four eyes: never the
    draft's author (checked by the service, guarded by the constraint-free design of who acts)."""

    class Decision(models.TextChoices):
        CLEARED = "cleared", _("Cleared")
        RETURNED = "returned", _("Returned with comments")

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="clearances")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(
        _("comment"), blank=True, validators=limits.max_length(limits.COMMENT_MAX)
    )
    at = models.DateTimeField(auto_now_add=True)

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")

    def __str__(self) -> str:
        return f"{self.draft} {self.decision}"


class Paragraph(models.Model):
    """A reusable paragraph of answers, in one language, linked to topics and instruments."""

    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    body_markdown = models.TextField(
        _("text (Markdown)"), validators=limits.max_length(limits.ANSWER_MAX)
    )
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    instruments = models.ManyToManyField(
        "standards.Instrument", verbose_name=_("instruments"), blank=True, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        ordering = ["language", "title"]
        verbose_name = _("reusable paragraph")
        verbose_name_plural = _("reusable paragraphs")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class ResponseTarget(models.Model):
    """How long the Helpdesk gives itself; editable by managers. Missing rows use DEFAULTS."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        FIRST_ANSWER = "first_answer", _("First answer")
        CLOSING = "closing", _("Closing")

    DEFAULT_HOURS = {"acknowledgement": 24, "first_answer": 15 * 24, "closing": 30 * 24}

    kind = models.CharField(_("target"), max_length=20, choices=Kind.choices, unique=True)
    hours = models.PositiveIntegerField(_("hours"))

    objects = HelpdeskQuerySet.as_manager()

    class Meta:
        verbose_name = _("response-time target")
        verbose_name_plural = _("response-time targets")

    def __str__(self) -> str:
        return f"{self.kind}: {self.hours} h"

    @classmethod
    def delay(cls, kind: str) -> timedelta:
        row = cls.objects.filter(kind=kind).first()
        return timedelta(hours=row.hours if row else cls.DEFAULT_HOURS[kind])
