"""Reads: the questions one assessment asks, in one language; an assessment by its token; the
public aggregates."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from labourdesk.selfassessment.models import (
    AREA_ORDER,
    Area,
    Contribution,
    ContributionArea,
    Scope,
    SelfAssessment,
    SelfAssessmentQuestion,
)
from labourdesk.selfassessment.scoring import ScoredQuestion

NATIONAL_PREFIX = "nl-"
# The compliance dashboard's rule: no figure on fewer than five.
MIN_ENTITIES = 5


@dataclass
class QuestionView:
    """A question as a page shows it: each text in the page's language, or in the default
    language when it is not translated yet (`*_lang` then says which, for the `lang` attribute)."""

    code: str
    area: str
    text: str
    guidance_standard: str
    guidance_practice: str
    action: str
    instruments: list[str]
    timeframe: str
    critical: bool
    allow_not_applicable: bool
    position: int
    compliance_point: str = ""
    global_key: str = ""
    langs: dict[str, str] = field(default_factory=dict)
    questionnaire_question_id: int | None = None

    @property
    def scored(self) -> ScoredQuestion:
        return ScoredQuestion(
            code=self.code,
            area=self.area,
            timeframe=self.timeframe,
            critical=self.critical,
            position=self.position,
            allow_not_applicable=self.allow_not_applicable,
        )

    def lang_of(self, name: str) -> str:
        return self.langs.get(name, "")


def _language(language: str | None) -> str:
    return language or get_language() or settings.LANGUAGE_CODE


def question_set(*, sse: bool, language: str | None = None) -> list[QuestionView]:
    """The core questions for an enterprise (or, with `sse`, a social and solidarity economy
    entity, which adds the governance area), in the journey's order."""
    language = _language(language)
    default = settings.LANGUAGE_CODE
    rows = SelfAssessmentQuestion.objects.filter(
        locale__language_code__in={language, default}
    ).select_related("locale")
    if not sse:
        rows = rows.exclude(scope=Scope.SSE)
    by_code: dict[str, dict[str, SelfAssessmentQuestion]] = {}
    for row in rows:
        by_code.setdefault(row.code, {})[row.locale.language_code] = row
    views = []
    for code, versions in by_code.items():
        base = versions.get(default) or next(iter(versions.values()))
        local = versions.get(language)
        texts, langs = {}, {}
        for name in ("text", "guidance_standard", "guidance_practice", "action"):
            value = getattr(local, name, "") if local else ""
            if value:
                texts[name] = value
            else:
                texts[name] = getattr(base, name)
                if language != base.locale.language_code:
                    langs[name] = base.locale.language_code
        views.append(
            QuestionView(
                code=code,
                area=base.area,
                instruments=base.instrument_codes,
                timeframe=base.timeframe,
                critical=base.critical,
                allow_not_applicable=base.allow_not_applicable,
                position=base.position,
                compliance_point=base.compliance_point,
                global_key=base.global_key,
                langs=langs,
                **texts,
            )
        )
    views.sort(key=lambda q: (AREA_ORDER.index(q.area), q.position, q.code))
    return views


def national_questionnaire(country, industry: str):
    """The latest published questionnaire of the country's programme for the industry, if any."""
    from labourdesk.compliance.models import QuestionnaireVersion

    if country is None:
        return None
    return (
        QuestionnaireVersion.objects.filter(
            programme__country=country, industry=industry, status="published"
        )
        .order_by("-number")
        .first()
    )


def country_programme(country):
    """The compliance programme of the country on this platform, if any: it is the programme's
    staff who register an enterprise and open its factory user's account."""
    from labourdesk.compliance.models import CountryProgramme

    if country is None:
        return None
    return CountryProgramme.objects.filter(country=country).first()


def national_questions(questionnaire, language: str | None = None) -> list[QuestionView]:
    """The national-law part of a published questionnaire, as self-assessment questions. Its
    texts are the programme's; guidance is what the programme wrote, when it did."""
    from labourdesk.compliance.models import Question

    if questionnaire is None:
        return []
    language = _language(language)
    core = set(questionnaire.core_clusters.values_list("id", flat=True))
    views = []
    questions = (
        questionnaire.questions.filter(type=Question.Type.SCORED)
        .select_related("compliance_point")
        .prefetch_related("instruments")
    )
    for q in questions:
        if q.part_in(core) != Question.Part.NATIONAL:
            continue
        point = q.compliance_point.label_in(language)
        views.append(
            QuestionView(
                code=f"{NATIONAL_PREFIX}{q.pk}",
                area=Area.NATIONAL,
                text=q.text_in(language),
                guidance_standard=q.guidance,
                guidance_practice="",
                action=_("Apply the national law on: %(point)s") % {"point": point},
                instruments=[i.code for i in q.instruments.all()],
                timeframe="3m",
                critical=False,
                allow_not_applicable=True,
                position=q.position,
                compliance_point=q.compliance_point.code,
                global_key=q.global_key,
                questionnaire_question_id=q.pk,
            )
        )
    return views


def questions_for(assessment: SelfAssessment, language: str | None = None) -> list[QuestionView]:
    return [
        *question_set(sse=assessment.is_sse, language=language),
        *national_questions(assessment.questionnaire, language),
    ]


def areas_of(questions: list[QuestionView]) -> list[str]:
    present = {q.area for q in questions}
    return [a for a in AREA_ORDER if a in present]


def assessment_for_token(token: str) -> SelfAssessment:
    """The assessment of a private link; 404 for a wrong, tampered or replaced link."""
    if not token or len(token) > 100:
        raise Http404
    assessment = (
        SelfAssessment.objects.filter(token_hash=SelfAssessment.hash_token(token))
        .select_related("country", "questionnaire")
        .first()
    )
    if assessment is None:
        raise Http404
    return assessment


def answers_of(assessment: SelfAssessment) -> dict[str, tuple[str, str]]:
    return {a.question_code: (a.choice, a.note) for a in assessment.answers.all()}


@dataclass
class AggregateRow:
    country: str
    industry: str
    entities: int | None  # None: suppressed
    areas: dict[str, dict] = field(default_factory=dict)


def aggregates(language: str | None = None) -> list[AggregateRow]:
    """Per country and industry: how many entities contributed, and per area their average score
    and the share with at least one gap. A row on fewer than MIN_ENTITIES entities shows no
    figure (there are no totals to subtract it from)."""
    from labourdesk.selfassessment.models import Industry

    language = _language(language)
    groups = (
        Contribution.objects.values("country_id", "country__iso2", "country__name", "industry")
        .annotate(n=Count("id"))
        .order_by("country__name", "industry")
    )
    countries = {}
    from labourdesk.standards.models import MemberState

    for state in MemberState.objects.filter(id__in=[g["country_id"] for g in groups if g["n"]]):
        countries[state.pk] = state.localized_name(language)
    industries = dict(Industry.choices)
    rows = []
    for g in groups:
        country = countries.get(g["country_id"], _("Country not given"))
        row = AggregateRow(country, str(industries.get(g["industry"], g["industry"])), None)
        if g["n"] >= MIN_ENTITIES:
            row.entities = g["n"]
            per_area = (
                ContributionArea.objects.filter(
                    contribution__country_id=g["country_id"], contribution__industry=g["industry"]
                )
                .values("area")
                .annotate(
                    n=Count("id"), avg=Avg("score"), with_gaps=Count("id", filter=Q(gaps__gt=0))
                )
            )
            for a in per_area:
                if a["n"] >= MIN_ENTITIES:
                    row.areas[a["area"]] = {
                        "entities": a["n"],
                        "average": round(a["avg"]),
                        "with_gaps": round(100 * a["with_gaps"] / a["n"]),
                    }
        rows.append(row)
    rows.sort(key=lambda r: (r.country, r.industry))
    return rows
