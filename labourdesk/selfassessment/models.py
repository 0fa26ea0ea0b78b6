"""The self-assessment: a question set (content, in the CMS) and the answers of one visitor.

The question set is reference data (`data/selfassessment/questions.json`, written by the
LabourDesk team, never ILO wording) loaded into `SelfAssessmentQuestion`, one row per question
per language (Wagtail's `TranslatableMixin`: a `translation_key` and a `locale`), so that content
editors and translators edit and translate it as snippets, with revisions.

A visitor's answers (`SelfAssessment`, `Answer`) are kept under a private link: only the SHA-256
of its token is stored, as for the Helpdesk requester's link. Nothing names the enterprise.
Answers refer to a question by its `code`, which is the same in every language.

The opt-in aggregates (`Contribution`, `ContributionArea`) are anonymous copies made at the
user's request, with no link back to the assessment: counting them can never reach answers of a
user who did not opt in.
"""

import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.models import RevisionMixin, TranslatableMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from labourdesk.core.models import TimeStampedModel

TEXT_MAX = 600
GUIDANCE_MAX = 2000
NOTE_MAX = 2000


class Area(models.TextChoices):
    """The areas, in the order of the journey. Fundamental principles and OSH come first in the
    plan (OSH has been a fundamental principle since 2022)."""

    FUNDAMENTAL = "fundamental", _("Fundamental principles and rights at work")
    OSH = "osh", _("Occupational safety and health")
    WAGES = "wages", _("Wages")
    WORKING_TIME = "working_time", _("Working time")
    CONTRACTS = "contracts", _("Contracts and leave")
    COOPERATION = "cooperation", _("Workplace cooperation")
    MANAGEMENT = "management", _("Management practices")
    GOVERNANCE = "governance", _("Member participation and democratic governance")
    NATIONAL = "national", _("National law")


AREA_ORDER = [a.value for a in Area]
# Lower comes first in the improvement plan.
AREA_PRIORITY = {
    Area.FUNDAMENTAL: 0,
    Area.OSH: 0,
    Area.NATIONAL: 1,
    Area.WAGES: 1,
    Area.WORKING_TIME: 1,
    Area.CONTRACTS: 2,
    Area.COOPERATION: 2,
    Area.GOVERNANCE: 2,
    Area.MANAGEMENT: 3,
}


class EntityKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise (company, workshop, farm, shop)")
    COOPERATIVE = "cooperative", _("Cooperative")
    MUTUAL = "mutual", _("Mutual society")
    ASSOCIATION = "association", _("Association or other social economy entity")


SSE_KINDS = frozenset({EntityKind.COOPERATIVE, EntityKind.MUTUAL, EntityKind.ASSOCIATION})


class Industry(models.TextChoices):
    """Wider than the compliance programme's industries (the first three and "other" are the
    same codes, so that a questionnaire of that industry is found)."""

    APPAREL = "apparel", _("Apparel")
    FOOTWEAR = "footwear", _("Footwear")
    TRAVEL_GOODS = "travel_goods", _("Travel goods")
    AGRICULTURE = "agriculture", _("Agriculture, forestry, fishing")
    FOOD = "food", _("Food and drink")
    MANUFACTURING = "manufacturing", _("Other manufacturing and crafts")
    CONSTRUCTION = "construction", _("Construction")
    TRADE = "trade", _("Trade and repair")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and tourism")
    TRANSPORT = "transport", _("Transport and logistics")
    SERVICES = "services", _("Other services")
    OTHER = "other", _("Other")


class Scope(models.TextChoices):
    ALL = "all", _("Every entity")
    SSE = "sse", _("Social and solidarity economy entities only")


class Timeframe(models.TextChoices):
    """The suggested timeframe of the action that closes a gap."""

    NOW = "now", _("At once (within a month)")
    MONTHS_3 = "3m", _("Within 3 months")
    MONTHS_6 = "6m", _("Within 6 months")
    MONTHS_12 = "12m", _("Within 12 months")


TIMEFRAME_ORDER = [t.value for t in Timeframe]
TIMEFRAME_DAYS = {"now": 30, "3m": 91, "6m": 182, "12m": 365}


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Does not apply to us")


POINTS = {Choice.YES: 2, Choice.PARTLY: 1, Choice.NO: 0}


# A question's texts (translated) and its structure (the same in every language): the CMS's
# translation fields and the loader (reference.py) both read these.
TEXT_FIELDS = ("text", "guidance_standard", "guidance_practice", "action")
STRUCTURE_FIELDS = (
    "area",
    "scope",
    "instruments",
    "global_key",
    "compliance_point",
    "timeframe",
    "critical",
    "allow_not_applicable",
    "position",
)


class SelfAssessmentQuestion(TranslatableMixin, RevisionMixin, models.Model):
    """A question of the self-assessment with its guidance, in one language.

    The texts are ours (the LabourDesk team's plain-language wording); `instruments` names the
    standards they rest on, by code (C138, C182 ...), each linked to its standards page.
    `global_key` and `compliance_point` tie the question to the compliance questionnaires, so
    that a result compares with assessed factories. `loaded_digest` is the hash of the texts the
    loader last wrote: a question edited in the CMS differs from it and is never overwritten by
    `load_reference_data`.
    """

    code = models.SlugField(_("code"), max_length=64)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    scope = models.CharField(_("asked of"), max_length=10, choices=Scope.choices, default="all")
    text = models.CharField(_("question"), max_length=TEXT_MAX)
    guidance_standard = models.TextField(
        _("what the standard asks, and why"), max_length=GUIDANCE_MAX, blank=True
    )
    guidance_practice = models.TextField(
        _("good practice in a small enterprise"), max_length=GUIDANCE_MAX, blank=True
    )
    action = models.CharField(_("improvement action"), max_length=TEXT_MAX, blank=True)
    instruments = models.CharField(
        _("instruments"),
        max_length=200,
        blank=True,
        help_text=_("Codes of the standards, separated by spaces (C138 C182)."),
    )
    global_key = models.CharField(_("global question key"), max_length=64, blank=True)
    compliance_point = models.CharField(_("compliance point code"), max_length=64, blank=True)
    timeframe = models.CharField(
        _("suggested timeframe"), max_length=4, choices=Timeframe.choices, default="6m"
    )
    critical = models.BooleanField(
        _("critical"), default=False, help_text=_("A gap here comes first in its area.")
    )
    allow_not_applicable = models.BooleanField(_("may not apply"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)
    authored_by = models.CharField(
        _("written by"), max_length=200, default="LabourDesk team (not ILO wording)"
    )
    loaded_digest = models.CharField(max_length=64, blank=True, editable=False)

    # What a translator translates; the rest is the same in every language (wagtail-localize).
    translatable_fields = [
        *[TranslatableField(name) for name in TEXT_FIELDS],
        *[SynchronizedField(name) for name in ("code", *STRUCTURE_FIELDS, "authored_by")],
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["position", "code"]
        verbose_name = _("self-assessment question")
        verbose_name_plural = _("self-assessment questions")
        constraints = [
            models.UniqueConstraint(fields=["code", "locale"], name="saq_unique_code_locale"),
            models.CheckConstraint(
                condition=Q(timeframe__in=["now", "3m", "6m", "12m"]), name="saq_timeframe_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"[:120]

    @property
    def instrument_codes(self) -> list[str]:
        return self.instruments.split()

    def texts_digest(self) -> str:
        return digest(self.text, self.guidance_standard, self.guidance_practice, self.action)


def digest(*texts: str) -> str:
    return hashlib.sha256("\x1f".join(texts).encode()).hexdigest()


class SelfAssessment(TimeStampedModel):
    """One visitor's self-assessment, reached through its private link only.

    `token_hash` is the SHA-256 of the link's token (the token itself is never stored); a
    replaced link stops working at once. Nothing here identifies the enterprise; `factory` is
    set only when a signed-in factory user turns the plan into actions of its factory.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    country = models.ForeignKey(
        "standards.MemberState",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    entity_kind = models.CharField(_("kind of entity"), max_length=20, choices=EntityKind.choices)
    language = models.CharField(_("language"), max_length=10, default="en")
    # The published questionnaire whose national-law questions were added, if any.
    questionnaire = models.ForeignKey(
        "compliance.QuestionnaireVersion",
        verbose_name=_("questionnaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    contributed_at = models.DateTimeField(_("counted in the aggregates"), null=True, blank=True)
    factory = models.ForeignKey(
        "compliance.Factory",
        verbose_name=_("factory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actions_created_at = models.DateTimeField(_("actions created"), null=True, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(entity_kind__in=[k.value for k in EntityKind]),
                name="selfassessment_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return f"self-assessment {self.pk}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def new_token(self) -> str:
        """A fresh private-link token; the caller saves. The old link stops working."""
        token = secrets.token_urlsafe(32)
        self.token_hash = self.hash_token(token)
        return token

    @property
    def is_sse(self) -> bool:
        return self.entity_kind in SSE_KINDS


class Answer(models.Model):
    """The answer to one question (by code; national-law questions are `nl-<question id>`)."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    question_code = models.CharField(max_length=64)
    choice = models.CharField(max_length=10, choices=Choice.choices)
    note = models.TextField(blank=True, max_length=NOTE_MAX)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question_code"], name="answer_unique_question"
            ),
            models.CheckConstraint(
                condition=Q(choice__in=["yes", "partly", "no", "na"]), name="answer_choice_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_code}={self.choice}"


class Contribution(models.Model):
    """An anonymous copy of one finished self-assessment's scores, made only on opt-in.

    No key to the assessment, no answer text, no note; the month only, not the time.
    """

    country = models.ForeignKey(
        "standards.MemberState", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    industry = models.CharField(max_length=20, choices=Industry.choices)
    sse = models.BooleanField(default=False)
    month = models.DateField()

    class Meta:
        verbose_name = _("anonymous contribution")
        verbose_name_plural = _("anonymous contributions")

    def __str__(self) -> str:
        return f"contribution {self.pk}"


class ContributionArea(models.Model):
    contribution = models.ForeignKey(Contribution, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=Area.choices)
    score = models.PositiveSmallIntegerField()  # 0-100
    gaps = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contribution", "area"], name="contribution_area_once"),
            models.CheckConstraint(condition=Q(score__lte=100), name="contribution_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.score}"
