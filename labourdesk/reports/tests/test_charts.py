"""The report's charts: one definition each, drawn by matplotlib for the page, PDF and DOCX."""

import io
import itertools
import re

import pytest
from docx import Document

from labourdesk.reports import exports
from labourdesk.reports.charts import chart_svg, figure, report_charts
from labourdesk.reports.periods import parse_period
from labourdesk.reports.selectors import build_report
from labourdesk.reports.tests.factories import make_case, zurich

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(reference_data):
    # The first case of the platform in 2025-26: 2023-24 and 2024-25 have no data.
    make_case(zurich(2025, 5, 1), user_type="mne", sectors=["mining"], topics=["osh"])
    return build_report(parse_period("2025-26"), language="fr")


def test_years_show_figures_and_say_which_are_unknown(report):
    chart = report_charts(report)[0]  # drawn in the report's language
    bars = chart.bars
    assert [(b.label, b.value, b.missing) for b in bars] == [
        ("2009-10 – 2020-21", None, "unknown"),
        ("2021-22", 157, ""),
        ("2022-23", 137, ""),
        ("2023-24 – 2024-25", None, "no_data"),
        ("2025-26", 1, ""),
    ]
    svg = chart_svg(chart)
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title" in svg
    assert "Pas de données" in chart.description and "2023-24, 2024-25" in chart.description


def _overlaps(boxes) -> bool:
    boxes = sorted(boxes, key=lambda b: b.y0)
    return any(a.y1 > b.y0 + 0.01 for a, b in itertools.pairwise(boxes))


def test_labels_never_overlap(report):
    charts = report_charts(report)
    assert {c.key for c in charts} >= {"years", "t1", "t4", "t5"}
    for chart in charts:
        fig = figure(chart)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        labels = [t.get_window_extent(renderer) for t in ax.get_yticklabels() if t.get_text()]
        assert len(labels) == len(chart.bars)
        assert not _overlaps(labels), chart.key
        # Every label inside the figure (none cut off at the left edge).
        assert min(b.x0 for b in labels) >= 0, chart.key


def test_ids_are_unique_across_the_page_charts(report):

    ids = [i for c in report_charts(report) for i in re.findall(r' id="([^"]+)"', chart_svg(c))]
    assert len(ids) == len(set(ids))


def test_pdf_and_docx_carry_the_same_charts(report):
    from pypdf import PdfReader

    n = len(report_charts(report))
    reader = PdfReader(io.BytesIO(exports.export_pdf(report)))
    images = sum(len(p.images) for p in reader.pages)
    assert images == n
    doc = Document(io.BytesIO(exports.export_docx(report)))
    assert len(doc.inline_shapes) == n


def test_inline_svg_carries_no_style_attribute_for_the_csp(report):
    """The page's CSP refuses style="" attributes: the colours are presentation attributes."""
    for chart in report_charts(report):
        svg = chart_svg(chart)
        assert " style=" not in svg and "<style" not in svg, chart.key
        assert re.search(r' fill="#[0-9a-f]{6}"', svg), chart.key
