"""Compliance pages. Every object comes through `restrict()`; outside the scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from labourdesk.compliance import selectors, services
from labourdesk.compliance.forms import ConsentForm, ImportForm
from labourdesk.compliance.models import (
    Assessment,
    AssessmentStatus,
    Buyer,
    Factory,
    Finding,
    ImportRun,
    ReportConsent,
)
from labourdesk.compliance.tasks import import_run_create
from labourdesk.compliance.views.common import add_service_errors
from labourdesk.core.roles import ADMINISTRATOR, FACTORY_USER, has_role


def _require_perm(user, perm: str) -> None:
    if not user.has_perm(f"compliance.{perm}"):
        raise Http404


def _errors_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def factory_list(request):
    _require_perm(request.user, "view_factory")
    factories = Factory.objects.restrict(request.user, "view").select_related("country")
    return render(request, "compliance/factory_list.html", {"factories": factories})


@login_required
def factory_detail(request, pk):
    factory = selectors.get_visible(Factory, request.user, pk)
    assessments = Assessment.objects.restrict(request.user, "view").filter(factory=factory)
    return render(
        request,
        "compliance/factory_detail.html",
        {"factory": factory, "assessments": assessments},
    )


@login_required
def assessment_detail(request, pk):
    assessment = selectors.get_visible(Assessment, request.user, pk)
    can_change = Assessment.objects.restrict(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "compliance/assessment_detail.html",
        {
            "assessment": assessment,
            "can_change": can_change,
            "steps": services.assessment_allowed_steps(actor=request.user, assessment=assessment),
            "warnings": services.assessment_advisor_warnings(assessment),
            "progress": selectors.assessment_progress(assessment),
        },
    )


@login_required
@require_POST
def assessment_transition(request, pk):
    assessment = selectors.get_visible(Assessment, request.user, pk)
    try:
        services.assessment_transition(
            actor=request.user, assessment=assessment, to=request.POST.get("to", "")
        )
        messages.success(
            request, _("The assessment is now “%s”.") % assessment.get_status_display()
        )
    except ValidationError as exc:
        messages.error(request, _errors_text(exc))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("compliance:assessment", pk=pk)


@login_required
def findings_entry(request, pk, cluster_id=None):
    """One cluster at a time: a long questionnaire is saved in small steps, so a dropped
    connection loses at most one cluster's unsent answers (and the page keeps a draft locally)."""
    assessment = selectors.get_visible(Assessment, request.user, pk, "change")
    progress = selectors.assessment_progress(assessment)
    if not progress or assessment.status not in (
        AssessmentStatus.DRAFT,
        AssessmentStatus.IN_REVIEW,
    ):
        raise Http404
    current = next((c for c in progress if c["cluster"].pk == cluster_id), progress[0])
    errors = {}
    if request.method == "POST":
        entries = [
            {
                "question": q,
                "value": request.POST.get(f"value-{q.pk}", ""),
                "evidence": request.POST.get(f"evidence-{q.pk}", ""),
            }
            for q in current["questions"]
        ]
        try:
            services.findings_save(actor=request.user, assessment=assessment, entries=entries)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            messages.success(request, _("Findings saved."))
            index = progress.index(current)
            if "next" in request.POST and index + 1 < len(progress):
                return redirect(
                    "compliance:findings_cluster",
                    pk=pk,
                    cluster_id=progress[index + 1]["cluster"].pk,
                )
            return redirect("compliance:findings_cluster", pk=pk, cluster_id=current["cluster"].pk)
    findings = {
        f.question_id: f
        for f in Finding.objects.filter(assessment=assessment, question__in=current["questions"])
    }
    rows = [
        {
            "question": q,
            "finding": findings.get(q.pk),
            "value": request.POST.get(f"value-{q.pk}", "")
            if errors
            else getattr(findings.get(q.pk), "value", ""),
            "error": errors.get(q.code),
        }
        for q in current["questions"]
    ]
    total = sum(c["total"] for c in progress)
    answered = sum(c["answered"] for c in progress)
    return render(
        request,
        "compliance/findings_entry.html",
        {
            "assessment": assessment,
            "progress": progress,
            "current": current,
            "rows": rows,
            "total": total,
            "answered": answered,
            "percent": round(100 * answered / total) if total else 0,
        },
        status=400 if errors else 200,
    )


def _report_languages(request, assessment) -> tuple[str, list[tuple[str, str]]]:
    """The report body's language (`?lang=`: the factory's or the visitor's, the factory's by
    default) and the choices offered; the page around it stays in the URL's language."""
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    offered = []
    for code in (assessment.factory.language or "en", get_language() or "en"):
        if code in names and code not in [c for c, _n in offered]:
            offered.append((code, names[code]))
    asked = request.GET.get("lang", "")
    body = asked if asked in [c for c, _n in offered] else offered[0][0]
    return body, offered


def _report_context(request, pk):
    assessment = selectors.get_visible(Assessment, request.user, pk)
    if assessment.status != AssessmentStatus.RELEASED:
        raise Http404
    language, offered = _report_languages(request, assessment)
    level = selectors.report_level(request.user, assessment.factory)
    data = selectors.report_data(assessment, level=level, language=language)
    return assessment, {**data, "body_language": language, "languages": offered}


@login_required
def report_html(request, pk):
    assessment, data = _report_context(request, pk)
    services.report_access_record(actor=request.user, assessment=assessment, format="html")
    return render(request, "compliance/report.html", data)


@login_required
def report_pdf(request, pk):
    from labourdesk.compliance.pdf import render_report_pdf

    assessment, data = _report_context(request, pk)
    services.report_access_record(actor=request.user, assessment=assessment, format="pdf")
    from django.utils import translation

    with translation.override(data["body_language"]):
        pdf = render_report_pdf(data)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="assessment-{assessment.pk}.pdf"'
    return response


@login_required
def report_list(request):
    """Released reports the user may read (a buyer: those of factories that consented)."""
    _require_perm(request.user, "view_assessment")
    reports = (
        Assessment.objects.restrict(request.user, "view")
        .filter(status=AssessmentStatus.RELEASED)
        .select_related("factory")
    )
    return render(request, "compliance/report_list.html", {"reports": reports})


@login_required
def consent_page(request):
    """A factory user grants and revokes buyers' access to its reports."""
    if not (has_role(request.user, FACTORY_USER) or has_role(request.user, ADMINISTRATOR)):
        raise Http404
    factory = Factory.objects.filter(organisation_id=request.user.organisation_id).first()
    if factory is None:
        raise Http404
    buyers = Buyer.objects.restrict(request.user, "view")
    form = ConsentForm(request.POST or None, buyers=buyers)
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST.get("revoke", "")
            consent = (
                ReportConsent.objects.filter(
                    factory=factory, pk=int(revoke), revoked_at__isnull=True
                ).first()
                if revoke.isdigit()
                else None
            )
            if consent is None:
                raise Http404
            services.consent_revoke(actor=request.user, consent=consent)
            messages.success(request, _("Access revoked."))
            return redirect("compliance:consents")
        if form.is_valid():
            services.consent_grant(
                actor=request.user,
                factory=factory,
                buyer=form.cleaned_data["buyer"],
                level=form.cleaned_data["level"],
            )
            messages.success(request, _("Access granted."))
            return redirect("compliance:consents")
    consents = ReportConsent.objects.filter(factory=factory).select_related("buyer")
    return render(
        request,
        "compliance/consents.html",
        {"factory": factory, "form": form, "consents": consents},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_upload(request):
    _require_perm(request.user, "add_importrun")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        options = {
            k: form.cleaned_data[k]
            for k in ("drop_obsolete", "drop_duplicates", "merge_hazardous", "systems_to_osh")
        }
        try:
            run = import_run_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                options=options,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {})
        else:
            return redirect("compliance:import_status", pk=run.pk)
    runs = ImportRun.objects.restrict(request.user, "view")[:20]
    return render(
        request,
        "compliance/import_upload.html",
        {"form": form, "runs": runs},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_status(request, pk):
    run = selectors.get_visible(ImportRun, request.user, pk)
    return render(request, "compliance/import_status.html", {"run": run})
