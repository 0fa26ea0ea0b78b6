"""Writes to the compliance records (HackSoft services: keyword-only, validated, audited).

Each service checks first (`*_check`: state and the actor's right, Zulip's habit), then writes
inside one transaction together with its audit entry.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.compliance.models import (
    AdvisoryVisit,
    Assessment,
    AssessmentStatus,
    Buyer,
    Cluster,
    CompliancePoint,
    CountryProgramme,
    Factory,
    FactoryBuyer,
    Finding,
    ImprovementAction,
    PiccMeeting,
    PiccMember,
    ProgressReport,
    Question,
    QuestionnaireVersion,
    ReportConsent,
)
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import (
    ADMINISTRATOR,
    ENTERPRISE_ADVISOR,
    FACTORY_USER,
    PROGRAMME_MANAGER,
    has_role,
)

NCQ_VALUES = {"0": False, "1": True}


def _in_scope(model, actor, obj, action: str) -> bool:
    if actor is None:  # the system itself (imports run from the command line)
        return True
    return model.objects.restrict(actor, action).filter(pk=obj.pk).exists()


def _require(model, actor, obj, action: str) -> None:
    if not _in_scope(model, actor, obj, action):
        raise PermissionDenied(_("You may not do this."))


def _save(obj) -> None:
    obj.full_clean()
    obj.save()


# Country programmes -----------------------------------------------------------------------------


def programme_for_country(*, actor, country) -> CountryProgramme:
    programme = CountryProgramme.objects.filter(country=country).first()
    if programme is None:
        with transaction.atomic():
            programme = CountryProgramme(country=country, name=country.name)
            _save(programme)
            audit_record(actor=actor, action="compliance.programme.create", target=programme)
    return programme


def programme_add_staff(*, actor, programme: CountryProgramme, user) -> CountryProgramme:
    if actor is not None and not has_role(actor, ADMINISTRATOR):
        raise PermissionDenied(_("Only an administrator assigns staff to a country programme."))
    if not has_role(user, ENTERPRISE_ADVISOR, PROGRAMME_MANAGER):
        raise ValidationError(_("Only advisors and programme managers join a country programme."))
    with transaction.atomic():
        programme.staff.add(user)
        audit_record(
            actor=actor,
            action="compliance.programme.staff_add",
            target=programme,
            details={"user": user.get_username()},
        )
    return programme


# Questionnaires ---------------------------------------------------------------------------------


def _is_programme_manager_of(actor, programme: CountryProgramme) -> bool:
    return has_role(actor, PROGRAMME_MANAGER) and programme.staff.filter(pk=actor.pk).exists()


def questionnaire_version_create(
    *,
    actor,
    programme: CountryProgramme,
    industry: str,
    name: str,
    number: int = 1,
    core_cluster_codes: Iterable[str] | None = None,
) -> QuestionnaireVersion:
    if actor is not None and not (
        has_role(actor, ADMINISTRATOR) or _is_programme_manager_of(actor, programme)
    ):
        raise PermissionDenied(_("You may not create a questionnaire for this programme."))
    if core_cluster_codes is None:
        core = Cluster.objects.filter(basis=Cluster.Basis.CORE_LABOUR_STANDARD)
    else:
        codes = list(core_cluster_codes)
        core = Cluster.objects.filter(code__in=codes)
        if core.count() != len(set(codes)):
            raise ValidationError({"core_clusters": _("Unknown cluster code.")})
    with transaction.atomic():
        version = QuestionnaireVersion(
            programme=programme, industry=industry, name=name, number=number
        )
        _save(version)
        version.core_clusters.set(core)
        audit_record(actor=actor, action="compliance.questionnaire.create", target=version)
    return version


def questionnaire_version_publish(*, actor, version: QuestionnaireVersion) -> QuestionnaireVersion:
    if actor is not None and not (
        has_role(actor, ADMINISTRATOR) or _is_programme_manager_of(actor, version.programme)
    ):
        raise PermissionDenied(_("You may not publish this questionnaire."))
    if version.is_frozen:
        raise ValidationError(_("This version is published already."))
    if not version.questions.exists():
        raise ValidationError(_("A questionnaire without questions cannot be published."))
    with transaction.atomic():
        version.status = QuestionnaireVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        _save(version)
        audit_record(actor=actor, action="compliance.questionnaire.publish", target=version)
    return version


def questionnaire_version_clone(
    *, actor, source: QuestionnaireVersion, name: str
) -> QuestionnaireVersion:
    """The next version, a draft copy of `source` (questions, links, core clusters)."""
    number = (
        max(
            QuestionnaireVersion.objects.filter(
                programme=source.programme, industry=source.industry
            ).values_list("number", flat=True)
        )
        + 1
    )
    with transaction.atomic():
        clone = questionnaire_version_create(
            actor=actor,
            programme=source.programme,
            industry=source.industry,
            name=name,
            number=number,
            core_cluster_codes=source.core_clusters.values_list("code", flat=True),
        )
        clone.cloned_from = source
        clone.save(update_fields=["cloned_from"])
        for question in source.questions.prefetch_related("instruments"):
            instruments = list(question.instruments.all())
            question.pk = None
            question.version = clone
            question.save()
            question.instruments.set(instruments)
        audit_record(
            actor=actor,
            action="compliance.questionnaire.clone",
            target=clone,
            details={"source": source.pk},
        )
    return clone


def question_edit_check(*, actor, version: QuestionnaireVersion, part: str) -> None:
    """A published version is frozen; a programme manager edits only its country's national
    part; the core part and industry variants are edited centrally (administrators)."""
    if version.is_frozen:
        raise ValidationError(_("A published questionnaire is frozen: clone it to change it."))
    if actor is None or has_role(actor, ADMINISTRATOR):
        return
    if part == Question.Part.NATIONAL and _is_programme_manager_of(actor, version.programme):
        return
    raise PermissionDenied(_("This part of the questionnaire is edited centrally."))


def question_create(
    *,
    actor,
    version: QuestionnaireVersion,
    code: str,
    texts: dict,
    compliance_point: CompliancePoint,
    type: str = Question.Type.SCORED,
    global_key: str = "",
    industry_variant: bool = False,
    national_law_articles: str = "",
    guidance: str = "",
    public_disclosure: bool = False,
    position: int = 0,
    instruments: Iterable = (),
) -> Question:
    question = Question(
        version=version,
        code=code,
        global_key=global_key or code,
        texts=texts,
        type=type,
        compliance_point=compliance_point,
        industry_variant=industry_variant,
        national_law_articles=national_law_articles,
        guidance=guidance,
        public_disclosure=public_disclosure,
        position=position,
    )
    core_ids = set(version.core_clusters.values_list("id", flat=True))
    question_edit_check(actor=actor, version=version, part=question.part_in(core_ids))
    with transaction.atomic():
        _save(question)
        question.instruments.set(list(instruments))
        audit_record(actor=actor, action="compliance.question.create", target=question)
    return question


def question_update(*, actor, question: Question, **fields) -> Question:
    allowed = {"texts", "guidance", "national_law_articles", "public_disclosure", "position"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %s") % ", ".join(sorted(unknown)))
    question_edit_check(actor=actor, version=question.version, part=question.part)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(question, name, value)
        _save(question)
        audit_record(
            actor=actor,
            action="compliance.question.update",
            target=question,
            details={"fields": sorted(fields)},
        )
    return question


# Registry ---------------------------------------------------------------------------------------


def factory_create(*, actor, name: str, country, **fields) -> Factory:
    if (
        actor is not None
        and not has_role(actor, ADMINISTRATOR)
        and not (
            has_role(actor, PROGRAMME_MANAGER)
            and CountryProgramme.objects.filter(country=country, staff=actor).exists()
        )
    ):
        raise PermissionDenied(_("You may not register factories in this country."))
    with transaction.atomic():
        factory = Factory(name=name, country=country, **fields)
        _save(factory)
        audit_record(actor=actor, action="compliance.factory.create", target=factory)
    return factory


def factory_update(*, actor, factory: Factory, **fields) -> Factory:
    _require(Factory, actor, factory, "change")
    with transaction.atomic():
        for name, value in fields.items():
            setattr(factory, name, value)
        _save(factory)
        audit_record(
            actor=actor,
            action="compliance.factory.update",
            target=factory,
            details={"fields": sorted(fields)},
        )
    return factory


def buyer_create(*, actor, name: str, organisation=None) -> Buyer:
    with transaction.atomic():
        buyer = Buyer(name=name, organisation=organisation)
        _save(buyer)
        audit_record(actor=actor, action="compliance.buyer.create", target=buyer)
    return buyer


def factory_buyer_link(*, actor, factory: Factory, buyer: Buyer) -> FactoryBuyer:
    _require(Factory, actor, factory, "change")
    with transaction.atomic():
        link, created = FactoryBuyer.objects.get_or_create(factory=factory, buyer=buyer)
        if created:
            audit_record(actor=actor, action="compliance.factory.buyer_link", target=link)
    return link


# Consent ----------------------------------------------------------------------------------------


def consent_check(*, actor, factory: Factory) -> None:
    """Only the factory itself (or an administrator) decides who sees its reports."""
    if actor is not None and has_role(actor, ADMINISTRATOR):
        return
    if actor is None or not (
        has_role(actor, FACTORY_USER) and actor.organisation_id == factory.organisation_id
    ):
        raise PermissionDenied(_("Only the factory grants or revokes access to its reports."))


def consent_grant(*, actor, factory: Factory, buyer: Buyer, level: str) -> ReportConsent:
    """Grant `buyer` access at `level`; an existing grant at another level is replaced."""
    consent_check(actor=actor, factory=factory)
    if level not in ReportConsent.Level.values:
        raise ValidationError({"level": _("Choose summary or full.")})
    with transaction.atomic():
        current = (
            ReportConsent.objects.select_for_update()
            .filter(factory=factory, buyer=buyer, revoked_at__isnull=True)
            .first()
        )
        if current is not None and current.level == level:
            return current
        if current is not None:
            current.revoked_at = timezone.now()
            current.revoked_by = actor
            current.save(update_fields=["revoked_at", "revoked_by"])
        consent = ReportConsent(factory=factory, buyer=buyer, level=level, granted_by=actor)
        _save(consent)
        audit_record(
            actor=actor,
            action="compliance.consent.grant",
            target=consent,
            details={"factory": factory.pk, "buyer": buyer.pk, "level": level},
        )
    return consent


def consent_revoke(*, actor, consent: ReportConsent) -> ReportConsent:
    consent_check(actor=actor, factory=consent.factory)
    if consent.revoked_at is not None:
        return consent
    with transaction.atomic():
        consent.revoked_at = timezone.now()
        consent.revoked_by = actor
        consent.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=actor,
            action="compliance.consent.revoke",
            target=consent,
            details={"factory": consent.factory_id, "buyer": consent.buyer_id},
        )
    return consent


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
            audit_record(
                actor=actor,
                action="compliance.findings.save",
                target=assessment,
                details={"changed": changed},
            )
    return changed


_TRANSITIONS = {
    AssessmentStatus.IN_REVIEW: (AssessmentStatus.DRAFT,),
    AssessmentStatus.FINALISED: (AssessmentStatus.IN_REVIEW, AssessmentStatus.DRAFT),
    AssessmentStatus.RELEASED: (AssessmentStatus.FINALISED,),
}


def assessment_transition(*, actor, assessment: Assessment, to: str) -> Assessment:
    """Move an assessment on: submit for review, finalise, release to the factory."""
    if to not in _TRANSITIONS:
        raise ValidationError({"status": _("Unknown step.")})
    _require(Assessment, actor, assessment, "change")
    if assessment.status not in _TRANSITIONS[to]:
        raise ValidationError(
            {"status": _("This step is not possible from “%s”.") % assessment.get_status_display()}
        )
    if (
        to == AssessmentStatus.RELEASED
        and actor is not None
        and not has_role(actor, PROGRAMME_MANAGER, ADMINISTRATOR)
    ):
        raise PermissionDenied(_("A programme manager releases reports to the factory."))
    if to == AssessmentStatus.FINALISED:
        unanswered = (
            assessment.version.questions.filter(type=Question.Type.SCORED)
            .exclude(findings__assessment=assessment)
            .count()
        )
        if unanswered:
            raise ValidationError(
                {"status": _("%(n)s scored questions have no finding yet.") % {"n": unanswered}}
            )
    with transaction.atomic():
        before = assessment.status
        assessment.status = to
        if to == AssessmentStatus.FINALISED:
            assessment.finalised_at = timezone.now()
        if to == AssessmentStatus.RELEASED:
            assessment.released_at = timezone.now()
        _save(assessment)
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


# Remediation ------------------------------------------------------------------------------------


def improvement_action_create(*, actor, factory: Factory, **fields) -> ImprovementAction:
    _require(Factory, actor, factory, "view")
    if (
        actor is not None
        and has_role(actor, FACTORY_USER)
        and not has_role(actor, ADMINISTRATOR, ENTERPRISE_ADVISOR, PROGRAMME_MANAGER)
    ):
        fields["source"] = ImprovementAction.Source.SELF_DIAGNOSED
        fields.pop("verified_by", None)
    with transaction.atomic():
        action = ImprovementAction(factory=factory, **fields)
        _save(action)
        audit_record(actor=actor, action="compliance.action.create", target=action)
    return action


def improvement_action_update(*, actor, action: ImprovementAction, **fields) -> ImprovementAction:
    _require(ImprovementAction, actor, action, "change")
    fields.pop("verified_by", None)
    with transaction.atomic():
        before = action.status
        for name, value in fields.items():
            setattr(action, name, value)
        if action.status != ImprovementAction.Status.COMPLETED:
            action.verified_by, action.verified_at = None, None
        _save(action)
        audit_record(
            actor=actor,
            action="compliance.action.update",
            target=action,
            details={"fields": sorted(fields), "status_before": before},
        )
    return action


def improvement_action_verify(*, actor, action: ImprovementAction) -> ImprovementAction:
    _require(ImprovementAction, actor, action, "change")
    if not has_role(actor, ENTERPRISE_ADVISOR, ADMINISTRATOR):
        raise PermissionDenied(_("An enterprise advisor verifies completed actions."))
    if action.status != ImprovementAction.Status.COMPLETED:
        raise ValidationError(_("Only a completed action can be verified."))
    with transaction.atomic():
        action.verified_by, action.verified_at = actor, timezone.now()
        _save(action)
        audit_record(actor=actor, action="compliance.action.verify", target=action)
    return action


def _create_for_factory(model, audit_action: str, *, actor, factory: Factory, **fields):
    _require(Factory, actor, factory, "view")
    with transaction.atomic():
        obj = model(factory=factory, **fields)
        _save(obj)
        audit_record(actor=actor, action=audit_action, target=obj)
    return obj


def progress_report_create(*, actor, factory: Factory, **fields) -> ProgressReport:
    return _create_for_factory(
        ProgressReport,
        "compliance.progress.create",
        actor=actor,
        factory=factory,
        author=actor,
        **fields,
    )


def advisory_visit_create(*, actor, factory: Factory, **fields) -> AdvisoryVisit:
    return _create_for_factory(
        AdvisoryVisit, "compliance.visit.create", actor=actor, factory=factory, **fields
    )


def picc_member_create(*, actor, factory: Factory, **fields) -> PiccMember:
    return _create_for_factory(
        PiccMember, "compliance.picc_member.create", actor=actor, factory=factory, **fields
    )


def picc_meeting_create(*, actor, factory: Factory, **fields) -> PiccMeeting:
    return _create_for_factory(
        PiccMeeting, "compliance.picc_meeting.create", actor=actor, factory=factory, **fields
    )
