"""Reads of the daily figures, for the staff page, its exports and the annual report."""

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db.models import Min, Sum
from django.utils import translation

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


def top(window: Window, dimension: str, limit: int = 25, order: str = "pageviews") -> list[dict]:
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
        .order_by(f"-{order}", "value")[:limit]
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


def first_day() -> dt.date | None:
    """The first day with rolled-up figures (None: nothing counted yet)."""
    return DailyStat.objects.filter(dimension=DailyStat.Dimension.SITE).aggregate(d=Min("day"))["d"]


def countries_count(window: Window) -> int:
    """Distinct countries or territories (known ones) with at least one page view."""
    return (
        _base(window, DailyStat.Dimension.COUNTRY)
        .exclude(value="")
        .filter(pageviews__gt=0)
        .values("value")
        .distinct()
        .count()
    )


def visitors_by_country(window: Window) -> dict[str, int]:
    """{country code ("" unknown): sum of daily unique visitors}."""
    rows = (
        _base(window, DailyStat.Dimension.COUNTRY)
        .values("value")
        .annotate(n=Sum("visitors"))
        .order_by()
    )
    return {r["value"]: r["n"] or 0 for r in rows}


# UN M49 regions (data/analytics/continents.csv): the five of seed 004's table.
REGIONS = {"002": "africa", "019": "americas", "142": "asia", "150": "europe", "009": "oceania"}


@lru_cache(maxsize=1)
def _continents() -> dict[str, str]:
    path = settings.BASE_DIR / "data" / "analytics" / "continents.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["country"]: REGIONS[row["region"]] for row in csv.DictReader(handle)}


def continent_of(country: str) -> str:
    """africa, americas, asia, europe, oceania, or unknown."""
    return _continents().get(country, "unknown")


def country_name(code: str, language: str | None = None) -> str:
    """The country's name in the language (CLDR, through Babel); the code if Babel lacks it."""
    from babel import Locale

    try:
        names = Locale.parse(
            translation.to_locale(language or translation.get_language() or "en")
        ).territories
    except (ValueError, TypeError):
        names = Locale("en").territories
    return names.get(code, code)


def all_themes() -> list[str]:
    """Every theme with rolled-up page views (the staff page's filter)."""
    return sorted(
        DailyStat.objects.filter(dimension=DailyStat.Dimension.PAGE)
        .exclude(theme="")
        .values_list("theme", flat=True)
        .distinct()
    )
