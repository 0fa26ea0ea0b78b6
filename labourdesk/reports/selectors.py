"""The table engine: counts with aggregate SQL, then joins the historical baselines.

Counting rules (SYSTEM.md): only admissible cases count, in the period of `admitted_at`; the TOTAL
row counts distinct cases; a case with several regions, sectors or topics counts once in each.
Every table is one query: the number of cases grouped by term over the many-to-many through
table (or the foreign key), with one conditional aggregate per column, so the period, the
previous period and the cumulative window are read in a single pass. Plain ORM aggregates: the
same SQL runs on SQLite and PostgreSQL.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labourdesk.helpdesk.models import Case
from labourdesk.reports.models import BaselineFigure, HistoricalBaseline
from labourdesk.reports.periods import (
    SERVICE_START,
    Period,
    _start_of_day,
    period_containing,
    reference_periods_until,
)
from labourdesk.reports.tables import TABLES, TABLES_BY_KEY, TableSpec
from labourdesk.reports.website import WebsiteSection, build_website

Window = tuple[dt.datetime, dt.datetime]
COLUMN_KEYS = ("previous", "period", "cumulative")


# --- counting --------------------------------------------------------------------------------


def _window_q(prefix: str, window: Window) -> Q:
    return Q(**{f"{prefix}admitted_at__gte": window[0], f"{prefix}admitted_at__lt": window[1]})


def _span(windows: dict[str, Window]) -> Window:
    return min(w[0] for w in windows.values()), max(w[1] for w in windows.values())


def count_totals(windows: dict[str, Window]) -> dict[str, int]:
    """Admissible cases per window (each case is one row: COUNT is a count of distinct cases)."""
    if not windows:
        return {}
    lo, hi = _span(windows)
    qs = Case.objects.admissible().filter(admitted_at__gte=lo, admitted_at__lt=hi)
    return qs.aggregate(**{k: Count("id", filter=_window_q("", w)) for k, w in windows.items()})


def count_answered(windows: dict[str, Window]) -> dict[str, int]:
    """Admissible cases of each window that have been answered (a reply was sent)."""
    if not windows:
        return {}
    lo, hi = _span(windows)
    qs = Case.objects.admissible().filter(
        admitted_at__gte=lo, admitted_at__lt=hi, first_answer_at__isnull=False
    )
    return qs.aggregate(**{k: Count("id", filter=_window_q("", w)) for k, w in windows.items()})


def count_case_fields(
    windows: dict[str, Window],
) -> tuple[dict[str, int], dict[str, dict[int, dict[str, int]]]]:
    """Totals and the two single-valued tables (user type, user region) in one scan of cases.

    Grouped by (user type, user region), at most 12 × 12 groups, summed here: one pass over the
    case table instead of three.
    """
    totals = dict.fromkeys(windows, 0)
    by_field: dict[str, dict[int, dict[str, int]]] = {"user_type_id": {}, "user_region_id": {}}
    if not windows:
        return totals, by_field
    lo, hi = _span(windows)
    rows = (
        Case.objects.admissible()
        .filter(admitted_at__gte=lo, admitted_at__lt=hi)
        .order_by()
        .values("user_type_id", "user_region_id")
        .annotate(**{k: Count("id", filter=_window_q("", w)) for k, w in windows.items()})
    )
    for row in rows:
        for key in windows:
            totals[key] += row[key]
            for column in by_field:
                if row[column] is not None:
                    counts = by_field[column].setdefault(row[column], dict.fromkeys(windows, 0))
                    counts[key] += row[key]
    return totals, by_field


def count_table(table: TableSpec, windows: dict[str, Window]) -> dict[int, dict[str, int]]:
    """{term id: {window key: distinct admissible cases}} for one table.

    The through table is unique on (case, term), so within one term COUNT(case_id) already
    counts distinct cases: COUNT(DISTINCT) would give the same figure and, on PostgreSQL, force
    a sort per group (2–3× slower at 100,000 cases). The property tests compare every figure with
    a plain-Python count of distinct cases.
    """
    if not windows:
        return {}
    lo, hi = _span(windows)
    if table.many:
        column = table.through_term_column
        qs = table.through.objects.filter(
            case__admissible=True,
            case__admitted_at__gte=lo,
            case__admitted_at__lt=hi,
        )
        prefix, counted = "case__", "case_id"
    else:
        column = f"{table.field}_id"
        qs = Case.objects.admissible().filter(
            admitted_at__gte=lo, admitted_at__lt=hi, **{f"{column}__isnull": False}
        )
        prefix, counted = "", "id"
    aggregates = {k: Count(counted, filter=_window_q(prefix, w)) for k, w in windows.items()}
    rows = qs.order_by().values(column).annotate(**aggregates)
    return {r[column]: {k: r[k] for k in windows} for r in rows}


# --- where each column's figures come from ---------------------------------------------------


# Why a figure is missing: no published report gives it, or the platform holds no case for it
# (the years after the last published report and before the first case). Neither is a zero.
UNKNOWN = "unknown"
NO_DATA = "no_data"


@dataclass(frozen=True)
class Source:
    """How one column is obtained: a baseline column, counted cases, both, or unknown."""

    baseline: HistoricalBaseline | None = None
    baseline_column: str = ""
    window: Window | None = None
    missing: str = UNKNOWN

    @property
    def known(self) -> bool:
        return self.baseline is not None or self.window is not None


def _window(start: dt.date, end: dt.date) -> Window | None:
    return (_start_of_day(start), _start_of_day(end)) if start < end else None


def period_source(
    period: Period, baselines: list[HistoricalBaseline], data_start: dt.date | None
) -> Source:
    """`data_start`: the first day of the reference period of the first case counted on the
    platform (None: no case yet). A period that ends before it has no data."""
    for b in baselines:
        if (b.period_start, b.period_end) == (period.start, period.end):
            return Source(baseline=b, baseline_column="period")
        previous_start = dt.date(b.period_start.year - 1, 3, 1)
        if (previous_start, b.period_start) == (period.start, period.end):
            return Source(baseline=b, baseline_column="previous")
    if baselines and period.start < baselines[-1].period_end:
        # Before the last baseline the platform holds no cases: only published figures exist.
        return Source()
    if data_start is None or period.end <= data_start:
        return Source(missing=NO_DATA)
    return Source(window=_window(period.start, period.end))


def cumulative_source(
    period: Period, baselines: list[HistoricalBaseline], data_start: dt.date | None
) -> Source:
    """The last baseline's cumulative column plus the cases counted since. When periods between
    the baseline and the first case have no data, the cumulative total is not known either:
    adding the cases counted later would pass an undercount for a total since 2009."""
    before = [b for b in baselines if b.period_end <= period.end]
    if before:
        b = before[-1]
        window = _window(b.period_end, period.end)
        if window is not None and (data_start is None or data_start > b.period_end):
            return Source(missing=NO_DATA)
        return Source(baseline=b, baseline_column="cumulative", window=window)
    if baselines:
        return Source()
    # Without any published report the platform is taken to hold every case since 2009.
    if data_start is None or period.end <= data_start:
        return Source(missing=NO_DATA)
    return Source(window=_window(SERVICE_START, period.end))


def data_start(engine: str = "auto", *, ensure: bool = True) -> dt.date | None:
    """The first day of the reference period in which the first admissible case was admitted."""
    if engine == "auto":
        from labourdesk.reports.rollup import rollup_first_month

        first = rollup_first_month(ensure=ensure)
    else:
        first = Case.objects.admissible().aggregate(m=Min("admitted_at"))["m"]
    if first is None:
        return None
    return period_containing(first).start


# --- the report -------------------------------------------------------------------------------


@dataclass
class Cell:
    value: int | None
    from_baseline: bool = False
    # The counted part can be listed (drill-down); a pure baseline figure cannot.
    counted: bool = False
    # When value is None: UNKNOWN or NO_DATA.
    missing: str = ""


@dataclass
class Row:
    code: str
    label: str
    cells: dict[str, Cell]
    group: str = ""
    is_total: bool = False
    single_value: bool = False


@dataclass
class Column:
    key: str
    label: str
    period: Period | None = None


@dataclass
class Table:
    key: str
    number: int
    title: str
    row_heading: str
    columns: list[Column]
    rows: list[Row]
    total: Row
    footnotes: list[str] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return _("Table %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def lines(self) -> list[tuple[Row, list[tuple[Column, Cell]]]]:
        """Rows then TOTAL, each with its cells in column order (for templates)."""
        return [(r, [(c, r.cells[c.key]) for c in self.columns]) for r in [*self.rows, self.total]]

    @property
    def has_baseline(self) -> bool:
        return any(c.from_baseline for r in [*self.rows, self.total] for c in r.cells.values())


@dataclass
class NarrativeFigure:
    key: str
    label: str
    value: int | None
    sentence: str
    from_baseline: bool = False
    computed: int | None = None


@dataclass
class YearPoint:
    code: str
    value: int | None
    from_baseline: bool
    # When value is None: UNKNOWN or NO_DATA.
    missing: str = ""


@dataclass
class Report:
    period: Period
    previous: Period
    language: str
    tables: list[Table]
    narrative: list[NarrativeFigure]
    per_year: list[YearPoint]
    baselines: list[HistoricalBaseline]
    # Section II, the website (labourdesk/reports/website.py).
    website: "WebsiteSection | None" = None

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _cell(source: Source, counts: dict | None, key: str, figure: int | None) -> Cell:
    if not source.known:
        return Cell(None, missing=source.missing)
    value: int | None = 0
    if source.baseline is not None:
        value = figure
    counted = 0
    if source.window is not None:
        counted = (counts or {}).get(key, 0)
    if value is None:
        return Cell(None, from_baseline=True, missing=UNKNOWN)
    return Cell(
        value + counted,
        from_baseline=source.baseline is not None,
        counted=source.window is not None,
    )


def _baseline_figures(baselines) -> dict[tuple[int, str, str], BaselineFigure]:
    figures = BaselineFigure.objects.filter(baseline__in=baselines)
    return {(f.baseline_id, f.table, f.row_code): f for f in figures}


def _figure(figures, source: Source, table: str, code: str) -> int | None:
    if source.baseline is None:
        return None
    f = figures.get((source.baseline.pk, table, code))
    value = getattr(f, source.baseline_column) if f is not None else None
    if value is None and code == "total":
        # The TOTAL of every table is the number of distinct questions (the narrative's figure).
        return getattr(source.baseline, f"total_{source.baseline_column}")
    return value


def build_report(
    period: Period,
    *,
    language: str = "en",
    previous: bool | set[str] | None = None,
    engine: str = "auto",
) -> Report:
    """All five tables for `period`. `previous`: True for every table, a set of table keys, or
    None for the published default (table 4 only). `engine`: "auto" reads the monthly roll-up
    when the windows start on the first of a month (rollup.py), "sql" always counts the cases."""
    with translation.override(language):
        return _build(period, language, previous, engine)


class _Counts:
    """The counts of every table for a set of windows, from the roll-up or straight from SQL."""

    def __init__(self, windows: dict[str, Window], engine: str):
        from labourdesk.reports.rollup import counts_via_rollup

        self.windows = windows
        # engine "auto": _build has brought the roll-up up to date once for the whole report.
        self.via = counts_via_rollup(windows, ensure=False) if engine == "auto" else None
        if self.via is not None:
            total = self.via.get("t0", {}).get(0, {})
            answered = self.via.get("a0", {}).get(0, {})
            self.totals = {k: total.get(k, 0) for k in windows}
            self.answered = {k: answered.get(k, 0) for k in windows}
        else:
            self.totals, self.by_field = count_case_fields(windows)
            self.answered = count_answered(windows)

    def table(self, spec: TableSpec) -> dict[int, dict[str, int]]:
        if self.via is not None:
            return self.via.get(spec.key, {})
        if not spec.many:
            return self.by_field[f"{spec.field}_id"]
        return count_table(spec, self.windows)


def _build(period: Period, language: str, previous, engine: str) -> Report:
    baselines = list(HistoricalBaseline.objects.order_by("period_end"))
    if engine == "auto":
        from labourdesk.reports.rollup import ensure_rollup

        ensure_rollup()
    start = data_start(engine, ensure=False)
    prev_period = period.previous()
    sources = {
        "previous": period_source(prev_period, baselines, start),
        "period": period_source(period, baselines, start),
        "cumulative": cumulative_source(period, baselines, start),
    }
    windows = {k: s.window for k, s in sources.items() if s.window is not None}
    figures = _baseline_figures(baselines)
    engine_counts = _Counts(windows, engine)
    totals = engine_counts.totals
    column_labels = {
        "previous": Column("previous", prev_period.label(), prev_period),
        "period": Column("period", period.label(), period),
        "cumulative": Column("cumulative", _("Cumulative total since March 2009")),
    }

    tables = []
    for spec in TABLES:
        show_previous = (
            spec.previous_by_default
            if previous is None
            else (previous if isinstance(previous, bool) else spec.key in previous)
        )
        keys = [k for k in COLUMN_KEYS if k != "previous" or show_previous]
        counts = engine_counts.table(spec)
        rows = []
        for term in spec.terms():
            term_figures = {k: _figure(figures, sources[k], spec.key, term.code) for k in keys}
            cells = {k: _cell(sources[k], counts.get(term.pk), k, term_figures[k]) for k in keys}
            single = any(
                (f := figures.get((s.baseline.pk, spec.key, term.code))) and f.single_value
                for s in sources.values()
                if s.baseline is not None
            )
            rows.append(
                Row(
                    code=term.code,
                    label=term.label_in(language),
                    cells=cells,
                    group=term.domain.label_in(language) if spec.key == "t5" else "",
                    single_value=single,
                )
            )
        total = Row(
            code="total",
            label=_("TOTAL"),
            is_total=True,
            cells={
                k: _cell(sources[k], totals, k, _figure(figures, sources[k], spec.key, "total"))
                for k in keys
            },
        )
        table = Table(
            key=spec.key,
            number=spec.number,
            title=str(spec.title),
            row_heading=str(spec.row_heading),
            columns=[column_labels[k] for k in keys],
            rows=rows,
            total=total,
        )
        _footnotes(table, spec, sources, figures, keys)
        tables.append(table)

    report = Report(
        period=period,
        previous=prev_period,
        language=language,
        tables=tables,
        narrative=[],
        per_year=per_year(period, baselines, start, engine=engine),
        baselines=baselines,
    )
    report.narrative = narrative(report, sources, totals, figures, engine_counts.answered)
    report.website = build_website(period)
    return report


def _footnotes(table: Table, spec: TableSpec, sources, figures, keys) -> None:
    used = {s.baseline.pk: s.baseline for k, s in sources.items() if k in keys and s.baseline}
    for baseline in used.values():
        table.footnotes.append(
            _(
                "* From the published report for %(start)s – %(end)s (historical baseline). "
                "Cumulative totals after %(end)s add the cases counted on the platform."
            )
            % {
                "start": date_format(baseline.period_start, "DATE_FORMAT"),
                "end": date_format(baseline.period_end - dt.timedelta(days=1), "DATE_FORMAT"),
            }
        )
        if not spec.many:
            for column in ("period", "previous", "cumulative"):
                rows = [
                    getattr(f, column)
                    for (b, t, code), f in figures.items()
                    if b == baseline.pk and t == spec.key and code != "total"
                ]
                total = _figure(
                    figures, Source(baseline=baseline, baseline_column=column), spec.key, "total"
                )
                if rows and None not in rows and total is not None and sum(rows) != total:
                    table.footnotes.append(
                        _(
                            "In the published report the rows of this table add up to %(sum)s, "
                            "not to the published TOTAL %(total)s; both are shown as published."
                        )
                        % {"sum": sum(rows), "total": total}
                    )
    if any(r.single_value for r in table.rows):
        table.footnotes.append(
            _(
                "† The published report prints a single figure for this row; it is shown in the "
                "period column, although the report does not make clear which column it belongs "
                "to. The cumulative total is therefore unknown."
            )
        )
    cells = [c for r in [*table.rows, table.total] for c in r.cells.values()]
    if any(c.missing == UNKNOWN for c in cells):
        table.footnotes.append(_("— Not known: the published reports do not give this figure."))
    if any(c.missing == NO_DATA for c in cells):
        table.footnotes.append(
            _(
                "No data: no published report covers this period and the platform holds no case "
                "for it (it was not yet in use), so the figure is not known; it is not a zero. A "
                "cumulative total that spans such a period is not known either."
            )
        )
    if spec.many:
        table.footnotes.append(
            _(
                "A question may be classified under several rows, so the rows may add up to "
                "more than the TOTAL, which counts each question once."
            )
        )


def per_year(
    period: Period,
    baselines: list[HistoricalBaseline],
    start: dt.date | None,
    *,
    engine: str = "auto",
) -> list[YearPoint]:
    """Questions per reference period since 2009-10: published figures and counted cases only;
    a year for which neither exists is unknown or has no data (None), never estimated."""
    years = reference_periods_until(period)
    sources = {p.code: period_source(p, baselines, start) for p in years}
    windows = {code: s.window for code, s in sources.items() if s.window}
    counts = _Counts(windows, engine).totals if windows else {}
    points = []
    for p in years:
        s = sources[p.code]
        if s.baseline is not None:
            value = getattr(s.baseline, f"total_{s.baseline_column}")
            points.append(
                YearPoint(p.code, value, True, missing="" if value is not None else UNKNOWN)
            )
        elif s.window is not None:
            points.append(YearPoint(p.code, counts.get(p.code, 0), False))
        else:
            points.append(YearPoint(p.code, None, False, missing=s.missing))
    return points


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def _pct(part: int, whole: float) -> int:
    value = (part - whole) / whole * 100
    return int(value + 0.5) if value >= 0 else -int(-value + 0.5)


def narrative(report: Report, sources, totals, figures, answered) -> list[NarrativeFigure]:
    """The figures the report's text quotes, each with the sentence it fills. Each sentence
    says what its figure counts: admissible questions (the tables' TOTAL), or the admissible
    questions that have been answered (known only for periods counted on the platform)."""
    total = report.table("t1").total.cells
    n = total["period"].value
    cumulative = total["cumulative"].value
    prev_cell = _cell(
        sources["previous"],
        totals,
        "previous",
        _figure(figures, sources["previous"], "t1", "total"),
    )
    prev = prev_cell.value
    published = {}
    if sources["period"].baseline is not None and sources["period"].baseline_column == "period":
        published = sources["period"].baseline.narrative or {}
    result = []
    if cumulative is not None:
        result.append(
            NarrativeFigure(
                "answered_since_2009",
                _("Admissible questions since 2009"),
                cumulative,
                ngettext(
                    "Since its creation in 2009, the Helpdesk has received %(n)s admissible "
                    "question.",
                    "Since its creation in 2009, the Helpdesk has received %(n)s admissible "
                    "questions.",
                    cumulative,
                )
                % {"n": _n(cumulative)},
                from_baseline=total["cumulative"].from_baseline,
            )
        )
    if n is not None:
        result.append(
            NarrativeFigure(
                "admissible_requests_this_period",
                _("Admissible requests in the period"),
                n,
                ngettext(
                    "In the period %(period)s, the Helpdesk received %(n)s admissible request.",
                    "In the period %(period)s, the Helpdesk received %(n)s admissible requests.",
                    n,
                )
                % {"period": report.period.label(), "n": _n(n)},
                from_baseline=total["period"].from_baseline,
            )
        )
    period_source = sources["period"]
    if n is None and total["period"].missing == NO_DATA:
        result.append(
            NarrativeFigure(
                "no_data_this_period",
                _("No data for the period"),
                None,
                _(
                    "No data for %(period)s: no published report covers this period and the "
                    "platform holds no case for it. Load the published report of the period as "
                    "a historical baseline to show its figures."
                )
                % {"period": report.period.label()},
            )
        )
    if n is not None and period_source.baseline is None and period_source.window is not None:
        done = answered.get("period", 0)
        result.append(
            NarrativeFigure(
                "answered_requests_this_period",
                _("Admissible requests of the period answered"),
                done,
                ngettext(
                    "%(answered)s of them has been answered so far.",
                    "%(answered)s of them have been answered so far.",
                    done,
                )
                % {"answered": _n(done)},
            )
        )
    if n is not None and prev:
        computed = _pct(n, prev)
        value = published.get("change_vs_previous_period_pct", computed)
        template = (
            _("That is %(pct)s%% more than in the previous period (%(prev)s requests).")
            if value >= 0
            else _("That is %(pct)s%% less than in the previous period (%(prev)s requests).")
        )
        result.append(
            NarrativeFigure(
                "change_vs_previous_period_pct",
                _("Change against the previous period (%)"),
                value,
                template % {"pct": abs(value), "prev": _n(prev)},
                from_baseline=bool(published),
                computed=computed if computed != value else None,
            )
        )
    years = len(reference_periods_until(report.period))
    if n is not None and cumulative is not None and years:
        computed_avg = int(cumulative / years + 0.5)
        average = published.get("annual_average_since_creation", computed_avg)
        diff = _pct(n, average) if average else 0
        template = (
            _(
                "That is %(pct)s%% more than the annual average since the Helpdesk's creation, "
                "which is %(avg)s."
            )
            if diff >= 0
            else _(
                "That is %(pct)s%% less than the annual average since the Helpdesk's creation, "
                "which is %(avg)s."
            )
        )
        result.append(
            NarrativeFigure(
                "annual_average_since_creation",
                _("Annual average since creation"),
                average,
                template % {"pct": abs(diff), "avg": _n(average)},
                from_baseline=bool(published),
                computed=computed_avg if computed_avg != average else None,
            )
        )
    mne_row = next((r for r in report.table("t1").rows if r.code == "mne"), None)
    if mne_row is not None and mne_row.cells["period"].value is not None and n is not None:
        mne = mne_row.cells["period"].value
        result.append(
            NarrativeFigure(
                "mne_questions_this_period",
                _("Questions from multinational enterprises"),
                mne,
                _("Multinational enterprises asked %(mne)s of the %(n)s admissible questions.")
                % {"mne": _n(mne), "n": _n(n)},
                from_baseline=mne_row.cells["period"].from_baseline,
            )
        )
    return result


# --- drill-down ------------------------------------------------------------------------------


def cell_cases(*, user, period: Period, table: str, row: str, column: str):
    """The cases behind one cell (its counted part; baseline figures have no cases)."""
    from django.core.exceptions import ValidationError

    spec = TABLES_BY_KEY.get(table)
    if spec is None or column not in COLUMN_KEYS:
        raise ValidationError(_("Unknown table or column."), code="cell")
    baselines = list(HistoricalBaseline.objects.order_by("period_end"))
    if column == "previous":
        source = period_source(period.previous(), baselines, data_start())
    elif column == "period":
        source = period_source(period, baselines, data_start())
    else:
        source = cumulative_source(period, baselines, data_start())
    qs = Case.objects.restrict(user, "view").admissible()
    if source.window is None:
        return qs.none(), source
    qs = qs.filter(admitted_at__gte=source.window[0], admitted_at__lt=source.window[1])
    if row != "total":
        if not spec.terms().filter(code=row).exists():
            raise ValidationError(_("Unknown row."), code="cell")
        qs = qs.filter(**{f"{spec.field}__code": row})
    return qs.order_by("admitted_at", "pk").distinct(), source
