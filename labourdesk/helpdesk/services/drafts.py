"""Drafts (versioned Markdown answers) and their clearance by a second person (four eyes)."""

import difflib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from labourdesk.helpdesk import limits
from labourdesk.helpdesk.models import Case, Clearance, Draft
from labourdesk.helpdesk.services.common import S, record_step, require_helpdesk, require_step

MAX_DRAFT_LENGTH = limits.ANSWER_MAX
MAX_COMMENT_LENGTH = 10_000


def _comment_check(comment: str) -> None:
    if len(comment or "") > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {"comment": _("Keep the comments under %(n)d characters.") % {"n": MAX_COMMENT_LENGTH}},
            code="max_length",
        )


def draft_save_check(*, actor, case: Case, body_markdown: str) -> None:
    require_helpdesk(actor, "helpdesk.add_draft")
    require_step(case, "draft")
    if not (body_markdown or "").strip():
        raise ValidationError({"body_markdown": _("Write the answer.")}, code="required")
    if len(body_markdown) > MAX_DRAFT_LENGTH:
        raise ValidationError({"body_markdown": _("The answer is too long.")}, code="max_length")


@transaction.atomic
def draft_save(*, actor, case: Case, body_markdown: str) -> Draft:
    """A new version of the answer; earlier versions stay as they were (for the diff)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    draft_save_check(actor=actor, case=case, body_markdown=body_markdown)
    last = case.drafts.order_by("-version").first()
    draft = Draft(
        case=case,
        version=(last.version + 1) if last else 1,
        author=actor,
        body_markdown=body_markdown,
    )
    draft.full_clean()
    draft.save()
    record_step(
        case,
        actor=actor,
        kind="draft_saved",
        to_status=S.DRAFTING,
        details={"version": draft.version},
    )
    return draft


def _latest(case: Case) -> Draft | None:
    return case.drafts.order_by("-version").first()


def draft_submit_check(*, actor, draft: Draft, comment: str = "") -> None:
    require_helpdesk(actor, "helpdesk.add_draft")
    require_step(draft.case, "submit")
    _comment_check(comment)
    if _latest(draft.case) != draft:
        raise ValidationError(_("Only the latest version can go to clearance."), code="stale")


@transaction.atomic
def draft_submit(*, actor, draft: Draft, comment: str = "") -> Draft:
    """Ask for clearance; the author's comments go with the request to the clearing manager."""
    draft_submit_check(actor=actor, draft=draft, comment=comment)
    draft.status = Draft.Status.IN_CLEARANCE
    draft.submission_comment = (comment or "").strip()
    draft.full_clean()
    draft.save(update_fields=["status", "submission_comment"])
    record_step(
        draft.case,
        actor=actor,
        kind="submitted_for_clearance",
        to_status=S.IN_CLEARANCE,
        note=draft.submission_comment,
        details={"version": draft.version},
    )
    return draft


def draft_review_check(*, actor, draft: Draft) -> None:
    """Four eyes: a manager who is not the draft's author."""
    require_helpdesk(actor, "helpdesk.clear_draft")
    require_step(draft.case, "clear")
    if draft.status != Draft.Status.IN_CLEARANCE or _latest(draft.case) != draft:
        raise ValidationError(_("This version is not awaiting clearance."), code="not_in_clearance")
    if draft.author_id == actor.pk:
        raise PermissionDenied(_("You cannot clear your own draft: another manager must."))


@transaction.atomic
def draft_clear(*, actor, draft: Draft, comment: str = "") -> Clearance:
    draft_review_check(actor=actor, draft=draft)
    _comment_check(comment)
    return _review(actor, draft, Clearance.Decision.CLEARED, comment, S.CLEARED)


@transaction.atomic
def draft_return(*, actor, draft: Draft, comment: str) -> Clearance:
    draft_review_check(actor=actor, draft=draft)
    _comment_check(comment)
    if not (comment or "").strip():
        raise ValidationError(
            {"comment": _("Say what must change before the draft can be cleared.")},
            code="required",
        )
    return _review(actor, draft, Clearance.Decision.RETURNED, comment, S.DRAFTING)


def _review(actor, draft: Draft, decision: str, comment: str, to_status: str) -> Clearance:
    clearance = Clearance(draft=draft, reviewer=actor, decision=decision, comment=comment)
    clearance.full_clean()
    clearance.save()
    draft.status = (
        Draft.Status.CLEARED if decision == Clearance.Decision.CLEARED else Draft.Status.RETURNED
    )
    draft.save(update_fields=["status"])
    record_step(
        draft.case,
        actor=actor,
        kind="cleared" if decision == Clearance.Decision.CLEARED else "returned",
        to_status=to_status,
        note=comment,
        details={"version": draft.version},
    )
    return clearance


def draft_diff(older: Draft | None, newer: Draft) -> list[str]:
    """Unified diff lines between two versions (plain text; the template escapes it)."""
    before = older.body_markdown.splitlines() if older else []
    return list(
        difflib.unified_diff(
            before,
            newer.body_markdown.splitlines(),
            fromfile=f"v{older.version}" if older else "",
            tofile=f"v{newer.version}",
            lineterm="",
        )
    )
