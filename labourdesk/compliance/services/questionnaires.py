"""Country programmes and questionnaires: versions, publication, cloning, questions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.compliance.models import (
    Cluster,
    CompliancePoint,
    CountryProgramme,
    Question,
    QuestionnaireVersion,
)
from labourdesk.compliance.services._base import _save
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import (
    ADMINISTRATOR,
    ENTERPRISE_ADVISOR,
    PROGRAMME_MANAGER,
    has_role,
)

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
    # A version is its programme and its name (Better Work's TQ names repeat across countries).
    if QuestionnaireVersion.objects.filter(programme=programme, name=name).exists():
        raise ValidationError(
            {"name": _("This programme has a questionnaire of that name already.")}
        )
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
