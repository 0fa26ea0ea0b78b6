"""The staff page of the annual report: choose a period, read the tables, drill down, export.

Helpdesk roles only (the permission `reports.view_annual_report`): the drill-down lists cases.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from labourdesk.reports import exports
from labourdesk.reports.charts import page_charts
from labourdesk.reports.forms import ReportForm, period_choices
from labourdesk.reports.periods import period_containing, resolve_period
from labourdesk.reports.selectors import build_report, cell_cases

CASE_URL_NAMES = ("helpdesk:case_detail", "helpdesk:case")


def _check(request) -> None:
    if not request.user.has_perm("reports.view_annual_report"):
        raise PermissionDenied


def _language() -> str:
    """The page's language when the site offers it (zh-hans, ja and vi too: the website section
    is translated into them; other sections fall back to English where their strings are not)."""
    lang = (get_language() or "en").lower()
    offered = {code for code, _name in settings.LANGUAGES}
    return lang if lang in offered else "en"


def case_url(case) -> str | None:
    """The helpdesk app's case page, if it has one (it is another engineer's app)."""
    for name in CASE_URL_NAMES:
        try:
            return reverse(name, args=[case.pk])
        except NoReverseMatch:
            continue
    return None


@require_safe
@login_required
def report_page(request):
    _check(request)
    default = period_containing(timezone.now()).previous()
    params = request.GET if request.GET else {"period": default.code}
    form = ReportForm(params)
    report = charts = None
    if form.is_valid():
        period = form.cleaned_data["report_period"]
        report = build_report(
            period, language=_language(), previous=True if form.cleaned_data["previous"] else None
        )
        charts = page_charts(report)
    query = urlencode(
        {
            **(report.period.as_param() if report else {}),
            **({"previous": "on"} if form.is_valid() and form.cleaned_data["previous"] else {}),
        }
    )
    status = 200 if report else 400
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "report": report,
            "charts": charts,
            "query": query,
            "period_choices": period_choices(),
            "formats": ["xlsx", "csv", "pdf", "docx", "json"],
        },
        status=status,
    )


@require_safe
@login_required
def report_cell(request):
    """The cases behind one cell."""
    _check(request)
    try:
        period = resolve_period(
            period=request.GET.get("period"),
            start=request.GET.get("start"),
            end=request.GET.get("end"),
        )
        cases, source = cell_cases(
            user=request.user,
            period=period,
            table=request.GET.get("table", ""),
            row=request.GET.get("row", ""),
            column=request.GET.get("column", ""),
        )
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from None
    cases = list(cases.select_related("user_type")[:1000])
    return render(
        request,
        "reports/cell.html",
        {
            "period": period,
            "cases": [(c, case_url(c)) for c in cases],
            "source": source,
            "back": reverse("reports:report") + "?" + urlencode(period.as_param()),
            "table": request.GET.get("table"),
            "row": request.GET.get("row"),
            "column": request.GET.get("column"),
        },
    )


@require_safe
@login_required
def report_export(request, fmt: str):
    _check(request)
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        period = resolve_period(
            period=request.GET.get("period"),
            start=request.GET.get("start"),
            end=request.GET.get("end"),
        )
    except ValidationError as exc:
        return HttpResponse(
            " ".join(exc.messages), status=400, content_type="text/plain; charset=utf-8"
        )
    report = build_report(
        period, language=_language(), previous=True if request.GET.get("previous") else None
    )
    response = HttpResponse(exports.export(report, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
    return response
