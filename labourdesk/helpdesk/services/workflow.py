"""The case workflow: triage, classification, assignment, sending, closing.

new → triaged → assigned → in consultation → drafting → in clearance → cleared → sent →
awaiting requester → closed; a follow-up from the requester reopens it (services/intake.py).
Every step is check-then-do: `<step>_check` raises ValidationError/PermissionDenied with a clear
message, the write assumes it passed.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labourdesk.core.roles import HELPDESK_ROLES, has_role
from labourdesk.helpdesk.models import Case, Draft, OutboundMessage
from labourdesk.helpdesk.services.common import S, record_step, require_helpdesk, require_step


def case_triage_check(*, actor, case: Case, admissible: bool, reason: str = "") -> None:
    require_helpdesk(actor)
    require_step(case, "triage")
    if not admissible and reason not in Case.InadmissibleReason.values:
        raise ValidationError(
            {"reason": _("Say why the case is not admissible.")}, code="reason_required"
        )


@transaction.atomic
def case_triage(*, actor, case: Case, admissible: bool, reason: str = "", note: str = "") -> Case:
    """Decide admissibility.

    Admission rule: an admissible case is counted in the reporting period of `admitted_at`, which
    is the time its *first inquiry was received* (when the question arrived), not the time of
    triage: a question received on 28 February and triaged on 2 March belongs to the year that
    ended in February. An inadmissible case keeps its reason and is closed at once; it never
    counts in statistics.
    """
    case_triage_check(actor=actor, case=case, admissible=admissible, reason=reason)
    first = case.inquiries.order_by("received_at", "id").first()
    case.admissible = admissible
    if admissible:
        case.inadmissible_reason = ""
        case.admitted_at = first.received_at if first else case.created_at
        target = S.TRIAGED
    else:
        case.inadmissible_reason = reason
        case.admitted_at = None
        case.closed_at = timezone.now()
        target = S.CLOSED
    record_step(
        case,
        actor=actor,
        kind="triaged",
        to_status=target,
        note=note,
        details={"admissible": admissible, "reason": case.inadmissible_reason},
        fields=("admissible", "inadmissible_reason", "admitted_at", "closed_at"),
    )
    return case


def case_classify_check(*, actor, case: Case) -> None:
    require_helpdesk(actor)
    if case.status == S.CLOSED:
        raise ValidationError(_("A closed case cannot be reclassified."), code="closed")


@transaction.atomic
def case_classify(
    *,
    actor,
    case: Case,
    user_type=None,
    user_region=None,
    regions_concerned=(),
    sectors=(),
    topics=(),
    instruments=(),
    language: str = "",
) -> Case:
    """Set the classification the annual report counts (tables 1–5)."""
    case_classify_check(actor=actor, case=case)
    # Two classifications of one case one after the other, never interleaved: each `set()`
    # below reads the current terms, and the report's roll-up counts what it changes.
    Case._base_manager.select_for_update().filter(pk=case.pk).values_list("pk").first()
    case.user_type = user_type
    case.user_region = user_region
    if language:
        case.language = language
    case.regions_concerned.set(regions_concerned)
    case.sectors.set(sectors)
    case.topics.set(topics)
    case.instruments.set(instruments)
    record_step(
        case,
        actor=actor,
        kind="classified",
        details={
            "user_type": getattr(user_type, "code", None),
            "user_region": getattr(user_region, "code", None),
            "regions_concerned": sorted(r.code for r in regions_concerned),
            "sectors": sorted(s.code for s in sectors),
            "topics": sorted(t.code for t in topics),
            "instruments": sorted(i.code for i in instruments),
            "language": case.language,
        },
        fields=("user_type", "user_region", "language"),
    )
    return case


def case_assign_check(*, actor, case: Case, assignee) -> None:
    require_helpdesk(actor)
    require_step(case, "assign")
    if assignee is None or not (
        assignee.is_active and has_role(assignee, *HELPDESK_ROLES, "administrator")
    ):
        raise ValidationError(
            {"assignee": _("Assign the case to a member of the Helpdesk team.")}, code="assignee"
        )


@transaction.atomic
def case_assign(*, actor, case: Case, assignee) -> Case:
    case_assign_check(actor=actor, case=case, assignee=assignee)
    case.assignee = assignee
    record_step(
        case,
        actor=actor,
        kind="assigned",
        to_status=S.ASSIGNED if case.status == S.TRIAGED else None,
        details={"assignee": assignee.get_username()},
        fields=("assignee",),
    )
    return case


def case_send_check(*, actor, case: Case) -> Draft:
    require_helpdesk(actor)
    require_step(case, "send")
    draft = case.drafts.order_by("-version").first()
    if draft is None or draft.status != Draft.Status.CLEARED:
        raise ValidationError(_("Only a cleared draft can be sent."), code="not_cleared")
    if not case.requester_email:
        raise ValidationError(_("The requester has no e-mail address."), code="no_email")
    return draft


@transaction.atomic
def case_send(*, actor, case: Case) -> OutboundMessage:
    """E-mail the cleared draft in the case's thread (delivered by a task after commit)."""
    from django.utils import translation

    from labourdesk.helpdesk.services.markdown import markdown_to_text
    from labourdesk.helpdesk.services.outbound import outbound_queue

    draft = case_send_check(actor=actor, case=case)
    with translation.override(case.language or "en"):
        subject = str(_("Your question to the ILO Helpdesk for Business"))
    message = outbound_queue(
        case=case,
        kind=OutboundMessage.Kind.REPLY,
        to_email=case.requester_email,
        subject=subject,
        # The text part is clean text with the author's line breaks; the HTML part is the
        # rendered, sanitised Markdown.
        body_text=markdown_to_text(draft.body_markdown),
        body_html=draft.body_html,
        actor=actor,
    )
    draft.status = Draft.Status.SENT
    draft.save(update_fields=["status"])
    now = timezone.now()
    if case.first_answer_at is None:
        case.first_answer_at = now
    record_step(
        case,
        actor=actor,
        kind="sent",
        to_status=S.SENT,
        details={"draft": draft.version, "message": message.pk},
        fields=("first_answer_at",),
    )
    return message


def case_await_check(*, actor, case: Case) -> None:
    require_helpdesk(actor)
    require_step(case, "await")


@transaction.atomic
def case_await_requester(*, actor, case: Case, note: str = "") -> Case:
    """Stop the clock: the time awaiting the requester does not count against the targets."""
    case_await_check(actor=actor, case=case)
    case.awaiting_since = timezone.now()
    record_step(
        case,
        actor=actor,
        kind="awaiting_requester",
        to_status=S.AWAITING_REQUESTER,
        note=note,
        fields=("awaiting_since",),
    )
    return case


def case_close_check(*, actor, case: Case) -> None:
    require_helpdesk(actor)
    require_step(case, "close")


@transaction.atomic
def case_close(*, actor, case: Case, note: str = "") -> Case:
    case_close_check(actor=actor, case=case)
    case.closed_at = timezone.now()
    case.awaiting_since = None
    record_step(
        case,
        actor=actor,
        kind="closed",
        to_status=S.CLOSED,
        note=note,
        fields=("closed_at", "awaiting_since"),
    )
    return case
