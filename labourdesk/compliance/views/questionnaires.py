"""Questionnaire versions and their parts (core, national law, industry variant).

Editing goes through the questionnaire services: `question_edit_check` decides who edits which
part (a programme manager the national part of their country, the core part centrally) and
refuses any change to a published, frozen version; the pages only ask and show its answer.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from labourdesk.compliance import selectors, services
from labourdesk.compliance.forms import CloneForm, QuestionForm
from labourdesk.compliance.models import Question, QuestionnaireVersion
from labourdesk.compliance.views.common import add_service_errors


@login_required
def questionnaire_list(request):
    if not request.user.has_perm("compliance.view_questionnaireversion"):
        raise Http404
    versions = QuestionnaireVersion.objects.restrict(request.user, "view").select_related(
        "programme"
    )
    return render(request, "compliance/questionnaire_list.html", {"versions": versions})


@login_required
def questionnaire_detail(request, pk):
    """The questions by part, then by cluster, with links to edit them where the user may."""
    version = selectors.get_visible(QuestionnaireVersion, request.user, pk)
    core = selectors.core_cluster_ids(version)
    parts = {value: {} for value in Question.Part.values}
    for q in version.questions.select_related("compliance_point__cluster").prefetch_related(
        "instruments"
    ):
        parts[q.part_in(core)].setdefault(q.compliance_point.cluster, []).append(q)
    return render(
        request,
        "compliance/questionnaire_detail.html",
        {
            "version": version,
            "parts": [
                (label, list(parts[value].items())) for value, label in Question.Part.choices
            ],
            "can_edit": not version.is_frozen and request.user.has_perm("compliance.add_question"),
            "can_clone": request.user.has_perm("compliance.add_questionnaireversion"),
        },
    )


def _frozen(request, version, status=200):
    return render(
        request,
        "compliance/question_form.html",
        {"version": version, "frozen": True, "form": None},
        status=status,
    )


@login_required
def question_add(request, pk):
    version = selectors.get_visible(QuestionnaireVersion, request.user, pk)
    if not request.user.has_perm("compliance.add_question"):
        raise PermissionDenied
    if version.is_frozen:
        return _frozen(request, version, status=200 if request.method == "GET" else 400)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                question = services.question_create(
                    actor=request.user, version=version, **form.create_values()
                )
            except PermissionDenied as exc:
                form.add_error("compliance_point", str(exc))
                status = 403
            except ValidationError as exc:
                add_service_errors(form, exc, {"texts": "text_en"})
            else:
                messages.success(request, _("Question %s added.") % question.code)
                return redirect("compliance:questionnaire", pk=version.pk)
    return render(
        request,
        "compliance/question_form.html",
        {"version": version, "form": form, "question": None},
        status=status,
    )


@login_required
def question_edit(request, pk):
    question = selectors.get_visible(Question, request.user, pk)
    version = selectors.get_visible(QuestionnaireVersion, request.user, question.version_id)
    if not request.user.has_perm("compliance.change_question"):
        raise PermissionDenied
    try:
        services.question_edit_check(actor=request.user, version=version, part=question.part)
    except ValidationError:
        return _frozen(request, version, status=200 if request.method == "GET" else 400)
    except PermissionDenied as exc:
        return render(
            request,
            "compliance/question_form.html",
            {"version": version, "question": question, "form": None, "refused": str(exc)},
            status=403,
        )
    form = QuestionForm(request.POST or None, question=question)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.question_update(
                    actor=request.user, question=question, **form.update_values()
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"texts": "text_en"})
            else:
                messages.success(request, _("Question %s changed.") % question.code)
                return redirect("compliance:questionnaire", pk=version.pk)
    return render(
        request,
        "compliance/question_form.html",
        {"version": version, "form": form, "question": question},
        status=status,
    )


@login_required
def questionnaire_clone(request, pk):
    """Start the next version of a questionnaire: a draft copy made by the clone service."""
    source = selectors.get_visible(QuestionnaireVersion, request.user, pk)
    if not request.user.has_perm("compliance.add_questionnaireversion"):
        raise PermissionDenied
    suggested = _("%(name)s (next version)") % {"name": source.name}
    form = CloneForm(request.POST or None, initial={"name": suggested})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                clone = services.questionnaire_version_clone(
                    actor=request.user, source=source, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {})
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
                status = 403
            else:
                messages.success(request, _("Version %s created as a draft.") % clone.number)
                return redirect("compliance:questionnaire", pk=clone.pk)
    return render(
        request,
        "compliance/questionnaire_clone.html",
        {"version": source, "form": form},
        status=status,
    )


@login_required
def compliance_home(request):
    from labourdesk.compliance.querysets import STAFF_ROLES
    from labourdesk.core.roles import ADMINISTRATOR, BUYER_USER, has_role

    return render(
        request,
        "compliance/home.html",
        {
            "is_programme_staff": has_role(request.user, ADMINISTRATOR, *STAFF_ROLES),
            "is_buyer": has_role(request.user, BUYER_USER),
        },
    )
