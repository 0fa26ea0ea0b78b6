from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from labourdesk.analytics import geo, selectors
from labourdesk.analytics.forms import WindowForm
from labourdesk.analytics.models import DailyStat, Source
from labourdesk.analytics.privacy import local_day
from labourdesk.core.exports import csv_response, xlsx_response

CHART_W, CHART_H = 720, 180


def _chart(days: list[dict]) -> dict:
    """Bars of visits per day, drawn on the server (the table below says the same in text)."""
    peak = max((d["visits"] for d in days), default=0) or 1
    width = CHART_W / max(len(days), 1)
    bars = [
        {
            "x": round(i * width, 2),
            "w": round(max(width - 1, 0.5), 2),
            "h": round(d["visits"] / peak * (CHART_H - 20), 2),
            "y": round(CHART_H - d["visits"] / peak * (CHART_H - 20), 2),
            "label": f"{d['day'].isoformat()}: {d['visits']}",
        }
        for i, d in enumerate(days)
    ]
    return {"bars": bars, "peak": peak, "w": CHART_W, "h": CHART_H}


def _label(dimension: str, value: str) -> str:
    if dimension == DailyStat.Dimension.SOURCE:
        return str(Source(value).label) if value in Source.values else value
    if dimension == DailyStat.Dimension.COUNTRY:
        if not value:
            return _("Unknown")
        return selectors.country_name(value)
    if dimension == DailyStat.Dimension.REFERRER and not value:
        return _("(none)")
    return value


@login_required
@permission_required("analytics.view_dailystat", raise_exception=True)
def statistics_page(request):
    # Always bound: every field is optional, so an empty query is valid (the last 30 days).
    form = WindowForm(request.GET, today=local_day(), themes=selectors.all_themes())
    if not form.is_valid():
        return render(request, "analytics/statistics.html", {"form": form}, status=400)
    data = form.cleaned_data
    window = selectors.Window(
        data["start"], data["end"], data.get("language") or "", data.get("theme") or ""
    )
    days = selectors.per_day(window)
    tables = {
        dim: [{**row, "label": _label(dim, row["value"])} for row in selectors.top(window, dim)]
        for dim in (
            DailyStat.Dimension.PAGE,
            DailyStat.Dimension.COUNTRY,
            DailyStat.Dimension.SOURCE,
            DailyStat.Dimension.REFERRER,
        )
    }
    export = request.GET.get("format")
    if export in {"csv", "xlsx"}:
        headers = [_("Day"), _("Visits"), _("Page views"), _("Daily unique visitors")]
        day_rows = [(d["day"], d["visits"], d["pageviews"], d["visitors"]) for d in days]
        name = f"website-statistics-{window.start}-{window.end}"
        if export == "csv":
            return csv_response(f"{name}.csv", headers, day_rows)
        sheets = [(_("Per day"), headers, day_rows)]
        for dim, rows in tables.items():
            sheets.append(
                (
                    str(DailyStat.Dimension(dim).label),
                    [_("Value"), _("Visits"), _("Page views"), _("Daily unique visitors")],
                    [(r["label"], r["visits"], r["pageviews"], r["visitors"]) for r in rows],
                )
            )
        return xlsx_response(f"{name}.xlsx", sheets)
    return render(
        request,
        "analytics/statistics.html",
        {
            "form": form,
            "window": window,
            "days": days,
            "chart": _chart(days),
            "totals": selectors.totals(window),
            "pages": tables[DailyStat.Dimension.PAGE],
            "countries": tables[DailyStat.Dimension.COUNTRY],
            "sources": tables[DailyStat.Dimension.SOURCE],
            "referrers": tables[DailyStat.Dimension.REFERRER],
            "themes": selectors.themes(window),
            "geoip": geo.database_date(),
            "query": request.GET.urlencode(),
        },
    )
