"""Server-rendered SVG: the ratifications-over-time chart (no script, readable without CSS)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe


def ratifications_chart(series: list[tuple[int, int]], *, title: str, desc: str) -> str:
    """A step line of the cumulative count by year; empty string when there is nothing to draw.
    The page prints the same figures in a table (the chart's text alternative)."""
    if not series:
        return ""
    width, height, left, bottom, top, right = 640, 260, 48, 32, 16, 16
    first, last = series[0][0], max(series[-1][0], series[0][0] + 1)
    peak = max(count for _year, count in series) or 1

    def x(year: int) -> float:
        return left + (year - first) / (last - first) * (width - left - right)

    def y(count: int) -> float:
        return height - bottom - count / peak * (height - bottom - top)

    points = []
    previous = 0
    for year, count in series:
        points.append(f"{x(year):.1f},{y(previous):.1f}")
        points.append(f"{x(year):.1f},{y(count):.1f}")
        previous = count
    points.append(f"{x(last):.1f},{y(previous):.1f}")
    ticks = []
    step = max(1, (last - first) // 6 or 1)
    for year in range(first, last + 1, step):
        ticks.append(
            f'<text x="{x(year):.1f}" y="{height - 10}" text-anchor="middle" font-size="12">'
            f"{year}</text>"
        )
    svg = (
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-title">{escape(title)}</title>'
        f'<desc id="chart-desc">{escape(desc)}</desc>'
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" '
        f'stroke="#444"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#444"/>'
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12">{peak}</text>'
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end" font-size="12">0</text>'
        f'<polyline fill="none" stroke="#1d4f91" stroke-width="2" points="{" ".join(points)}"/>'
        f"{''.join(ticks)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text inside is escaped above
