"""The self-assessment's pages: public, no account. Everything after the start page lives under
the private link `/<lang>/self-assessment/r/<token>/`, which only the visitor holds.

Every page works without JavaScript (a page per area, plain forms); `selfassessment/sa.js`
adds instant progress and autosave through `autosave` (JSON).
"""

import json
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from labourdesk.core.views import rate_limited
from labourdesk.selfassessment import exports, services
from labourdesk.selfassessment.forms import FactoryChoiceForm, StartForm
from labourdesk.selfassessment.models import (
    AREA_PRIORITY,
    Area,
    Choice,
    SelfAssessment,
    Timeframe,
)
from labourdesk.selfassessment.privacy import private_page
from labourdesk.selfassessment.scoring import BAND_LABEL, BAND_MEANING, GOOD, SERIOUS, SOME
from labourdesk.selfassessment.selectors import (
    answers_of,
    areas_of,
    assessment_for_token,
    comparison_for,
    country_programme,
    national_questionnaire,
    questions_for,
)

START_RATE = "30/h"
SAVE_RATE = "600/h"
AREA_LABELS = dict(Area.choices)
CHOICE_LABELS = dict(Choice.choices)
TIMEFRAME_LABELS = dict(Timeframe.choices)


def _limited(request, group: str, rate: str) -> bool:
    return is_ratelimited(request, group=group, key="ip", rate=rate, method="POST", increment=True)


def _url(name: str, token: str, *args) -> str:
    return reverse(f"selfassessment:{name}", args=[token, *args])


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    form = StartForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _limited(request, "selfassessment.start", START_RATE):
            return rate_limited(request)
        if form.is_valid():
            data = form.cleaned_data
            if data["storage"] == StartForm.BROWSER:
                # Nothing is created: the answers are kept by the browser (sa-local.js).
                return HttpResponseRedirect(_local_url(form, _local_first_area(form)))
            _assessment, token = services.selfassessment_start(
                country=data["country"],
                industry=data["industry"],
                entity_kind=data["entity_kind"],
                language=get_language() or "en",
            )
            return HttpResponseRedirect(_url("overview", token) + "?new=1")
        status = 400
    return render(request, "selfassessment/start.html", {"form": form}, status=status)


def _progress(questions, answers) -> list[dict]:
    areas = []
    for area in areas_of(questions):
        in_area = [q for q in questions if q.area == area]
        done = sum(1 for q in in_area if q.code in answers)
        areas.append(
            {"code": area, "label": AREA_LABELS[area], "total": len(in_area), "answered": done}
        )
    return areas


@never_cache
def overview(request, token: str):
    assessment = assessment_for_token(token)
    questions = questions_for(assessment)
    answers = answers_of(assessment)
    areas = _progress(questions, answers)
    next_area = next((a for a in areas if a["answered"] < a["total"]), None)
    context = {
        "assessment": assessment,
        "token": token,
        "areas": areas,
        "next_area": next_area,
        "answered": len([q for q in questions if q.code in answers]),
        "total": len(questions),
        "new": request.GET.get("new") == "1",
        "kept": request.GET.get("kept") == "1",
        "private_url": request.build_absolute_uri(_url("overview", token)),
    }
    return private_page(render(request, "selfassessment/overview.html", context))


def _read_answers(request, questions) -> dict[str, services.AnswerInput]:
    return {
        q.code: services.AnswerInput(
            choice=request.POST.get(f"q-{q.code}") or None,
            note=request.POST.get(f"n-{q.code}", ""),
        )
        for q in questions
        if f"q-{q.code}" in request.POST or f"n-{q.code}" in request.POST
    }


def _items(in_area, stored, posted, errors) -> list[dict]:
    items = []
    for q in in_area:
        choice, note = stored.get(q.code, ("", ""))
        if q.code in posted:
            # What the visitor sent stays on the page, even when it was refused.
            choice = posted[q.code].choice or choice
            note = posted[q.code].note
        choices = [Choice.YES, Choice.PARTLY, Choice.NO]
        if q.allow_not_applicable:
            choices.append(Choice.NOT_APPLICABLE)
        items.append(
            {
                "q": q,
                "choice": choice,
                "note": note,
                "error": errors.get(q.code, ""),
                "choices": [(c.value, CHOICE_LABELS[c]) for c in choices],
            }
        )
    return items


@never_cache
@require_http_methods(["GET", "POST"])
def area(request, token: str, area: str):
    assessment = assessment_for_token(token)
    questions = questions_for(assessment)
    areas = areas_of(questions)
    if area not in areas:
        raise Http404
    in_area = [q for q in questions if q.area == area]
    errors: dict[str, str] = {}
    posted: dict[str, services.AnswerInput] = {}
    status = 200
    if request.method == "POST":
        if _limited(request, "selfassessment.save", SAVE_RATE):
            return rate_limited(request)
        posted = _read_answers(request, in_area)
        errors = services.answers_save(assessment=assessment, questions=in_area, answers=posted)
        finishing = "save_continue" in request.POST
        if finishing:
            stored = answers_of(assessment)
            for q in in_area:
                if q.code not in stored and q.code not in errors:
                    errors[q.code] = _("Choose an answer to this question.")
        if not errors:
            if finishing:
                position = areas.index(area)
                if position + 1 < len(areas):
                    return HttpResponseRedirect(_url("area", token, areas[position + 1]))
                return HttpResponseRedirect(_url("result", token))
            messages.success(request, _("Saved. You can come back through your private link."))
            return HttpResponseRedirect(_url("overview", token))
        status = 400
    stored = answers_of(assessment)
    items = _items(in_area, stored, posted, errors)
    position = areas.index(area)
    context = {
        "assessment": assessment,
        "token": token,
        "area": area,
        "area_label": AREA_LABELS[area],
        "items": items,
        "errors": errors,
        "step": position + 1,
        "steps": len(areas),
        "previous_area": areas[position - 1] if position else None,
        "is_last": position + 1 == len(areas),
        "progress": _progress(questions, stored),
    }
    return private_page(render(request, "selfassessment/area.html", context, status=status))


def _result_context(request, assessment, token, answers=None):
    questions, results, gaps = services.result_of(assessment, answers=answers)
    if answers is None:
        answers = answers_of(assessment)
    areas = []
    for code, result in results.items():
        areas.append(
            {
                "code": code,
                "label": AREA_LABELS[code],
                "score": result.score,
                "band": result.band,
                "band_label": BAND_LABEL.get(result.band, ""),
                "meaning": BAND_MEANING.get(result.band, ""),
                "answered": result.answered,
                "total": result.questions,
                "gaps": len(result.gaps),
                "first": AREA_PRIORITY[code] == 0,
            }
        )
    plan = []
    for n, gap in enumerate(gaps, start=1):
        q = questions[gap.code]
        plan.append(
            {
                "n": n,
                "q": q,
                "area_label": AREA_LABELS[gap.area],
                "choice_label": CHOICE_LABELS[gap.choice],
                "timeframe": gap.timeframe,
                "timeframe_label": TIMEFRAME_LABELS[gap.timeframe],
                "critical": gap.critical,
                "note": answers.get(gap.code, ("", ""))[1],
            }
        )
    comparison = comparison_for(
        assessment, list(questions.values()), {c: a[0] for c, a in answers.items()}
    )
    return {
        "assessment": assessment,
        "token": token,
        "areas": areas,
        "plan": plan,
        "comparison": comparison,
        "complete": all(r.answered == r.questions for r in results.values()),
        "unanswered": sum(r.questions - r.answered for r in results.values()),
        # What each result means, once, for the results that appear.
        "bands": [
            {"label": BAND_LABEL[b], "meaning": BAND_MEANING[b]}
            for b in (GOOD, SOME, SERIOUS)
            if any(a["band"] == b for a in areas)
        ],
    }


@never_cache
def result(request, token: str):
    assessment = assessment_for_token(token)
    context = _result_context(request, assessment, token)
    factories = services.factories_for_actions(request.user)
    context["factory_form"] = FactoryChoiceForm(factories=factories) if factories else None
    context["login_url"] = reverse("accounts:login") + "?next=" + _url("result", token)
    context["programme"] = country_programme(assessment.country)
    return private_page(render(request, "selfassessment/result.html", context))


@never_cache
def export(request, token: str, fmt: str):
    assessment = assessment_for_token(token)
    if fmt not in exports.FORMATS:
        raise Http404
    context = _result_context(request, assessment, token)
    return private_page(exports.response(fmt, context))


@never_cache
@require_POST
def contribute(request, token: str):
    assessment = assessment_for_token(token)
    if request.POST.get("consent") != "yes":
        messages.error(request, _("Tick the box to agree that your scores are counted."))
        return HttpResponseRedirect(_url("result", token) + "#counts")
    try:
        services.contribution_create(assessment=assessment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Thank you: your scores are counted, anonymously."))
    return HttpResponseRedirect(_url("result", token) + "#counts")


@never_cache
@require_POST
def to_actions(request, token: str):
    assessment = assessment_for_token(token)
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login") + "?next=" + _url("result", token))
    form = FactoryChoiceForm(request.POST, factories=services.factories_for_actions(request.user))
    if not form.is_valid():
        messages.error(request, _("Choose one of your factories."))
        return HttpResponseRedirect(_url("result", token) + "#actions")
    try:
        created = services.plan_to_actions(
            actor=request.user, assessment=assessment, factory=form.cleaned_data["factory"]
        )
    except PermissionDenied:
        raise
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(_url("result", token) + "#actions")
    messages.success(
        request,
        _("%(n)s self-diagnosed actions were added to the improvement plan.") % {"n": len(created)},
    )
    return HttpResponseRedirect(
        reverse("compliance:factory_plan", args=[form.cleaned_data["factory"].pk])
    )


@never_cache
@require_POST
def replace_link(request, token: str):
    assessment = assessment_for_token(token)
    new_token = services.selfassessment_replace_link(assessment=assessment)
    messages.success(request, _("Your private link was replaced: the old one no longer works."))
    return HttpResponseRedirect(_url("overview", new_token) + "?new=1")


@never_cache
@require_POST
def delete(request, token: str):
    assessment = assessment_for_token(token)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that your answers are to be deleted."))
        return HttpResponseRedirect(_url("overview", token) + "#delete")
    services.selfassessment_delete(assessment=assessment)
    messages.success(request, _("Your answers were deleted. The private link no longer works."))
    return HttpResponseRedirect(reverse("selfassessment:start"))


@never_cache
@require_POST
def autosave(request, token: str):
    """The script's autosave: `{"answers": {code: {"choice": …, "note": …}}}` → the errors per
    question and the progress, in the API's envelope when the body is wrong."""
    assessment = assessment_for_token(token)
    if _limited(request, "selfassessment.save", SAVE_RATE):
        return rate_limited(request)
    try:
        body = json.loads(request.body or b"{}")
        given = body["answers"]
        if not isinstance(given, dict):
            raise TypeError
        answers = {
            str(code): services.AnswerInput(
                choice=str(v.get("choice") or "") or None, note=str(v.get("note") or "")
            )
            for code, v in given.items()
            if isinstance(v, dict)
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return JsonResponse({"message": _("Send the answers as JSON."), "extra": {}}, status=400)
    questions = questions_for(assessment)
    targeted = [q for q in questions if q.code in answers]
    errors = services.answers_save(assessment=assessment, questions=targeted, answers=answers)
    stored = answers_of(assessment)
    progress = {
        "answered": sum(1 for q in questions if q.code in stored),
        "total": len(questions),
    }
    if errors:
        body = {
            "message": _("Some answers were not saved."),
            "extra": {"errors": errors, **progress},
        }
        return private_page(JsonResponse(body, status=400))
    return private_page(JsonResponse({"errors": {}, **progress}))


# Answers kept only in the browser -----------------------------------------------------------
#
# The visitor's choice at the start (offered only when the script runs: it is the script that
# keeps the answers, in the browser's localStorage). The pages get the country, industry and
# kind of entity in their address, to ask the right questions, and store nothing; the answers
# reach the server only when the visitor asks for the result (or an export), which is computed
# from the posted answers and not saved, or asks to keep them under a private link after all.


def _local_setup(params):
    """(form, unsaved assessment) of the setup in `params`; the form carries the errors."""
    form = StartForm(params)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    assessment = SelfAssessment(
        country=data["country"],
        industry=data["industry"],
        entity_kind=data["entity_kind"],
        language=get_language() or "en",
        questionnaire=national_questionnaire(data["country"], data["industry"]),
    )
    return form, assessment


def _local_query(form) -> str:
    data = form.cleaned_data
    return urlencode(
        {
            "country": data["country"].iso3 if data["country"] else "",
            "industry": data["industry"],
            "entity_kind": data["entity_kind"],
        }
    )


def _local_url(form, area: str) -> str:
    return reverse("selfassessment:local_area", args=[area]) + "?" + _local_query(form)


def _local_first_area(form) -> str:
    _form, assessment = _local_setup(form.data)
    return areas_of(questions_for(assessment))[0]


def _first_unanswered(questions, answers) -> str:
    return next((q.area for q in questions if q.code not in answers), questions[0].area)


def _local_refused(request, form):
    return render(request, "selfassessment/start.html", {"form": form}, status=400)


def _local_answers(request, questions):
    """The valid posted answers {code: (choice, note)} and the number refused."""
    posted = _read_answers(request, questions)
    errors = services.answers_check(questions, posted, require_all=False)
    valid = {
        code: (given.choice, services.clean_note(given.note))
        for code, given in posted.items()
        if code not in errors and given.choice
    }
    return valid, len(errors)


@never_cache
@require_GET
def local_area(request, area: str):
    form, assessment = _local_setup(request.GET)
    if assessment is None:
        return _local_refused(request, form)
    questions = questions_for(assessment)
    areas = areas_of(questions)
    if area not in areas:
        raise Http404
    position = areas.index(area)
    query = _local_query(form)
    context = {
        "assessment": assessment,
        "local": True,
        "query": query,
        "area": area,
        "area_label": AREA_LABELS[area],
        "items": _items([q for q in questions if q.area == area], {}, {}, {}),
        "errors": {},
        "step": position + 1,
        "steps": len(areas),
        "previous_area": areas[position - 1] if position else None,
        "next_area": areas[position + 1] if position + 1 < len(areas) else None,
        "is_last": position + 1 == len(areas),
        "progress": _progress(questions, {}),
        "codes": {a: [q.code for q in questions if q.area == a] for a in areas},
        "setup": form.cleaned_data,
    }
    return private_page(render(request, "selfassessment/area.html", context))


@never_cache
@require_POST
def local_result(request):
    form, assessment = _local_setup(request.POST)
    if assessment is None:
        return _local_refused(request, form)
    if _limited(request, "selfassessment.save", SAVE_RATE):
        return rate_limited(request)
    questions = questions_for(assessment)
    answers, refused = _local_answers(request, questions)
    context = _result_context(request, assessment, None, answers=answers)
    context.update(
        {
            "local": True,
            "refused": refused,
            "setup": form.cleaned_data,
            "posted": [(code, choice, note) for code, (choice, note) in answers.items()],
            "continue_url": _local_url(form, _first_unanswered(questions, answers)),
            "programme": country_programme(assessment.country),
        }
    )
    status = 400 if refused else 200
    return private_page(render(request, "selfassessment/result.html", context, status=status))


@never_cache
@require_POST
def local_export(request, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404
    form, assessment = _local_setup(request.POST)
    if assessment is None:
        return _local_refused(request, form)
    answers, _refused = _local_answers(request, questions_for(assessment))
    return private_page(exports.response(fmt, _result_context(request, assessment, None, answers)))


@never_cache
@require_POST
def local_keep(request):
    """The visitor changes their mind: the answers kept in the browser go under a private link
    (to be counted, or to turn the plan into actions)."""
    form, _unsaved = _local_setup(request.POST)
    if _unsaved is None:
        return _local_refused(request, form)
    if _limited(request, "selfassessment.start", START_RATE):
        return rate_limited(request)
    data = form.cleaned_data
    assessment, token = services.selfassessment_start(
        country=data["country"],
        industry=data["industry"],
        entity_kind=data["entity_kind"],
        language=get_language() or "en",
    )
    questions = questions_for(assessment)
    services.answers_save(
        assessment=assessment, questions=questions, answers=_read_answers(request, questions)
    )
    return HttpResponseRedirect(_url("overview", token) + "?new=1&kept=1")
