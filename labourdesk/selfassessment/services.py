"""Writes of the self-assessment. Views, the API and tests call these, nothing else writes.

The visitor is anonymous: the private link's token is the only key, and it is returned once, by
`selfassessment_start` and `selfassessment_replace_link`, never stored.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.selfassessment import scoring
from labourdesk.selfassessment.models import (
    NOTE_MAX,
    TIMEFRAME_DAYS,
    Answer,
    Choice,
    Contribution,
    ContributionArea,
    EntityKind,
    Industry,
    SelfAssessment,
)
from labourdesk.selfassessment.selectors import (
    QuestionView,
    answers_of,
    national_questionnaire,
    questions_for,
)


def clean_note(note: str) -> str:
    """A note as it is stored: NUL characters removed (PostgreSQL's text refuses them), other
    text kept exactly as typed, whatever it contains."""
    return (note or "").replace("\x00", "").strip()


def selfassessment_start(
    *, country, industry: str, entity_kind: str, language: str
) -> tuple[SelfAssessment, str]:
    """A new self-assessment and its private-link token (shown once, never stored)."""
    if industry not in Industry.values:
        raise ValidationError({"industry": _("Choose an industry from the list.")})
    if entity_kind not in EntityKind.values:
        raise ValidationError({"entity_kind": _("Choose a kind of entity from the list.")})
    assessment = SelfAssessment(
        country=country,
        industry=industry,
        entity_kind=entity_kind,
        language=language[:10],
        questionnaire=national_questionnaire(country, industry),
    )
    token = assessment.new_token()
    with transaction.atomic():
        assessment.full_clean()
        assessment.save()
    return assessment, token


@dataclass
class AnswerInput:
    choice: str | None
    note: str = ""


def answers_check(
    questions: list[QuestionView], answers: dict[str, AnswerInput], *, require_all: bool
) -> dict[str, str]:
    """Per question code, what is wrong with its answer (nothing for a good one). A choice
    outside the question's choices, a note too long, and (with `require_all`) a skipped
    question are errors; an unknown question code is ignored by the caller."""
    errors = {}
    for q in questions:
        given = answers.get(q.code)
        choice = given.choice if given else None
        allowed = [Choice.YES, Choice.PARTLY, Choice.NO]
        if q.allow_not_applicable:
            allowed.append(Choice.NOT_APPLICABLE)
        if choice in (None, ""):
            if require_all:
                errors[q.code] = _("Choose an answer to this question.")
        elif choice not in allowed:
            errors[q.code] = _("This answer is not one of the choices: choose one from the list.")
        if given and len(clean_note(given.note)) > NOTE_MAX:
            errors[q.code] = _("Keep the note under %(n)s characters.") % {"n": NOTE_MAX}
    return errors


def answers_save(
    *, assessment: SelfAssessment, questions: list[QuestionView], answers: dict[str, AnswerInput]
) -> dict[str, str]:
    """Save every valid answer among `answers` (for the given questions), leave the invalid ones
    unchanged and return their errors. Nothing of what was answered well is lost."""
    errors = answers_check(questions, answers, require_all=False)
    with transaction.atomic():
        for q in questions:
            given = answers.get(q.code)
            if given is None or q.code in errors or not given.choice:
                continue
            Answer.objects.update_or_create(
                assessment=assessment,
                question_code=q.code,
                defaults={"choice": given.choice, "note": clean_note(given.note)},
            )
        _mark_completion(assessment)
    return errors


def _mark_completion(assessment: SelfAssessment) -> None:
    questions = questions_for(assessment)
    answered = set(assessment.answers.values_list("question_code", flat=True))
    complete = all(q.code in answered for q in questions)
    if complete and assessment.completed_at is None:
        assessment.completed_at = timezone.now()
    elif not complete:
        assessment.completed_at = None
    assessment.save(update_fields=["completed_at", "updated_at"])


def selfassessment_replace_link(*, assessment: SelfAssessment) -> str:
    """A new private link; the old one stops working at once."""
    token = assessment.new_token()
    assessment.save(update_fields=["token_hash", "updated_at"])
    return token


def selfassessment_delete(*, assessment: SelfAssessment) -> None:
    """The assessment and its answers go. An anonymous contribution, if one was made, stays:
    nothing links it to the assessment."""
    assessment.delete()


def result_of(assessment: SelfAssessment, language: str | None = None, answers=None):
    """(questions by code, area results, plan) of an assessment: its stored answers, or the
    `answers` given ({code: (choice, note)}) for one kept only in the visitor's browser, which
    is never saved."""
    questions = questions_for(assessment, language)
    if answers is None:
        answers = answers_of(assessment)
    answers = {code: choice for code, (choice, _note) in answers.items()}
    scored = [q.scored for q in questions]
    return (
        {q.code: q for q in questions},
        scoring.score(scored, answers),
        scoring.plan(scored, answers),
    )


def contribution_check(assessment: SelfAssessment) -> None:
    if assessment.completed_at is None:
        raise ValidationError(_("Answer every question before adding your result to the counts."))
    if assessment.contributed_at is not None:
        raise ValidationError(_("Your result is already counted, once."))


def contribution_create(*, assessment: SelfAssessment) -> Contribution:
    """The user's opt-in: an anonymous copy of the scores per area (no answer, no note, no link
    back to the assessment, the month only)."""
    contribution_check(assessment)
    _questions, areas, _plan = result_of(assessment)
    with transaction.atomic():
        contribution = Contribution.objects.create(
            country=assessment.country,
            industry=assessment.industry,
            sse=assessment.is_sse,
            month=timezone.localdate().replace(day=1),
        )
        ContributionArea.objects.bulk_create(
            ContributionArea(
                contribution=contribution, area=area, score=result.score, gaps=len(result.gaps)
            )
            for area, result in areas.items()
            if result.score is not None
        )
        assessment.contributed_at = timezone.now()
        assessment.save(update_fields=["contributed_at", "updated_at"])
    return contribution


def factories_for_actions(user):
    """The factories a signed-in user may add self-diagnosed actions to."""
    from labourdesk.compliance.models import Factory

    if not user.is_authenticated or not user.has_perm("compliance.add_improvementaction"):
        return Factory.objects.none()
    return Factory.objects.restrict(user, "view").order_by("name")


def plan_to_actions_check(*, actor, assessment: SelfAssessment, factory) -> None:
    if assessment.completed_at is None:
        raise ValidationError(_("Answer every question before turning the plan into actions."))
    if assessment.actions_created_at is not None:
        raise ValidationError(_("This plan was already added to a factory's improvement plan."))
    if not factories_for_actions(actor).filter(pk=factory.pk).exists():
        raise PermissionDenied


def plan_to_actions(*, actor, assessment: SelfAssessment, factory) -> list:
    """One self-diagnosed improvement action of `factory` per gap of the plan (through the
    compliance app's service, which checks the role, scopes the factory and audits each one).
    Gaps without a compliance point are left out, since an action needs one."""
    from labourdesk.compliance.models import CompliancePoint
    from labourdesk.compliance.services import improvement_action_create

    plan_to_actions_check(actor=actor, assessment=assessment, factory=factory)
    questions, _areas, gaps = result_of(assessment, assessment.language)
    points = {p.code: p for p in CompliancePoint.objects.all()}
    today = timezone.localdate()
    created = []
    with transaction.atomic():
        for gap in gaps:
            q = questions[gap.code]
            point = points.get(q.compliance_point)
            if point is None:
                continue
            created.append(
                improvement_action_create(
                    actor=actor,
                    factory=factory,
                    compliance_point=point,
                    description=_("%(action)s (from the self-assessment)") % {"action": q.action},
                    due_date=today + datetime.timedelta(days=TIMEFRAME_DAYS[gap.timeframe]),
                )
            )
        assessment.factory = factory
        assessment.actions_created_at = timezone.now()
        assessment.save(update_fields=["factory", "actions_created_at", "updated_at"])
    return created
