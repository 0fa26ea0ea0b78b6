"""Consultations with colleagues, and internal notes. Neither ever reaches the requester."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labourdesk.core.audit import audit_record
from labourdesk.helpdesk.models import Case, CaseEvent, Consultation, Note, OutboundMessage
from labourdesk.helpdesk.services.common import S, record_step, require_helpdesk, require_step


def consultation_request_check(
    *, actor, case: Case, consultee, consultee_email: str, question: str, due_date: date
) -> None:
    require_helpdesk(actor, "helpdesk.add_consultation")
    require_step(case, "consult")
    errors = {}
    if consultee is None and not consultee_email:
        errors["consultee"] = _("Choose a colleague or give a department's e-mail address.")
    if consultee is not None and consultee.pk == actor.pk:
        errors["consultee"] = _("Ask someone other than yourself.")
    elif consultee is not None and not (consultee.is_active and consultee.is_staff):
        # Factory and buyer accounts never see confidential case material.
        errors["consultee"] = _("Choose a colleague of the Office (a staff account).")
    if not (question or "").strip():
        errors["question"] = _("Write the question for your colleague.")
    if due_date is None or due_date < timezone.localdate():
        errors["due_date"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def consultation_request(
    *, actor, case: Case, question: str, due_date: date, consultee=None, consultee_email: str = ""
) -> Consultation:
    """Ask a colleague for input; a department outside LabourDesk is asked by e-mail."""
    from labourdesk.helpdesk.services.outbound import outbound_queue

    consultation_request_check(
        actor=actor,
        case=case,
        consultee=consultee,
        consultee_email=consultee_email,
        question=question,
        due_date=due_date,
    )
    consultation = Consultation(
        case=case,
        requested_by=actor,
        consultee=consultee,
        consultee_email=consultee_email,
        question=question,
        due_date=due_date,
    )
    consultation.full_clean()
    consultation.save()
    to_email = consultee_email or (consultee.email if consultee else "")
    if to_email:
        outbound_queue(
            case=case,
            kind=OutboundMessage.Kind.CONSULTATION,
            to_email=to_email,
            subject=str(_("Helpdesk consultation: your input is requested")),
            body_text=f"{question}\n\n{_('Due date')}: {due_date.isoformat()}",
            actor=actor,
        )
    record_step(
        case,
        actor=actor,
        kind="consultation_requested",
        to_status=S.IN_CONSULTATION,
        details={"consultation": consultation.pk, "due": due_date.isoformat()},
    )
    return consultation


def consultation_answer_check(*, actor, consultation: Consultation, answer: str) -> None:
    require_helpdesk(actor, "helpdesk.change_consultation")
    if consultation.answered_at is not None:
        raise ValidationError(_("This consultation has been answered already."), code="answered")
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer you received.")}, code="required")


@transaction.atomic
def consultation_answer(*, actor, consultation: Consultation, answer: str) -> Consultation:
    """Record the colleague's input on the case (the status stays until a draft is saved)."""
    consultation_answer_check(actor=actor, consultation=consultation, answer=answer)
    return _record_answer(actor=actor, consultation=consultation, answer=answer)


@transaction.atomic
def consultation_answer_by_email(*, consultation: Consultation, inquiry) -> Consultation:
    """A department's e-mail answer (matched by intake): the stored message is the answer.

    No signed-in actor here: the mail poller acts. The inquiry stays in the case thread, marked
    internal through its `consultation`.
    """
    if consultation.answered_at is not None:
        raise ValidationError(_("This consultation has been answered already."), code="answered")
    answer = inquiry.body_text.strip() or str(_("(No text.)"))
    return _record_answer(
        actor=None, consultation=consultation, answer=answer, details={"inquiry": inquiry.pk}
    )


def _record_answer(
    *, actor, consultation: Consultation, answer: str, details: dict | None = None
) -> Consultation:
    consultation.answer = answer
    consultation.answered_at = timezone.now()
    consultation.full_clean()
    consultation.save(update_fields=["answer", "answered_at"])
    case = consultation.case
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        kind="consultation_answered",
        from_status=case.status,
        to_status=case.status,
        details={"consultation": consultation.pk, **(details or {})},
    )
    audit_record(
        actor=actor,
        action="case.consultation_answered",
        target=case,
        details={"consultation": consultation.pk, **(details or {})},
    )
    return consultation


@transaction.atomic
def note_add(*, actor, case: Case, body: str) -> Note:
    require_helpdesk(actor, "helpdesk.add_note")
    if not (body or "").strip():
        raise ValidationError({"body": _("Write the note.")}, code="required")
    note = Note(case=case, author=actor, body=body)
    note.full_clean()
    note.save()
    audit_record(actor=actor, action="case.note_added", target=case, details={"note": note.pk})
    return note
