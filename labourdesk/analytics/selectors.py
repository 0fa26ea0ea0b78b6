"""Reads of the daily figures, for the staff page, its exports and the annual report."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from labourdesk.analytics.models import DailyStat


@dataclass(frozen=True)
class Window:
    start: dt.date
    end: dt.date  # inclusive
    language: str = ""
    theme: str = ""


def _base(window: Window, dimension: str):
    rows = DailyStat.objects.filter(dimension=dimension, day__gte=window.start, day__lte=window.end)
    return rows


def totals(window: Window) -> dict:
    if window.language or window.theme:
        rows = _base(window, DailyStat.Dimension.PAGE)
        if window.language:
            rows = rows.filter(language=window.language)
        if window.theme:
            rows = rows.filter(theme=window.theme)
        # Visits and visitors of a page slice cannot be summed across pages (one visit reads
        # several pages): only page views are exact; the others are upper bounds.
    else:
        rows = _base(window, DailyStat.Dimension.SITE)
    return rows.aggregate(
        visits=Sum("visits"), pageviews=Sum("pageviews"), visitors=Sum("visitors")
    )


def per_day(window: Window) -> list[dict]:
    rows = _base(window, DailyStat.Dimension.SITE).order_by("day")
    by_day = {r.day: r for r in rows}
    out, day = [], window.start
    while day <= window.end:
        row = by_day.get(day)
        out.append(
            {
                "day": day,
                "visits": row.visits if row else 0,
                "pageviews": row.pageviews if row else 0,
                "visitors": row.visitors if row else 0,
            }
        )
        day += dt.timedelta(days=1)
    return out


def top(window: Window, dimension: str, limit: int = 25) -> list[dict]:
    rows = _base(window, dimension)
    if dimension == DailyStat.Dimension.PAGE:
        if window.language:
            rows = rows.filter(language=window.language)
        if window.theme:
            rows = rows.filter(theme=window.theme)
        fields = ["value", "language"]
    else:
        fields = ["value"]
    grouped = (
        rows.values(*fields)
        .annotate(visits=Sum("visits"), pageviews=Sum("pageviews"), visitors=Sum("visitors"))
        .order_by("-pageviews", "value")[:limit]
    )
    result = list(grouped)
    if dimension == DailyStat.Dimension.PAGE:
        titles = dict(
            DailyStat.objects.filter(dimension=dimension, value__in=[r["value"] for r in result])
            .exclude(title="")
            .values_list("value", "title")
        )
        for row in result:
            row["title"] = titles.get(row["value"], "")
    return result


def themes(window: Window) -> list[str]:
    return sorted(
        set(
            _base(window, DailyStat.Dimension.PAGE)
            .exclude(theme="")
            .values_list("theme", flat=True)
        )
    )
