"""Scores, gaps and the improvement plan, from questions and answers (no database here).

- A question scores 2 for "yes", 1 for "partly", 0 for "no"; "does not apply" leaves it out.
- An area's score is its points over the points possible, in percent (None when nothing in it
  was answered, or everything was "does not apply").
- A gap is a "no" or a "partly". The plan lists gaps in priority order: fundamental principles
  and OSH first, then wages and working time (and national law), then contracts, cooperation and
  governance, then management practices; within that, critical questions first, "no" before
  "partly", the more urgent timeframe first, then the order of the journey.
- A gap's timeframe is its question's; a "partly" on a question that is not critical gets the
  next, longer timeframe (something is in place already).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from labourdesk.selfassessment.models import (
    AREA_ORDER,
    AREA_PRIORITY,
    POINTS,
    TIMEFRAME_ORDER,
    Choice,
)

GOOD, SOME, SERIOUS = "good", "some", "serious"
BAND_GOOD = 85
BAND_SOME = 50
BAND_MEANING = {
    GOOD: _("Good practice is largely in place. Keep it up and close the remaining gaps."),
    SOME: _("Some essentials are missing. The plan below says what to do first."),
    SERIOUS: _(
        "Serious gaps: workers may be at risk or the law may not be respected. Start with the "
        "actions marked for now."
    ),
}
BAND_LABEL = {GOOD: _("Good"), SOME: _("Gaps to close"), SERIOUS: _("Serious gaps")}


@dataclass(frozen=True)
class ScoredQuestion:
    """What scoring needs of a question (the views add the texts)."""

    code: str
    area: str
    timeframe: str
    critical: bool = False
    position: int = 0
    allow_not_applicable: bool = False


@dataclass
class AreaResult:
    area: str
    questions: int = 0
    answered: int = 0
    points: int = 0
    possible: int = 0
    gaps: list[str] = field(default_factory=list)

    @property
    def score(self) -> int | None:
        if not self.possible:
            return None
        return round(100 * self.points / self.possible)

    @property
    def band(self) -> str | None:
        score = self.score
        if score is None:
            return None
        if score >= BAND_GOOD:
            return GOOD
        return SOME if score >= BAND_SOME else SERIOUS

    @property
    def complete(self) -> bool:
        return self.answered == self.questions


@dataclass(frozen=True)
class Gap:
    code: str
    area: str
    choice: str
    timeframe: str
    critical: bool


def gap_timeframe(question: ScoredQuestion, choice: str) -> str:
    if choice == Choice.PARTLY and not question.critical:
        index = TIMEFRAME_ORDER.index(question.timeframe)
        return TIMEFRAME_ORDER[min(index + 1, len(TIMEFRAME_ORDER) - 1)]
    return question.timeframe


def score(questions: list[ScoredQuestion], answers: dict[str, str]) -> dict[str, AreaResult]:
    """Per area, in the journey's order; `answers` maps a question code to its choice."""
    results: dict[str, AreaResult] = {}
    for q in sorted(questions, key=lambda q: (AREA_ORDER.index(q.area), q.position, q.code)):
        result = results.setdefault(q.area, AreaResult(q.area))
        result.questions += 1
        choice = answers.get(q.code)
        if choice is None:
            continue
        result.answered += 1
        if choice == Choice.NOT_APPLICABLE:
            continue
        result.points += POINTS[choice]
        result.possible += POINTS[Choice.YES]
        if choice in (Choice.NO, Choice.PARTLY):
            result.gaps.append(q.code)
    return results


def plan(questions: list[ScoredQuestion], answers: dict[str, str]) -> list[Gap]:
    """The gaps, most urgent first."""
    gaps = []
    for q in questions:
        choice = answers.get(q.code)
        if choice in (Choice.NO, Choice.PARTLY):
            gaps.append((q, choice, gap_timeframe(q, choice)))
    gaps.sort(
        key=lambda item: (
            AREA_PRIORITY[item[0].area],
            not item[0].critical,
            item[1] != Choice.NO,
            TIMEFRAME_ORDER.index(item[2]),
            AREA_ORDER.index(item[0].area),
            item[0].position,
            item[0].code,
        )
    )
    return [Gap(q.code, q.area, choice, tf, q.critical) for q, choice, tf in gaps]
