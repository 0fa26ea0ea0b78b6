"""Section II of the annual report: the website (table 6, users by continent, top countries,
most visited pages, traffic sources, referring sites).

The years 2011-12 to the last published report come from its historical baseline (Google
Analytics, as published); later years from LabourDesk's own cookie-less daily roll-ups
(`labourdesk.analytics`). Two definitions meet in one table, so every table says which figures
compare with the published years: visits and pages viewed do; "users" is the sum of daily
unique visitors (a visitor who comes back another day counts again); the share of new users
needs a persistent identifier, which LabourDesk does not keep, so it is shown as not measured.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from labourdesk.analytics import selectors as stats
from labourdesk.analytics.models import DailyStat
from labourdesk.analytics.models import Source as TrafficSource
from labourdesk.reports.models import (
    HistoricalBaseline,
    WebsiteBaselineContinent,
    WebsiteBaselineYear,
)
from labourdesk.reports.periods import Period, period_containing, reference_period, today

# The website opened in October 2010; the published table 6 starts with 2011-12.
FIRST_WEBSITE_YEAR = 2011
UNKNOWN = "unknown"
NO_DATA = "no_data"
NOT_MEASURED = "not_measured"
NOT_APPLICABLE = "not_applicable"
MISSING_TEXT = {
    UNKNOWN: gettext_lazy("not known"),
    NO_DATA: gettext_lazy("no data"),
    NOT_MEASURED: gettext_lazy("not measured"),
    NOT_APPLICABLE: gettext_lazy("not applicable"),
}
CONTINENTS = WebsiteBaselineContinent.Continent
TOP_COUNTRIES, TOP_PAGES, TOP_REFERRERS = 25, 10, 10


@dataclass
class Figure:
    value: int | float | None
    from_baseline: bool = False
    missing: str = ""
    percent: bool = False

    def text(self) -> str:
        """As the PDF and DOCX print it: a word for a missing figure, * for a published one."""
        if self.value is None:
            return str(MISSING_TEXT.get(self.missing, MISSING_TEXT[UNKNOWN]))
        shown = f"{self.value:.2f} %" if self.percent else str(self.value)
        return shown + ("*" if self.from_baseline else "")

    def cell(self):
        """As a spreadsheet holds it: the number, or the word for a missing figure."""
        if self.value is None:
            return str(MISSING_TEXT.get(self.missing, MISSING_TEXT[UNKNOWN]))
        return self.value

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "from_baseline": self.from_baseline,
            "missing": self.missing or None,
        }


@dataclass
class WebTable:
    """One table of the section: a header, rows of (label, figures), and its notes."""

    key: str
    title: str
    row_heading: str
    columns: list[str]
    rows: list[tuple[str, list[Figure]]]
    notes: list[str] = field(default_factory=list)
    # Extra per-row data for the JSON export (codes, languages, paths).
    extra: list[dict] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return [self.row_heading, *self.columns]

    @property
    def has_baseline(self) -> bool:
        return any(f.from_baseline for _label, figs in self.rows for f in figs)


@dataclass
class Year:
    code: str
    label: str
    period: Period
    baseline: WebsiteBaselineYear | None = None
    counted: bool = False
    missing: str = ""


@dataclass
class WebsiteSection:
    tables: list[WebTable]

    def table(self, key: str) -> WebTable:
        return next(t for t in self.tables if t.key == key)


def _years(period: Period, published: dict[dt.date, WebsiteBaselineYear], last_end, first_day):
    """Reference years from 2011-12 to the report's period (a free range ends the list)."""
    if period.is_reference:
        last = period.start.year
        periods = [reference_period(y) for y in range(FIRST_WEBSITE_YEAR, last + 1)]
    else:
        ends_before = period_containing(period.start).start.year
        periods = [reference_period(y) for y in range(FIRST_WEBSITE_YEAR, ends_before)]
        periods.append(period)
    data_start = period_containing(first_day).start if first_day else None
    years = []
    for p in periods:
        label = p.code or p.label()
        if p.is_reference and p.start in published:
            years.append(Year(p.code, label, p, baseline=published[p.start]))
        elif last_end is not None and p.start < last_end:
            years.append(Year(label, label, p, missing=UNKNOWN))
        elif data_start is None or p.end <= data_start:
            years.append(Year(label, label, p, missing=NO_DATA))
        else:
            years.append(Year(label, label, p, counted=True))
    return years


def _window(p: Period) -> stats.Window:
    return stats.Window(p.start, p.last_day)


def _months(p: Period) -> float:
    """Months the period covers so far (12 for a whole reference year)."""
    end = min(p.end, today() + dt.timedelta(days=1))
    if p.is_reference and end == p.end:
        return 12.0
    return max((end - p.start).days, 1) * 12 / 365.25


def _table6(years: list[Year], baseline: HistoricalBaseline | None) -> WebTable:
    rows, extra = [], []
    counted = {"visits": 0, "users": 0, "page_views": 0}
    for y in years:
        if y.baseline is not None:
            b = y.baseline
            share = float(b.share_new_users) if b.share_new_users is not None else None
            figs = [
                Figure(b.visits, True, "" if b.visits is not None else UNKNOWN),
                Figure(b.visits_monthly_average, True, "" if b.visits_monthly_average else UNKNOWN),
                Figure(b.users, True, "" if b.users is not None else UNKNOWN),
                Figure(share, True, "" if share is not None else UNKNOWN, percent=True),
                Figure(b.countries, True, "" if b.countries is not None else UNKNOWN),
                Figure(b.page_views, True, "" if b.page_views is not None else UNKNOWN),
            ]
        elif y.counted:
            window = _window(y.period)
            sums = stats.totals(window)
            visits, users = sums["visits"] or 0, sums["visitors"] or 0
            views = sums["pageviews"] or 0
            counted["visits"] += visits
            counted["users"] += users
            counted["page_views"] += views
            figs = [
                Figure(visits),
                Figure(round(visits / _months(y.period))),
                Figure(users),
                Figure(None, missing=NOT_MEASURED, percent=True),
                Figure(stats.countries_count(window)),
                Figure(views),
            ]
        else:
            figs = [Figure(None, missing=y.missing) for _i in range(6)]
            figs[3].percent = True
        rows.append((y.label, figs))
        extra.append(
            {"period": y.code, "from_baseline": y.baseline is not None, "counted": y.counted}
        )

    # Cumulative totals: the published totals since 2011-12 plus the years counted since. A
    # year after the baseline without data makes the total unknown (an undercount otherwise).
    gap = any(y.missing for y in years if y.baseline is None)
    totals = (baseline.website_totals or {}) if baseline is not None else {}
    if baseline is not None and years and years[-1].period.end < baseline.period_end:
        # A period before the last published one: the total of the published years shown.
        counted = dict.fromkeys(counted, 0)
        shown = [y.baseline for y in years if y.baseline is not None]
        totals = {
            key: sum(getattr(b, key) for b in shown)
            for key in ("visits", "users", "page_views")
            if shown and all(getattr(b, key) is not None for b in shown)
        }
    total_figs = []
    for key in ("visits", None, "users", None, None, "page_views"):
        if key is None:
            total_figs.append(Figure(None, missing=NOT_APPLICABLE))
        elif gap or key not in totals:
            total_figs.append(Figure(None, missing=NO_DATA if gap else UNKNOWN))
        else:
            total_figs.append(Figure(totals[key] + counted[key], from_baseline=True))
    total_figs[3].percent = True
    if years:  # before 2011-12 the website had no reference year: no row at all
        rows.append((_("Total"), total_figs))
        extra.append({"period": "total", "from_baseline": bool(totals), "counted": False})

    first_counted = next((y for y in years if y.counted), None)
    notes = []
    if baseline is not None:
        notes.append(
            _(
                "* %(first)s to %(last)s: as published in the Helpdesk's report (Google "
                "Analytics; since 2021-22 the EN, FR and ES sites and the ZH and JA mirrors)."
            )
            % {
                "first": f"{FIRST_WEBSITE_YEAR}-{(FIRST_WEBSITE_YEAR + 1) % 100:02d}",
                "last": f"{baseline.period_start.year}-{baseline.period_end.year % 100:02d}",
            }
        )
        if any(y.baseline and y.baseline.visits is None for y in years):
            notes.append(
                _(
                    "The published report prints only the monthly average of visits for "
                    "2022-23, not the year's visits: they are not known."
                )
            )
    notes.append(
        _(
            "Years counted by LabourDesk (without cookies, no IP address stored; robots, "
            "previews and signed-in staff excluded): visits (a visit ends after 30 minutes "
            "without a page view) and pages viewed are comparable with the published years. "
            "Users = the sum of daily unique visitors: a visitor who comes back on another day "
            "counts again, so it is not Google Analytics' count of users and not comparable. "
            "The share of new users needs a persistent identifier, which LabourDesk does not "
            "keep: it is not measured. Countries or territories: the distinct countries found "
            "from the visitors' addresses in a GeoIP database (the address is then dropped)."
        )
    )
    if baseline is not None and first_counted is not None:
        notes.append(
            _(
                "The cumulative totals add the published totals and the years counted by "
                "LabourDesk; the users total therefore mixes two definitions."
            )
        )
    if gap:
        notes.append(
            _(
                "No data: no published report covers the year and LabourDesk was not yet "
                "counting; a cumulative total that spans such a year is not known either."
            )
        )
    return WebTable(
        key="table_6_website",
        title=_("Table 6: activity of the Helpdesk website, by year, and totals"),
        row_heading=_("Reference period"),
        columns=[
            _("Visits"),
            _("Visits per month (average)"),
            _("Users"),
            _("Share of new users"),
            _("Countries or territories"),
            _("Pages viewed"),
        ],
        rows=rows,
        notes=notes,
        extra=extra,
    )


def _continents(years: list[Year], published: dict[tuple[dt.date, str], int | None]) -> WebTable:
    codes = list(CONTINENTS.values)
    rows, extra = [], []
    for y in years:
        if y.baseline is not None:
            users = {c: published.get((y.period.start, c)) for c in codes}
            from_baseline = True
        elif y.counted:
            users = dict.fromkeys(codes, 0)
            for country, n in stats.visitors_by_country(_window(y.period)).items():
                users[stats.continent_of(country)] += n
            from_baseline = False
        else:
            users = dict.fromkeys(codes)
            from_baseline = False
        known = [v for v in users.values() if v is not None]
        whole = sum(known) if len(known) == len(codes) else 0
        figs = []
        for c in codes:
            n = users[c]
            missing = "" if n is not None else (y.missing or UNKNOWN)
            figs.append(Figure(n, from_baseline and n is not None, missing))
            share = round(n / whole * 100, 2) if n is not None and whole else None
            figs.append(Figure(share, False, "" if share is not None else missing or UNKNOWN, True))
        rows.append((y.label, figs))
        extra.append({"period": y.code, "from_baseline": from_baseline, "counted": y.counted})
    columns = []
    for _code, label in CONTINENTS.choices:
        columns += [str(label), _("%(region)s (share)") % {"region": label}]
    return WebTable(
        key="users_by_continent",
        title=_("Users by region"),
        row_heading=_("Reference period"),
        columns=columns,
        rows=rows,
        notes=[
            _(
                "Published years (*): users as the published report gives them; its six "
                "regions do not add up to table 6's users. Shares are computed here from each "
                "year's six figures (they match the published percentages)."
            ),
            _(
                "Years counted by LabourDesk: the sum of daily unique visitors per country, "
                "grouped by UN M49 region; comparable in shares, not in numbers."
            ),
        ],
        extra=extra,
    )


def _share(part: int, whole: int) -> Figure:
    return Figure(round(part / whole * 100, 1) if whole else None, missing=NO_DATA, percent=True)


def _counted_note(period: Period, first_day) -> str | None:
    """Why a table of our own figures is empty for this period, or None when it has data."""
    if first_day is not None and first_day <= period.last_day:
        return None
    return _(
        "LabourDesk holds no counted page view for this period (the published report's lists "
        "for its years are not loaded)."
    )


def _languages() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def build_website(period: Period) -> WebsiteSection:
    """Every table of the website section for `period` (call inside the report's language)."""
    baselines = list(HistoricalBaseline.objects.order_by("period_end"))
    published_years = {
        y.period_start: y
        for y in WebsiteBaselineYear.objects.filter(baseline__in=baselines).order_by(
            "baseline__period_end"
        )
    }
    with_website = [b for b in baselines if b.website_years.exists()]
    baseline = with_website[-1] if with_website else None
    last_end = baseline.period_end if baseline else None
    first_day = stats.first_day()
    years = _years(period, published_years, last_end, first_day)
    published_continents = {
        (c.period_start, c.continent): c.users
        for c in WebsiteBaselineContinent.objects.filter(baseline__in=baselines)
    }
    window = _window(period)
    empty = _counted_note(period, first_day)
    ours = _(
        "Counted by LabourDesk for %(period)s from its daily roll-ups (no cookie, no IP "
        "address stored)."
    ) % {"period": period.label()}

    # Top countries: by users (sum of daily unique visitors).
    by_country = stats.top(window, DailyStat.Dimension.COUNTRY, limit=1000, order="visitors")
    all_users = sum(r["visitors"] or 0 for r in by_country)
    countries = [r for r in by_country if r["value"]][:TOP_COUNTRIES]
    top_countries = WebTable(
        key="top_countries",
        title=_("The %(n)s countries or territories that used the website most")
        % {"n": TOP_COUNTRIES},
        row_heading=_("Country or territory"),
        columns=[_("Users"), _("Share of users")],
        rows=[
            (
                stats.country_name(r["value"]),
                [Figure(r["visitors"]), _share(r["visitors"], all_users)],
            )
            for r in countries
        ],
        notes=[empty or ours, _("Users = the sum of daily unique visitors.")],
        extra=[{"code": r["value"]} for r in countries],
    )

    languages = _languages()
    pages = stats.top(window, DailyStat.Dimension.PAGE, limit=TOP_PAGES)
    top_pages = WebTable(
        key="top_pages",
        title=_("The %(n)s most visited pages") % {"n": TOP_PAGES},
        row_heading=_("Page"),
        columns=[_("Language"), _("Pages viewed")],
        rows=[
            (
                r["title"] or r["value"],
                [_Text(languages.get(r["language"], r["language"])), Figure(r["pageviews"])],
            )
            for r in pages
        ],
        notes=[empty or ours],
        extra=[{"path": r["value"], "language": r["language"], "title": r["title"]} for r in pages],
    )

    sources = {r["value"]: r["visits"] or 0 for r in stats.top(window, DailyStat.Dimension.SOURCE)}
    all_visits = sum(sources.values())
    traffic = WebTable(
        key="traffic_sources",
        title=_("Traffic sources"),
        row_heading=pgettext("traffic", "Source"),
        columns=[_("Visits"), _("Share of visits")],
        rows=[
            (str(label), [Figure(sources.get(code, 0)), _share(sources.get(code, 0), all_visits)])
            for code, label in TrafficSource.choices
        ]
        if all_visits
        else [],
        notes=[
            empty or ours,
            _(
                "A visit's source is that of its first page: UTM tags first, then the "
                "referring site against a maintained list of search engines, social networks "
                "and webmail; no referrer is direct. The published report gives shares of "
                "users; these are shares of visits."
            ),
        ],
        extra=[{"code": code} for code, _label in TrafficSource.choices] if all_visits else [],
    )

    referrers = [
        r
        for r in stats.top(
            window, DailyStat.Dimension.REFERRER, limit=TOP_REFERRERS + 1, order="visits"
        )
        if r["value"]
    ][:TOP_REFERRERS]
    top_referrers = WebTable(
        key="top_referrers",
        title=_("Main referring sites"),
        row_heading=_("Site"),
        columns=[_("Visits")],
        rows=[(r["value"], [Figure(r["visits"])]) for r in referrers],
        notes=[
            empty or ours,
            _("Only the referring site's host name is kept, never the address of its page."),
        ],
        extra=[{"host": r["value"]} for r in referrers],
    )
    return WebsiteSection(
        tables=[
            _table6(years, baseline),
            _continents(years, published_continents),
            top_countries,
            top_pages,
            traffic,
            top_referrers,
        ]
    )


class _Text(Figure):
    """A word in a table's cell (a page's language)."""

    def __init__(self, word: str):
        super().__init__(None)
        self.word = word

    def text(self) -> str:
        return self.word

    def cell(self):
        return self.word

    def as_dict(self) -> dict:
        return {"value": self.word, "from_baseline": False, "missing": None}
