"""Assessments: planning, findings, workflow, report access."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labourdesk.compliance.models import (
    Assessment,
    AssessmentStatus,
    Factory,
    Finding,
    Question,
    QuestionnaireVersion,
)
from labourdesk.compliance.services._base import NCQ_VALUES, _require, _save
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import (
    ADMINISTRATOR,
    ENTERPRISE_ADVISOR,
    PROGRAMME_MANAGER,
    has_role,
)

# Assessments ------------------------------------------------------------------------------------


def assessment_advisor_warnings(assessment: Assessment) -> list[str]:
    """The seed asks for a woman and a man as advisors where possible: warn, do not refuse."""
    advisors = list(assessment.advisors.all())
    warnings = []
    if len(advisors) != 2:
        warnings.append(_("An assessment is carried out by two enterprise advisors."))
    if {a.sex for a in advisors} != {"F", "M"}:
        warnings.append(_("Where possible, the two advisors are a woman and a man."))
    return warnings


def assessment_create(
    *,
    actor,
    factory: Factory,
    version: QuestionnaireVersion,
    cycle: int,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
    advisors: Iterable = (),
) -> Assessment:
    _require(Factory, actor, factory, "view")
    if actor is not None and not has_role(
        actor, ADMINISTRATOR, ENTERPRISE_ADVISOR, PROGRAMME_MANAGER
    ):
        raise PermissionDenied(_("Only advisors and programme managers plan assessments."))
    advisors = list(advisors)
    if any(not has_role(a, ENTERPRISE_ADVISOR) for a in advisors):
        raise ValidationError({"advisors": _("Advisors must hold the enterprise advisor role.")})
    if len(advisors) > 2:
        raise ValidationError({"advisors": _("An assessment has two advisors.")})
    if not version.is_frozen:
        raise ValidationError({"version": _("Assess against a published questionnaire version.")})
    if version.programme.country_id != factory.country_id:
        raise ValidationError({"version": _("The questionnaire is for another country.")})
    if any(not version.programme.staff.filter(pk=a.pk).exists() for a in advisors):
        raise ValidationError(
            {"advisors": _("Advisors must belong to the country programme of the factory.")}
        )
    with transaction.atomic():
        assessment = Assessment(
            factory=factory, version=version, cycle=cycle, start_date=start_date, end_date=end_date
        )
        _save(assessment)
        assessment.advisors.set(advisors)
        audit_record(actor=actor, action="compliance.assessment.create", target=assessment)
    return assessment


def _normalise_value(question: Question, value) -> tuple[str, bool | None]:
    text = "" if value is None else str(value).strip()
    if question.is_scored:
        if text not in NCQ_VALUES:
            raise ValidationError(
                {question.code: _("A scored question takes 0 (compliant) or 1 (non-compliant).")}
            )
        return text, NCQ_VALUES[text]
    return text, None


def findings_save(*, actor, assessment: Assessment, entries: Iterable[dict]) -> int:
    """Save findings: entries of {"question": Question, "value": ..., "evidence": ...}.

    Blank values are skipped (not yet answered). Every value is checked before anything is
    written; one audit entry records the batch. Returns the number of findings changed.
    """
    _require(Assessment, actor, assessment, "change")
    if assessment.status not in (AssessmentStatus.DRAFT, AssessmentStatus.IN_REVIEW):
        raise ValidationError(
            _("Findings are entered while the assessment is a draft or in review.")
        )
    prepared, errors = [], {}
    for entry in entries:
        question = entry["question"]
        if question.version_id != assessment.version_id:
            errors[question.code] = [_("This question belongs to another questionnaire.")]
            continue
        raw = entry.get("value")
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value, nc = _normalise_value(question, raw)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        prepared.append((question, value, nc, (entry.get("evidence") or "").strip()))
    if errors:
        raise ValidationError(errors)
    existing = {
        f.question_id: f
        for f in Finding.objects.filter(
            assessment=assessment, question__in=[p[0] for p in prepared]
        )
    }
    changed = 0
    with transaction.atomic():
        for question, value, nc, evidence in prepared:
            finding = existing.get(question.pk)
            if finding is None:
                finding = Finding(assessment=assessment, question=question)
            elif (finding.value, finding.non_compliant, finding.evidence) == (value, nc, evidence):
                continue
            finding.value, finding.non_compliant, finding.evidence = value, nc, evidence
            _save(finding)
            changed += 1
        if changed:
            from labourdesk.compliance.statistics import refresh_assessment_points

            refresh_assessment_points([assessment.pk])
            audit_record(
                actor=actor,
                action="compliance.findings.save",
                target=assessment,
                details={"changed": changed},
            )
    return changed


_TRANSITIONS = {
    AssessmentStatus.IN_REVIEW: (AssessmentStatus.DRAFT,),
    # Four eyes (seed 003): an assessment is finalised only after review, by someone else.
    AssessmentStatus.FINALISED: (AssessmentStatus.IN_REVIEW,),
    AssessmentStatus.RELEASED: (AssessmentStatus.FINALISED,),
}


def assessment_transition_check(*, actor, assessment: Assessment, to: str) -> None:
    """Whether `actor` may take the step now; raises ValidationError or PermissionDenied.

    - Submit for review: an advisor of the assessment's programme (or a programme manager).
    - Finalise: from review only, and never by the one who submitted it: the second advisor
      of the assessment or a programme manager of the programme.
    - Release to the factory: a programme manager.
    """
    if to not in _TRANSITIONS:
        raise ValidationError({"status": _("Unknown step.")})
    _require(Assessment, actor, assessment, "change")
    if assessment.status not in _TRANSITIONS[to]:
        raise ValidationError(
            {"status": _("This step is not possible from “%s”.") % assessment.get_status_display()}
        )
    if actor is None or has_role(actor, ADMINISTRATOR):
        return
    if to == AssessmentStatus.RELEASED and not has_role(actor, PROGRAMME_MANAGER):
        raise PermissionDenied(_("A programme manager releases reports to the factory."))
    if to == AssessmentStatus.FINALISED:
        if assessment.submitted_by_id == actor.pk:
            raise PermissionDenied(
                _(
                    "You submitted this assessment for review: the second advisor or the "
                    "programme manager finalises it."
                )
            )
        if (
            not has_role(actor, PROGRAMME_MANAGER)
            and not assessment.advisors.filter(pk=actor.pk).exists()
        ):
            raise PermissionDenied(
                _("Only the assessment's second advisor or the programme manager finalises it.")
            )


def assessment_allowed_steps(*, actor, assessment: Assessment) -> list[str]:
    """The steps `actor` may take now: what a page offers (and nothing else)."""
    allowed = []
    for to in _TRANSITIONS:
        try:
            assessment_transition_check(actor=actor, assessment=assessment, to=to)
        except (ValidationError, PermissionDenied):
            continue
        allowed.append(str(to))
    return allowed


def assessment_transition(*, actor, assessment: Assessment, to: str) -> Assessment:
    """Move an assessment on: submit for review, finalise, release to the factory."""
    assessment_transition_check(actor=actor, assessment=assessment, to=to)
    if to == AssessmentStatus.FINALISED:
        unanswered = (
            assessment.version.questions.filter(type=Question.Type.SCORED)
            .exclude(findings__assessment=assessment)
            .count()
        )
        if unanswered:
            raise ValidationError(
                {
                    "status": ngettext(
                        "%(n)s scored question has no finding yet.",
                        "%(n)s scored questions have no finding yet.",
                        unanswered,
                    )
                    % {"n": unanswered}
                }
            )
    with transaction.atomic():
        before = assessment.status
        assessment.status = to
        if to == AssessmentStatus.IN_REVIEW:
            assessment.submitted_by = actor
        if to == AssessmentStatus.FINALISED:
            assessment.finalised_at = timezone.now()
        if to == AssessmentStatus.RELEASED:
            assessment.released_at = timezone.now()
        _save(assessment)
        if to == AssessmentStatus.FINALISED:
            # The statistics count it from now on: its compliance points, from its findings.
            from labourdesk.compliance.statistics import refresh_assessment_points

            refresh_assessment_points([assessment.pk])
        audit_record(
            actor=actor,
            action=f"compliance.assessment.{to}",
            target=assessment,
            details={"from": before, "to": to},
        )
    return assessment


def report_access_record(*, actor, assessment: Assessment, format: str) -> None:
    """Every read of a report by a buyer goes into the audit log (the factory can ask who read)."""
    from labourdesk.core.roles import BUYER_USER

    if actor is not None and has_role(actor, BUYER_USER):
        audit_record(
            actor=actor,
            action="compliance.report.buyer_access",
            target=assessment,
            details={"format": format, "factory": assessment.factory_id},
        )
