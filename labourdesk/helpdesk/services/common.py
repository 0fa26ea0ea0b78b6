"""What every workflow service shares: permission checks and the recorded transition."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from labourdesk.core.audit import audit_record
from labourdesk.core.roles import HELPDESK_ROLES, has_role
from labourdesk.helpdesk.models import Case, CaseEvent

S = Case.Status

# Which statuses each workflow step starts from, and where it leads (None: the status stays).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "triage": (frozenset({S.NEW}), S.TRIAGED),
    "assign": (frozenset({S.TRIAGED, S.ASSIGNED, S.IN_CONSULTATION, S.DRAFTING}), None),
    "consult": (frozenset({S.ASSIGNED, S.IN_CONSULTATION, S.DRAFTING}), S.IN_CONSULTATION),
    "draft": (frozenset({S.ASSIGNED, S.IN_CONSULTATION, S.DRAFTING}), S.DRAFTING),
    "submit": (frozenset({S.DRAFTING}), S.IN_CLEARANCE),
    "clear": (frozenset({S.IN_CLEARANCE}), S.CLEARED),
    "return": (frozenset({S.IN_CLEARANCE}), S.DRAFTING),
    "send": (frozenset({S.CLEARED}), S.SENT),
    "await": (frozenset({S.SENT}), S.AWAITING_REQUESTER),
    "close": (frozenset({S.TRIAGED, S.SENT, S.AWAITING_REQUESTER}), S.CLOSED),
}


def require_helpdesk(actor, perm: str = "helpdesk.change_case") -> None:
    if not (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and (has_role(actor, *HELPDESK_ROLES, "administrator") or actor.is_superuser)
        and actor.has_perm(perm)
    ):
        raise PermissionDenied(_("Only the Helpdesk team may do this."))


def require_step(case: Case, step: str) -> None:
    allowed, _target = TRANSITIONS[step]
    if case.status not in allowed:
        raise ValidationError(
            _("This step (%(step)s) is not possible while the case is %(status)s.")
            % {"step": step, "status": case.get_status_display()},
            code="illegal_transition",
        )


def record_step(
    case: Case,
    *,
    actor,
    kind: str,
    to_status: str | None = None,
    note: str = "",
    details: dict | None = None,
    fields: tuple[str, ...] = (),
) -> CaseEvent:
    """Save the case (status and `fields`), append the history event and the audit entry."""
    previous = case.status
    if to_status:
        case.status = to_status
    event = CaseEvent(
        case=case,
        actor=actor,
        kind=kind,
        from_status=previous,
        to_status=case.status,
        note=note,
        details=details or {},
    )
    # Check, then do: an oversized note is refused before the case moves on.
    event.full_clean(exclude=["case", "actor"])
    case.full_clean(exclude=["access_token_hash"])
    case.save(update_fields=["status", "updated_at", *fields])
    event.case = case
    event.save()
    audit_record(
        actor=actor,
        action=f"case.{kind}",
        target=case,
        details={"from": previous, "to": case.status, **(details or {})},
    )
    return event
