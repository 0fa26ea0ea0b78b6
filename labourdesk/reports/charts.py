"""Charts of the report: SVG for the page (with a text alternative), reportlab for the PDF.

Every chart has a data table or a sentence beside it: the SVG is `role="img"` with a title and a
description, and the figures themselves are always in the tables of the page.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.translation import gettext as _

from labourdesk.reports.selectors import Report, Table


@dataclass
class Bar:
    label: str
    value: int | None
    from_baseline: bool = False


def table_bars(table: Table) -> list[Bar]:
    return [
        Bar(r.label, r.cells["period"].value, r.cells["period"].from_baseline) for r in table.rows
    ]


def year_bars(report: Report) -> list[Bar]:
    return [Bar(p.code, p.value, p.from_baseline) for p in report.per_year]


def year_summary(report: Report) -> str:
    known = [f"{p.code}: {p.value}" for p in report.per_year if p.value is not None]
    unknown = [p.code for p in report.per_year if p.value is None]
    text = _("Questions per reference period: %(known)s.") % {"known": "; ".join(known) or "—"}
    if unknown:
        text += " " + _("Not known (no published figure): %(years)s.") % {
            "years": ", ".join(unknown)
        }
    return text


def _svg_open(width, height, title: str, desc: str, chart_id: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>'
    )


def svg_horizontal(bars: list[Bar], *, title: str, desc: str, chart_id: str) -> str:
    """A horizontal bar chart; unknown values are written as such, never drawn as zero."""
    row_h, label_w, bar_w, pad = 22, 230, 300, 6
    height = row_h * len(bars) + 2 * pad
    peak = max([b.value or 0 for b in bars] + [1])
    parts = [_svg_open(label_w + bar_w + 80, height, title, desc, chart_id)]
    for i, bar in enumerate(bars):
        y = pad + i * row_h
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="#1b1f24">{escape(label)}</text>'
        )
        if bar.value is None:
            unknown = escape(_("unknown"))
            parts.append(
                f'<text x="{label_w + 4}" y="{y + 15}" font-size="12" fill="#4a5260">'
                f"{unknown}</text>"
            )
            continue
        width = round(bar.value / peak * bar_w, 1)
        colour = "#6b8fb3" if bar.from_baseline else "#0b4f8a"
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{width}" height="{row_h - 6}" '
            f'fill="{colour}"/>'
            f'<text x="{label_w + width + 4}" y="{y + 15}" font-size="12" fill="#1b1f24">'
            f"{bar.value}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def svg_columns(bars: list[Bar], *, title: str, desc: str, chart_id: str) -> str:
    """Vertical bars per year; an unknown year is marked "?" on the axis, with no bar."""
    col_w, chart_h, pad, base = 38, 180, 30, 210
    width = pad * 2 + col_w * len(bars)
    peak = max([b.value or 0 for b in bars] + [1])
    parts = [
        _svg_open(width, base + 40, title, desc, chart_id),
        f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" stroke="#4a5260"/>',
    ]
    for i, bar in enumerate(bars):
        x = pad + i * col_w
        parts.append(
            f'<text x="{x + col_w / 2}" y="{base + 14}" text-anchor="middle" font-size="9" '
            f'fill="#1b1f24">{escape(bar.label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{x + col_w / 2}" y="{base - 4}" text-anchor="middle" font-size="12" '
                f'fill="#4a5260">?</text>'
            )
            continue
        h = round(bar.value / peak * chart_h, 1)
        colour = "#6b8fb3" if bar.from_baseline else "#0b4f8a"
        parts.append(
            f'<rect x="{x + 5}" y="{base - h}" width="{col_w - 10}" height="{h}" fill="{colour}"/>'
            f'<text x="{x + col_w / 2}" y="{base - h - 3}" text-anchor="middle" font-size="10" '
            f'fill="#1b1f24">{bar.value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def page_charts(report: Report) -> dict:
    """{"years": svg, "t1": svg, ...} for the page."""
    charts = {
        "years": svg_columns(
            year_bars(report),
            title=_("Questions per year since 2009"),
            desc=year_summary(report),
            chart_id="chart-years",
        )
    }
    for table in report.tables:
        charts[table.key] = svg_horizontal(
            table_bars(table),
            title=table.caption,
            desc=_("Bar chart of the period column of table %(n)s; the figures are in the table.")
            % {"n": table.number},
            chart_id=f"chart-{table.key}",
        )
    return charts


def pdf_bar_chart(bars: list[Bar], *, width: float, horizontal: bool = True):
    """A reportlab Drawing; unknown values are left out (the table beside says "unknown")."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors

    values = [b.value or 0 for b in bars]
    labels = [(b.label if b.value is not None else f"{b.label} (?)")[:30] for b in bars]
    if horizontal:
        height = 14 * len(bars) + 20
        drawing = Drawing(width, height)
        chart = HorizontalBarChart()
        chart.x, chart.y, chart.width, chart.height = 150, 10, width - 170, height - 20
        chart.categoryAxis.reverseDirection = True
    else:
        height = 150
        drawing = Drawing(width, height)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 30, 30, width - 40, height - 40
        chart.categoryAxis.labels.angle = 45
        chart.categoryAxis.labels.dy = -10
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#0b4f8a")
    drawing.add(chart)
    return drawing
