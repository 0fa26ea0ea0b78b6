"""Remediation: improvement-plan actions, progress reports, visits, the PICC."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.compliance.models import (
    AdvisoryVisit,
    Factory,
    ImprovementAction,
    PiccMeeting,
    PiccMember,
    ProgressReport,
)
from labourdesk.compliance.services._base import _require, _save, related_to_factory_check
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import (
    ADMINISTRATOR,
    ENTERPRISE_ADVISOR,
    FACTORY_USER,
    PROGRAMME_MANAGER,
    has_role,
)

# Remediation ------------------------------------------------------------------------------------


def _require_add(model, actor, factory: Factory) -> None:
    """The role may add such records, and the factory is within the actor's scope."""
    if actor is not None and not actor.has_perm(f"compliance.add_{model._meta.model_name}"):
        raise PermissionDenied(_("You may not do this."))
    _require(Factory, actor, factory, "view")


def improvement_action_create(*, actor, factory: Factory, **fields) -> ImprovementAction:
    _require_add(ImprovementAction, actor, factory)
    if (
        actor is not None
        and has_role(actor, FACTORY_USER)
        and not has_role(actor, ADMINISTRATOR, ENTERPRISE_ADVISOR, PROGRAMME_MANAGER)
    ):
        fields["source"] = ImprovementAction.Source.SELF_DIAGNOSED
        fields.pop("verified_by", None)
    related_to_factory_check(
        factory=factory, assessment=fields.get("assessment"), question=fields.get("question")
    )
    with transaction.atomic():
        action = ImprovementAction(factory=factory, **fields)
        _save(action)
        audit_record(actor=actor, action="compliance.action.create", target=action)
    return action


def improvement_action_update(*, actor, action: ImprovementAction, **fields) -> ImprovementAction:
    _require(ImprovementAction, actor, action, "change")
    fields.pop("verified_by", None)
    if "factory" in fields and fields["factory"].pk != action.factory_id:
        raise ValidationError({"factory": _("An action stays with its factory.")})
    related_to_factory_check(
        factory=action.factory,
        assessment=fields.get("assessment", action.assessment),
        question=fields.get("question", action.question),
    )
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
    _require_add(model, actor, factory)
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
        AdvisoryVisit,
        "compliance.visit.create",
        actor=actor,
        factory=factory,
        **{"advisor": actor, **fields},
    )


def picc_member_create(*, actor, factory: Factory, **fields) -> PiccMember:
    return _create_for_factory(
        PiccMember, "compliance.picc_member.create", actor=actor, factory=factory, **fields
    )


def picc_meeting_create(*, actor, factory: Factory, **fields) -> PiccMeeting:
    return _create_for_factory(
        PiccMeeting, "compliance.picc_meeting.create", actor=actor, factory=factory, **fields
    )
