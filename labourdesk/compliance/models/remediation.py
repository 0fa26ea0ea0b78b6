"""Remediation: improvement-plan actions, progress reports, advisory visits, the PICC."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourdesk.compliance.limits import LONG_TEXT_MAX, NOTE_MAX, text_limit
from labourdesk.compliance.models.assessment import Assessment, AssessmentStatus
from labourdesk.compliance.models.questionnaire import Question
from labourdesk.compliance.models.reference import CompliancePoint
from labourdesk.compliance.models.registry import Factory
from labourdesk.compliance.querysets import FULL, STAFF_ROLES, FactoryScopedQuerySet
from labourdesk.core.models import TimeStampedModel
from labourdesk.core.roles import ADMINISTRATOR, BUYER_USER, FACTORY_USER, has_role


class ImprovementActionQuerySet(FactoryScopedQuerySet):
    buyer_levels = (FULL,)

    def scope(self, user, action: str):
        qs = super().scope(user, action)
        if has_role(user, FACTORY_USER, BUYER_USER) and not has_role(
            user, ADMINISTRATOR, *STAFF_ROLES
        ):
            # Actions drawn from an assessment appear to the factory once it is released.
            qs = qs.filter(
                Q(assessment__isnull=True) | Q(assessment__status=AssessmentStatus.RELEASED)
            )
        return qs


class ImprovementAction(TimeStampedModel):
    """An action of a factory's improvement plan, on a compliance point or a question."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        SELF_DIAGNOSED = "self", _("Self-diagnosed")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        IN_PROGRESS = "in_progress", _("In Progress")
        COMPLETED = "completed", _("Completed")

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.CASCADE, related_name="actions"
    )
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    compliance_point = models.ForeignKey(
        CompliancePoint,
        verbose_name=_("compliance point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.ASSESSMENT
    )
    description = models.TextField(_("action"), **text_limit(NOTE_MAX))
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    external_id = models.CharField(
        _("imported id"), max_length=64, unique=True, null=True, blank=True
    )

    objects = ImprovementActionQuerySet.as_manager()

    class Meta:
        ordering = ["factory__name", "due_date", "id"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(compliance_point__isnull=False) | Q(question__isnull=False),
                name="improvementaction_has_target",
            ),
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True) | Q(status="completed"),
                name="improvementaction_verified_when_completed",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]


class ProgressReportQuerySet(FactoryScopedQuerySet):
    buyer_levels = (FULL,)


class ProgressReport(TimeStampedModel):
    """A progress report on a factory's improvement plan."""

    factory = models.ForeignKey(
        Factory,
        verbose_name=_("factory"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period_end = models.DateField(_("period end"))
    summary = models.TextField(_("summary"), **text_limit(LONG_TEXT_MAX))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")

    def __str__(self) -> str:
        return f"{self.factory} {self.period_end}"


class AdvisoryVisit(TimeStampedModel):
    """An enterprise advisor's advisory visit to a factory."""

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.CASCADE, related_name="visits"
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True, **text_limit(NOTE_MAX))

    objects = FactoryScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("advisory visit")
        verbose_name_plural = _("advisory visits")

    def __str__(self) -> str:
        return f"{self.factory} {self.date}"


class PiccMember(TimeStampedModel):
    """A member of the factory's worker–management committee (PICC)."""

    class Category(models.TextChoices):
        WORKERS = "workers", _("Workers")
        MANAGEMENT = "management", _("Management")

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.CASCADE, related_name="picc_members"
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    joined_on = models.DateField(_("joined"))
    left_on = models.DateField(_("left"), null=True, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)

    objects = FactoryScopedQuerySet.as_manager()

    class Meta:
        ordering = ["factory__name", "category", "name"]
        verbose_name = _("PICC member")
        verbose_name_plural = _("PICC members")
        constraints = [
            models.UniqueConstraint(
                fields=["factory", "name", "joined_on"], name="piccmember_unique"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="piccmember_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PiccMeeting(TimeStampedModel):
    """A meeting of the factory's PICC."""

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.CASCADE, related_name="picc_meetings"
    )
    date = models.DateField(_("date"))
    minutes = models.TextField(_("minutes"), blank=True, **text_limit(LONG_TEXT_MAX))

    objects = FactoryScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("PICC meeting")
        verbose_name_plural = _("PICC meetings")

    def __str__(self) -> str:
        return f"{self.factory} {self.date}"
