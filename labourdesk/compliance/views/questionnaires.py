"""Questionnaire versions and their parts (core, national law, industry variant)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from labourdesk.compliance import selectors
from labourdesk.compliance.models import Question, QuestionnaireVersion


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
    version = selectors.get_visible(QuestionnaireVersion, request.user, pk)
    core = selectors.core_cluster_ids(version)
    parts = {value: [] for value in Question.Part.values}
    for q in version.questions.select_related("compliance_point__cluster").prefetch_related(
        "instruments"
    ):
        parts[q.part_in(core)].append(q)
    return render(
        request,
        "compliance/questionnaire_detail.html",
        {
            "version": version,
            "parts": [(label, parts[value]) for value, label in Question.Part.choices],
        },
    )


@login_required
def compliance_home(request):
    return render(request, "compliance/home.html")
