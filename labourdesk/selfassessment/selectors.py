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


@dataclass
class Comparison:
    """The public dashboard's figures beside a self-assessment's answers.

    The core questions share their compliance point with the programme's questionnaires (the
    points of `data/compliance/compliance_points.csv`); their own global keys (`sa.<code>`) are
    the self-assessment's, since no questionnaire's keys are reference data. A national-law
    question *is* a questionnaire question and compares by its global key. Only the figures the
    public dashboard shows count: the same slice (country and industry), the same suppression.
    """

    reason: str = ""  # why there is no comparison at all
    points: list[dict] = field(default_factory=list)
    questions: list[dict] = field(default_factory=list)
    without_figure: int = 0
    dashboard_query: str = ""


def _yours(choices: list[str]) -> str:
    answered = [c for c in choices if c]
    if not answered:
        return ""
    return "gap" if any(c in ("no", "partly") for c in answered) else "none"


def comparison_for(
    assessment, questions: list[QuestionView], answers: dict[str, str], language=None
):
    """A `Comparison` for the assessment's country and industry (`answers`: code → choice)."""
    from urllib.parse import urlencode

    from labourdesk.compliance import statistics as stats
    from labourdesk.compliance.models import Industry as ProgrammeIndustry

    language = _language(language)
    if assessment.country is None:
        return Comparison(reason="no_country")
    if assessment.industry not in ProgrammeIndustry.values:
        return Comparison(reason="no_industry")
    slice_ = stats.Slice(countries=(assessment.country.pk,), industry=assessment.industry)
    by_point: dict[str, list[str]] = {}
    by_key: dict[str, tuple[QuestionView, str]] = {}
    for q in questions:
        if q.compliance_point:
            by_point.setdefault(q.compliance_point, []).append(answers.get(q.code, ""))
        if q.questionnaire_question_id and q.global_key:
            by_key[q.global_key] = (q, answers.get(q.code, ""))
    published = {
        row["compliance_point"]: row
        for row in stats.published_table("compliance_points", slice_, None, language=language)[
            "rows"
        ]
        if not row["suppressed"] and row["rate"] is not None
    }
    result = Comparison(
        dashboard_query=urlencode({"country": assessment.country.iso3, "industry": slice_.industry})
    )
    for code, choices in by_point.items():
        row = published.get(code)
        if row is None:
            result.without_figure += 1
            continue
        result.points.append(
            {
                "code": code,
                "label": row["compliance_point_label"],
                "cluster": row["cluster_label"],
                "percent": round(100 * row["rate"]),
                "factories": row["factories"],
                "yours": _yours(choices),
            }
        )
    if by_key:
        for row in stats.published_table("questions", slice_, None, language=language)["rows"]:
            if row["global_key"] in by_key and not row["suppressed"] and row["rate"] is not None:
                q, choice = by_key[row["global_key"]]
                result.questions.append(
                    {
                        "text": q.text,
                        "global_key": row["global_key"],
                        "percent": round(100 * row["rate"]),
                        "factories": row["factories"],
                        "yours": _yours([choice]),
                    }
                )
    return result
