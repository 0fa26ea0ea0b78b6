"""Country programmes and questionnaires: versions, parts, questions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from labourdesk.compliance.limits import LONG_TEXT_MAX, NOTE_MAX, QUESTION_TEXT_MAX, text_limit
from labourdesk.compliance.models.reference import Cluster, CompliancePoint
from labourdesk.core.models import TimeStampedModel
from labourdesk.core.querysets import RestrictedQuerySet


class Industry(models.TextChoices):
    APPAREL = "apparel", _("Apparel")
    FOOTWEAR = "footwear", _("Footwear")
    TRAVEL_GOODS = "travel_goods", _("Travel goods")
    OTHER = "other", _("Other")


class CountryProgramme(TimeStampedModel):
    """A Better Work country programme: one per member state, with its advisors and managers.

    Staff membership is what scopes advisors and programme managers to a country's factories.
    """

    country = models.OneToOneField(
        "standards.MemberState",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="programme",
    )
    name = models.CharField(_("name"), max_length=200)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        blank=True,
        related_name="country_programmes",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country programme")
        verbose_name_plural = _("country programmes")

    def __str__(self) -> str:
        return self.name


class QuestionnaireVersion(TimeStampedModel):
    """A questionnaire of a country programme and an industry, version `number`.

    A published version is frozen; the next one is cloned from it. Which clusters form the core
    part (shared by all countries) belongs to the version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    programme = models.ForeignKey(
        CountryProgramme,
        verbose_name=_("country programme"),
        on_delete=models.PROTECT,
        related_name="questionnaires",
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    number = models.PositiveIntegerField(_("version"), default=1)
    # Better Work's "TQ Name" ("Garment CAT"): the same name serves many countries, so a version
    # is identified by its country programme and its name.
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    core_clusters = models.ManyToManyField(
        Cluster, verbose_name=_("core clusters"), blank=True, related_name="+"
    )
    cloned_from = models.ForeignKey(
        "self",
        verbose_name=_("cloned from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clones",
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["programme__name", "industry", "-number"]
        verbose_name = _("questionnaire version")
        verbose_name_plural = _("questionnaire versions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "industry", "number"], name="questionnaire_unique_number"
            ),
            models.UniqueConstraint(
                fields=["programme", "name"], name="questionnaire_unique_name_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Question(models.Model):
    """A question of a questionnaire version.

    `texts` holds {language code: text}; `global_key` lets statistics compare the same question
    across versions and countries. Scored questions (NCQ) count towards non-compliance; information
    questions (FGW) never do.
    """

    class Type(models.TextChoices):
        SCORED = "NCQ", _("Scored (NCQ)")
        INFORMATION = "FGW", _("Information (FGW)")

    class Part(models.TextChoices):
        CORE = "core", _("Core")
        NATIONAL = "national", _("National law")
        INDUSTRY = "industry", _("Industry variant")

    version = models.ForeignKey(
        QuestionnaireVersion,
        verbose_name=_("questionnaire version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    code = models.CharField(_("code"), max_length=64)
    global_key = models.CharField(_("global key"), max_length=64, db_index=True)
    texts = models.JSONField(_("texts"), default=dict)
    type = models.CharField(_("type"), max_length=3, choices=Type.choices, default=Type.SCORED)
    compliance_point = models.ForeignKey(
        CompliancePoint,
        verbose_name=_("compliance point"),
        on_delete=models.PROTECT,
        related_name="questions",
    )
    industry_variant = models.BooleanField(_("industry variant"), default=False)
    instruments = models.ManyToManyField(
        "standards.Instrument", verbose_name=_("instruments"), blank=True, related_name="+"
    )
    national_law_articles = models.TextField(
        _("national-law articles"), blank=True, **text_limit(LONG_TEXT_MAX)
    )
    guidance = models.TextField(_("guidance"), blank=True, **text_limit(NOTE_MAX))
    public_disclosure = models.BooleanField(_("public disclosure"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="question_unique_code"),
            models.CheckConstraint(
                condition=models.Q(type__in=["NCQ", "FGW"]), name="question_type_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"[:200]

    def text_in(self, language: str | None) -> str:
        from django.utils.translation import get_language

        language = (language or get_language() or "en").split("-")[0]
        for candidate in (language, "en"):
            if self.texts.get(candidate):
                return self.texts[candidate]
        return next(iter(self.texts.values()), self.code)

    @property
    def text(self) -> str:
        return self.text_in(None)

    @property
    def is_scored(self) -> bool:
        return self.type == self.Type.SCORED

    def part_in(self, core_cluster_ids: set[int]) -> str:
        if self.industry_variant:
            return self.Part.INDUSTRY
        if self.compliance_point.cluster_id in core_cluster_ids:
            return self.Part.CORE
        return self.Part.NATIONAL

    @property
    def part(self) -> str:
        return self.part_in(set(self.version.core_clusters.values_list("id", flat=True)))

    def clean(self):
        if not isinstance(self.texts, dict) or not any(
            isinstance(v, str) and v.strip() for v in self.texts.values()
        ):
            raise ValidationError(
                {"texts": _("Give the question's text in at least one language.")}
            )
        if any(
            not isinstance(v, str) or len(v) > QUESTION_TEXT_MAX or len(str(k)) > 10
            for k, v in self.texts.items()
        ):
            raise ValidationError(
                {
                    "texts": _(
                        "Each text is a language code and a text of at most %(n)s characters."
                    )
                    % {"n": QUESTION_TEXT_MAX}
                }
            )
