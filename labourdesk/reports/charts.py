"""Charts of the report: one definition per chart, drawn by matplotlib for every output.

Why matplotlib: it is the long-maintained reference for static charts in Python, renders SVG
(the page) and PNG (PDF, DOCX) from the same figure with no browser or native helper, and ships
its own fonts (DejaVu Sans, with the accents of French and Spanish), so the page, the PDF and
the DOCX show the same chart. Vega-Lite through vl-convert would add a JavaScript engine in a
wheel for the same three bar charts.

A chart is a `Chart` (title, text alternative, bars); `chart_svg` and `chart_png` draw it.
Bars are horizontal, one row per label, so labels never overlap however many rows there are.
A missing figure is never drawn as zero: its row says "not known" or "no data" in words.
Every chart has a text alternative: the SVG carries a title and a description, and the figures
are in the tables of the page (the years chart has its own table).
"""

import functools
import hashlib
import io
import os
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from labourdesk.reports.selectors import NO_DATA, Report, Table

BASELINE_COLOUR = "#6b8fb3"
COUNTED_COLOUR = "#0b4f8a"
INK = "#1b1f24"
MUTED = "#4a5260"
LABEL_MAX = 42
ROW_INCHES = 0.27


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    from_baseline: bool = False
    missing: str = ""


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: tuple[Bar, ...]


def missing_text(missing: str) -> str:
    if missing == NO_DATA:
        return _("no data")
    return _("not known")


def _chart_label(row, labels: list[str]) -> str:
    # Table 5 has a "General" and an "Other" row in several domains: name the domain there.
    if row.group and labels.count(row.label) > 1:
        return f"{row.group}: {row.label}"
    return row.label


def table_chart(table: Table) -> Chart:
    labels = [r.label for r in table.rows]
    bars = tuple(
        Bar(
            _chart_label(r, labels),
            r.cells["period"].value,
            r.cells["period"].from_baseline,
            r.cells["period"].missing,
        )
        for r in table.rows
    )
    return Chart(
        key=table.key,
        title=table.caption,
        description=_(
            "Bar chart of the period column of table %(n)s; the figures are in the table."
        )
        % {"n": table.number},
        bars=bars,
    )


def year_bars(report: Report) -> tuple[Bar, ...]:
    """One bar per year with a figure; a run of years without one is one row that says so
    ("2009-10 – 2020-21: not known"), not a row of empty bars."""
    bars: list[Bar] = []
    run: list = []

    def flush() -> None:
        if not run:
            return
        label = run[0].code if len(run) == 1 else f"{run[0].code} – {run[-1].code}"
        bars.append(Bar(label, None, missing=run[0].missing))
        run.clear()

    for p in report.per_year:
        if p.value is None:
            if run and run[-1].missing != p.missing:
                flush()
            run.append(p)
            continue
        flush()
        bars.append(Bar(p.code, p.value, p.from_baseline))
    flush()
    return tuple(bars)


def year_summary(report: Report) -> str:
    known = [f"{p.code}: {p.value}" for p in report.per_year if p.value is not None]
    unknown = [p.code for p in report.per_year if p.value is None and p.missing != NO_DATA]
    no_data = [p.code for p in report.per_year if p.missing == NO_DATA]
    text = _("Questions per reference period: %(known)s.") % {"known": "; ".join(known) or "—"}
    if unknown:
        text += " " + _("Not known (no published figure): %(years)s.") % {
            "years": ", ".join(unknown)
        }
    if no_data:
        text += " " + _("No data (no case on the platform yet): %(years)s.") % {
            "years": ", ".join(no_data)
        }
    return text


def year_chart(report: Report) -> Chart:
    return Chart(
        key="years",
        title=_("Questions per year since 2009"),
        description=year_summary(report),
        bars=year_bars(report),
    )


def report_charts(report: Report) -> list[Chart]:
    """The years chart and one chart per table that has at least one figure in its period
    column (a chart of nothing but "no data" says no more than the table beside it)."""
    with translation.override(report.language):
        charts = [year_chart(report)]
        for table in report.tables:
            chart = table_chart(table)
            if any(b.value is not None for b in chart.bars):
                charts.append(chart)
        return charts


# --- drawing ---------------------------------------------------------------------------------


def _matplotlib():
    # matplotlib keeps a font cache; give it a writable place of ours (a server's HOME may be
    # read-only), before the first import.
    os.environ.setdefault(
        "MPLCONFIGDIR", os.path.join(settings.CACHES["default"]["LOCATION"], "mpl")
    )
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return matplotlib, Figure


# Chinese and Japanese labels need a CJK font: DejaVu Sans (matplotlib's own) has no such glyph
# and draws a box. matplotlib (3.6+) falls back along the list, glyph by glyph; only the
# families installed are named (fonts-noto-cjk on Debian), so a machine without them draws
# boxes for CJK text but nothing else changes.
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC")


@functools.cache
def font_families() -> list[str]:
    _matplotlib()
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in CJK_FAMILIES if name in installed)]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def figure(chart: Chart):
    """The matplotlib Figure of a chart (no pyplot: no global state, safe in a server)."""
    _mpl, Figure = _matplotlib()
    n = max(len(chart.bars), 1)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(7.5, 0.5 + ROW_INCHES * n), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    values = [b.value or 0 for b in chart.bars]
    peak = max([*values, 1])
    ys = list(range(len(chart.bars)))
    colours = [BASELINE_COLOUR if b.from_baseline else COUNTED_COLOUR for b in chart.bars]
    ax.barh(ys, values, color=colours, height=0.7)
    ax.set_yticks(ys, [_short(b.label) for b in chart.bars], fontsize=8.5, color=INK)
    ax.invert_yaxis()
    ax.set_ylim(len(chart.bars) - 0.5, -0.5)
    ax.set_xlim(0, peak * 1.18)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(axis="x", labelsize=8, colors=MUTED)
    ax.tick_params(axis="y", length=0)
    ax.xaxis.grid(True, color="#e4e9f0", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for y, bar in zip(ys, chart.bars, strict=True):
        if bar.value is None:
            ax.text(
                peak * 0.01,
                y,
                missing_text(bar.missing),
                va="center",
                fontsize=8.5,
                fontstyle="italic",
                color=MUTED,
            )
        else:
            ax.text(bar.value + peak * 0.01, y, str(bar.value), va="center", fontsize=8, color=INK)
    return fig


def _render(chart: Chart, fmt: str) -> bytes:
    matplotlib, _Figure = _matplotlib()
    rc = {"svg.hashsalt": chart.key, "svg.fonttype": "path", "font.family": font_families()}
    with matplotlib.rc_context(rc):
        fig = figure(chart)
        buf = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else None
        fig.savefig(buf, format=fmt, dpi=150 if fmt == "png" else 100, metadata=metadata)
    return buf.getvalue()


def _cached(chart: Chart, fmt: str) -> bytes:
    digest = hashlib.sha256(repr((chart, fmt, 2)).encode()).hexdigest()
    key = f"reports:chart:{digest}"
    data = cache.get(key)
    if data is None:
        data = _render(chart, fmt)
        cache.set(key, data, 24 * 3600)
    return data


def chart_png(chart: Chart) -> bytes:
    return _cached(chart, "png")


_ID = re.compile(r'(id="|href="#|url\(#)([^")]+)')
_STYLE_ATTR = re.compile(r'\sstyle="([^"]*)"')
# The SVG presentation attributes matplotlib's inline styles use. The page's Content-Security-
# Policy refuses style="" attributes, so each declaration becomes its presentation attribute;
# anything else is dropped (it would be refused anyway).
_PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
    }
)


def _presentation_attributes(match: re.Match) -> str:
    attrs = []
    for declaration in match.group(1).split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name in _PRESENTATION and value:
            attrs.append(f' {name}="{value}"')
    return "".join(attrs)


def chart_svg(chart: Chart) -> str:
    """Inline SVG for the page: role="img" with a title and description; ids prefixed with the
    chart's key (several charts on one page must not share an id)."""
    from django.utils.html import escape

    svg = _cached(chart, "svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = _STYLE_ATTR.sub(_presentation_attributes, svg)
    chart_id = f"chart-{chart.key}"
    svg = _ID.sub(lambda m: f"{m.group(1)}{chart_id}-{m.group(2)}", svg)
    head_end = svg.index(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", svg[:head_end])
    return (
        f'{head} class="chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-d">{escape(chart.description)}</desc>'
        f"{svg[head_end + 1 :]}"
    )


def page_charts(report: Report) -> dict:
    """{"years": svg, "t1": svg, ...} for the page."""
    return {c.key: chart_svg(c) for c in report_charts(report)}
