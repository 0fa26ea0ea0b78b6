"""Assessments (cycle n of a factory against a questionnaire version) and their findings."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourdesk.compliance.limits import FINDING_VALUE_MAX, NOTE_MAX, text_limit
from labourdesk.compliance.models.questionnaire import Question, QuestionnaireVersion
from labourdesk.compliance.models.registry import Factory
from labourdesk.compliance.querysets import FULL, SUMMARY, FactoryScopedQuerySet
from labourdesk.core.models import TimeStampedModel


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    FINALISED = "finalised", _("Finalised")
    RELEASED = "released", _("Released to the factory")


class AssessmentQuerySet(FactoryScopedQuerySet):
    buyer_levels = (SUMMARY, FULL)
    released_field = "status"


class Assessment(TimeStampedModel):
    """Cycle `cycle` of a factory's assessment by two enterprise advisors.

    Draft → in review → finalised → released to the factory. Factory users see it once released;
    buyers once released and consented.
    """

    Status = AssessmentStatus

    factory = models.ForeignKey(
        Factory, verbose_name=_("factory"), on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    external_id = models.CharField(
        _("Better Work assessment id"), max_length=64, unique=True, null=True, blank=True
    )
    cycle = models.PositiveIntegerField(_("cycle"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    advisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("advisors"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    # Four eyes: who submitted the assessment for review may not finalise it.
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for review by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalised_at = models.DateTimeField(_("finalised"), null=True, blank=True)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(fields=["factory", "cycle"], name="assessment_unique_cycle"),
            models.CheckConstraint(condition=Q(cycle__gte=1), name="assessment_cycle_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="assessment_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return _("%(factory)s, cycle %(cycle)s") % {"factory": self.factory, "cycle": self.cycle}


class FindingQuerySet(FactoryScopedQuerySet):
    factory_prefix = "assessment__factory"
    buyer_levels = (FULL,)
    released_field = "assessment__status"


class Finding(models.Model):
    """The answer to one question in one assessment.

    For a scored question `value` is "0" or "1" and `non_compliant` says the same; for an
    information question `value` is the text or number found and `non_compliant` is empty.
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="findings"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="findings"
    )
    value = models.TextField(_("finding"), blank=True, **text_limit(FINDING_VALUE_MAX))
    non_compliant = models.BooleanField(_("non-compliant"), null=True, blank=True)
    evidence = models.TextField(_("evidence notes"), blank=True, **text_limit(NOTE_MAX))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["question__position", "question_id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="finding_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


class AssessmentPoint(models.Model):
    """One row per assessment and compliance point it was assessed on (a scored question of the
    point has a finding): non-compliant when any of them is. Derived from the findings
    (`compliance.statistics.refresh_assessment_points`) when findings are saved or imported and
    when an assessment is finalised, so that the statistics read factories × compliance points
    rather than factories × questions."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="points"
    )
    compliance_point = models.ForeignKey(
        "compliance.CompliancePoint",
        verbose_name=_("compliance point"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    non_compliant = models.BooleanField(_("non-compliant"))

    class Meta:
        verbose_name = _("assessed compliance point")
        verbose_name_plural = _("assessed compliance points")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "compliance_point"], name="assessment_point_unique"
            )
        ]
        # The statistics read every column of a chosen assessment's rows: from the index alone.
        indexes = [
            models.Index(
                fields=["assessment", "compliance_point", "non_compliant"],
                name="assessment_point_read",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.compliance_point_id}: {self.non_compliant}"
