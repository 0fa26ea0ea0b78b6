"""The staff workspace: the queue, the case page and its workflow steps (one POST per step)."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from labourdesk.core.roles import HELPDESK_ROLES, has_role
from labourdesk.helpdesk import forms as f
from labourdesk.helpdesk.filtersets import CaseFilterSet
from labourdesk.helpdesk.models import Case, Paragraph
from labourdesk.helpdesk.selectors import (
    acknowledgement_overdue_q,
    case_get_for_view,
    case_queue,
    case_steps_allowed,
    cases_awaiting_clearance_by,
    due_soon_q,
    overdue_q,
)
from labourdesk.helpdesk.services import consultations, drafts, workflow
from labourdesk.helpdesk.services.requester import case_access_revoke


def helpdesk_staff(view):
    """Signed-in members of the Helpdesk team (and administrators) only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (
            has_role(request.user, *HELPDESK_ROLES, "administrator")
            and request.user.has_perm("helpdesk.view_case")
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@helpdesk_staff
def queue(request):
    base = case_queue(request.user)
    filterset = CaseFilterSet(request.GET or None, queryset=base, request=request)
    cases = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    overdue_ids = set(base.filter(overdue_q()).values_list("pk", flat=True))
    can_clear = request.user.has_perm("helpdesk.clear_draft")
    languages = dict(settings.LANGUAGES)
    listed = list(cases[:200])
    for case in listed:
        case.language_name = languages.get(case.language, "")
    return render(
        request,
        "helpdesk/staff/queue.html",
        {
            "filterset": filterset,
            "cases": listed,
            "overdue_ids": overdue_ids,
            "overdue_count": len(overdue_ids),
            "due_soon_count": base.filter(due_soon_q()).count(),
            "mine_count": base.filter(assignee=request.user).exclude(status="closed").count(),
            "can_clear": can_clear,
            "my_clearance_count": (
                cases_awaiting_clearance_by(request.user).count() if can_clear else 0
            ),
        },
    )


# Where the page comes back after a step: the section the user acted in (a fragment of the
# redirect, and of each form's action, so that a page re-rendered with errors opens there too).
# Steps whose form goes away with the step return to the top of the working area, which then
# says what comes next.
STEP_SECTION = {
    "triage": "work",
    "classify": "step-classify",
    "assign": "step-assign",
    "consult": "step-consult",
    "answer": "step-consult",
    "note": "step-notes",
    "draft": "step-draft",
    "submit": "step-clearance",
    "clear": "step-clearance",
    "return": "step-clearance",
    "send": "step-reply",
    "await": "step-reply",
    "close": "step-reply",
    "revoke_link": "step-link",
}

# The next thing to do, by status, for the line at the top of the working area.
NEXT_STEP = {
    Case.Status.NEW: ("step-triage", _("Triage the case: is it admissible?")),
    Case.Status.TRIAGED: ("step-assign", _("Assign the case to an expert, or close it.")),
    Case.Status.ASSIGNED: ("step-draft", _("Draft the answer, or consult a colleague first.")),
    Case.Status.IN_CONSULTATION: (
        "step-consult",
        _("Record the colleagues' answers, then draft the answer."),
    ),
    Case.Status.DRAFTING: ("step-clearance", _("Send the draft for clearance when it is ready.")),
    Case.Status.IN_CLEARANCE: (
        "step-clearance",
        _("A manager who did not write the draft clears it."),
    ),
    Case.Status.CLEARED: ("step-reply", _("Send the cleared answer to the requester.")),
    Case.Status.SENT: ("step-reply", _("Wait for the requester, or close the case.")),
    Case.Status.AWAITING_REQUESTER: (
        "step-reply",
        _("Close the case, or wait: a follow-up from the requester reopens it."),
    ),
    Case.Status.CLOSED: ("step-history", _("The case is closed.")),
}


def _case_context(
    request,
    case: Case,
    bound: dict | None = None,
    answer_form: f.ConsultationAnswerForm | None = None,
) -> dict:
    drafts_ = list(case.drafts.select_related("author").prefetch_related("clearances__reviewer"))
    latest = drafts_[-1] if drafts_ else None
    previous = drafts_[-2] if len(drafts_) > 1 else None
    allowed = case_steps_allowed(user=request.user, case=case, latest_draft=latest)
    paragraphs = Paragraph.objects.restrict(request.user).filter(active=True)
    classify_initial = {
        "user_type": case.user_type,
        "user_region": case.user_region,
        "regions_concerned": case.regions_concerned.all(),
        "sectors": case.sectors.all(),
        "topics": case.topics.all(),
        "instruments": case.instruments.all(),
        "language": case.language or "en",
    }
    forms_ = {
        "triage": f.TriageForm(),
        "classify": f.ClassifyForm(initial=classify_initial),
        "assign": f.AssignForm(initial={"assignee": case.assignee}),
        "consult": f.ConsultationForm(),
        "note": f.NoteForm(),
        "draft": f.DraftForm(initial={"body_markdown": latest.body_markdown if latest else ""}),
        "submit": f.ReviewForm(),
        "clear": f.ReviewForm(),
        "return": f.ReviewForm(),
        "close": f.CloseForm(),
    }
    forms_.update(bound or {})
    for key, form in forms_.items():
        # Several forms share field names (note, comment): ids must stay unique on the page, or
        # a label would point at another form's field.
        form.auto_id = f"id_{key}_%s"
    consultations_ = list(case.consultations.select_related("consultee", "requested_by"))
    for consultation in consultations_:
        if answer_form is not None and answer_form.consultation_pk == consultation.pk:
            consultation.answer_form = answer_form
        else:
            consultation.answer_form = f.ConsultationAnswerForm()
        consultation.answer_form.auto_id = f"id_answer{consultation.pk}_%s"
    thread = [
        *[("in", i.received_at, i) for i in case.inquiries.all()],
        *[("out", m.created_at, m) for m in case.outbound_messages.all()],
    ]
    thread.sort(key=lambda item: item[1])
    next_anchor, next_text = NEXT_STEP.get(case.status, ("work", ""))
    return {
        "case": case,
        "thread": thread,
        "events": case.events.select_related("actor"),
        "consultations": consultations_,
        "notes": case.notes.select_related("author"),
        "drafts": drafts_,
        "latest": latest,
        "diff": drafts.draft_diff(previous, latest) if latest else [],
        "paragraphs": paragraphs.filter(language=case.language or "en") or paragraphs,
        "forms": forms_,
        "allowed": allowed,
        "next_anchor": next_anchor,
        "next_text": next_text,
        # Four eyes, said in words: a manager looking at their own draft in clearance.
        "own_draft_in_clearance": bool(
            latest
            and case.status == Case.Status.IN_CLEARANCE
            and latest.author_id == request.user.pk
            and request.user.has_perm("helpdesk.clear_draft")
        ),
        # Classified by the team (the intake's user type alone does not count): the form folds.
        "classified": case.events.filter(kind="classified").exists(),
        "overdue": Case.objects.filter(pk=case.pk).filter(overdue_q()).exists(),
        "acknowledgement_overdue": Case.objects.filter(pk=case.pk)
        .filter(acknowledgement_overdue_q())
        .exists(),
        "can_clear": request.user.has_perm("helpdesk.clear_draft"),
        "Status": Case.Status,
    }


@require_GET
@helpdesk_staff
def case_detail(request, pk: int):
    case = case_get_for_view(user=request.user, pk=pk)  # audited
    if case is None:
        raise Http404
    return render(request, "helpdesk/staff/case_detail.html", _case_context(request, case))


def _run_step(request, case: Case, step: str):
    """Validate the step's form, call its service. Returns (form, message)."""
    user = request.user
    if step == "triage":
        form = f.TriageForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            workflow.case_triage(
                actor=user,
                case=case,
                admissible=d["admissible"],
                reason=d["reason"],
                note=d["note"],
            )
            return form, _("Triage recorded.")
    elif step == "classify":
        form = f.ClassifyForm(request.POST)
        if form.is_valid():
            workflow.case_classify(actor=user, case=case, **form.cleaned_data)
            return form, _("Classification saved.")
    elif step == "assign":
        form = f.AssignForm(request.POST)
        if form.is_valid():
            workflow.case_assign(actor=user, case=case, assignee=form.cleaned_data["assignee"])
            return form, _("Case assigned.")
    elif step == "consult":
        form = f.ConsultationForm(request.POST)
        if form.is_valid():
            consultations.consultation_request(actor=user, case=case, **form.cleaned_data)
            return form, _("Consultation requested.")
    elif step == "note":
        form = f.NoteForm(request.POST)
        if form.is_valid():
            consultations.note_add(actor=user, case=case, body=form.cleaned_data["body"])
            return form, _("Note added.")
    elif step == "draft":
        form = f.DraftForm(request.POST)
        if "insert" in request.POST:
            # No JavaScript needed: the page comes back with the paragraph added to the text.
            para = Paragraph.objects.restrict(user).filter(pk=request.POST.get("paragraph")).first()
            data = request.POST.copy()
            if para is not None:
                text = data.get("body_markdown", "").rstrip()
                data["body_markdown"] = f"{text}\n\n{para.body_markdown}".lstrip()
            return f.DraftForm(data), None
        if form.is_valid():
            drafts.draft_save(
                actor=user, case=case, body_markdown=form.cleaned_data["body_markdown"]
            )
            return form, _("Draft saved.")
    elif step in {"submit", "clear", "return"}:
        form = f.ReviewForm(request.POST)
        latest = case.drafts.order_by("-version").first()
        if latest is None:
            raise ValidationError(_("There is no draft yet."))
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            if step == "submit":
                drafts.draft_submit(actor=user, draft=latest, comment=comment)
                return form, _("Draft sent for clearance.")
            if step == "clear":
                drafts.draft_clear(actor=user, draft=latest, comment=comment)
                return form, _("Draft cleared.")
            drafts.draft_return(actor=user, draft=latest, comment=comment)
            return form, _("Draft returned to its author.")
    elif step == "send":
        form = f.CloseForm(request.POST)
        workflow.case_send(actor=user, case=case)
        return form, _("The answer is on its way to the requester.")
    elif step == "await":
        form = f.CloseForm(request.POST)
        if form.is_valid():
            workflow.case_await_requester(actor=user, case=case, note=form.cleaned_data["note"])
            return form, _("Waiting for the requester.")
    elif step == "close":
        form = f.CloseForm(request.POST)
        if form.is_valid():
            workflow.case_close(actor=user, case=case, note=form.cleaned_data["note"])
            return form, _("Case closed.")
    elif step == "revoke_link":
        form = f.CloseForm(request.POST)
        case_access_revoke(actor=user, case=case)
        return form, _("The private link no longer works.")
    else:
        raise Http404
    return form, None


FORM_FOR_STEP = {
    "send": "close",
    "await": "close",
    "revoke_link": "close",
}


@require_POST
@helpdesk_staff
def case_step(request, pk: int, step: str):
    case = case_queue(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    form_key = FORM_FOR_STEP.get(step, step)
    try:
        form, message = _run_step(request, case, step)
    except (ValidationError, PermissionDenied) as exc:
        form = f.ReviewForm(request.POST) if form_key in {"submit", "clear", "return"} else None
        if form is None:
            form_class = {
                "triage": f.TriageForm,
                "classify": f.ClassifyForm,
                "assign": f.AssignForm,
                "consult": f.ConsultationForm,
                "note": f.NoteForm,
                "draft": f.DraftForm,
            }.get(form_key, f.CloseForm)
            form = form_class(request.POST)
        form.is_valid()
        _add_errors(form, exc)
        message = None
        status = 403 if isinstance(exc, PermissionDenied) else 400
        case.refresh_from_db()
        context = _case_context(request, case, {form_key: form})
        context["step_errors"] = form.non_field_errors()
        return render(request, "helpdesk/staff/case_detail.html", context, status=status)
    if message is None:
        case.refresh_from_db()
        context = _case_context(request, case, {form_key: form})
        status = 200 if form.is_bound and not form.errors else 400
        return render(request, "helpdesk/staff/case_detail.html", context, status=status)
    return _back_to(request, case, step, message)


def _back_to(request, case: Case, step: str, message) -> HttpResponseRedirect:
    """Back to the section the user acted in, with the confirmation shown there."""
    section = STEP_SECTION.get(step, "work")
    messages.success(request, message, extra_tags=section)
    return HttpResponseRedirect(reverse("helpdesk:case_detail", args=[case.pk]) + f"#{section}")


def _add_errors(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        messages_ = (
            exc.messages if isinstance(exc, ValidationError) else [str(exc) or _("Not allowed.")]
        )
        for message in messages_:
            form.add_error(None, message)


@require_POST
@helpdesk_staff
def consultation_answer(request, pk: int, consultation_pk: int):
    case = case_queue(request.user).filter(pk=pk).first()
    consultation = case and case.consultations.filter(pk=consultation_pk).first()
    if consultation is None:
        raise Http404
    form = f.ConsultationAnswerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["answer"][0])
        consultations.consultation_answer(
            actor=request.user, consultation=consultation, answer=form.cleaned_data["answer"]
        )
    except (ValidationError, PermissionDenied) as exc:
        form.consultation_pk = consultation.pk
        context = _case_context(request, case, answer_form=form)
        context["step_errors"] = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return render(request, "helpdesk/staff/case_detail.html", context, status=400)
    return _back_to(request, case, "answer", _("Answer recorded."))
