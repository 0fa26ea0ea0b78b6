"""Exports of the annual report: JSON (the API), CSV, XLSX, PDF (A4) and DOCX.

All formats are built from the same `Report`, so they cannot disagree with the page. User text
(taxonomy labels) is never code: CSV and XLSX are written by `labourdesk.core.exports` (no cell
is a formula), every PDF Paragraph text is escaped (reportlab reads it as markup and would open
an `<img src=...>`), DOCX holds plain text runs. A missing figure is a word ("not known",
"no data") in every format but JSON (null, with `missing` saying why), never 0.
"""

import io
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labourdesk.core.exports import csv_bytes, xlsx_bytes
from labourdesk.reports.selectors import Report, Row, Table

FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _period(p) -> dict:
    return {
        "code": p.code or None,
        "start": p.start.isoformat(),
        "end": p.last_day.isoformat(),
        "label": p.label(),
    }


def _row(row: Row) -> dict:
    return {
        "code": row.code,
        "label": row.label,
        "group": row.group,
        "single_value": row.single_value,
        "cells": {
            k: {"value": c.value, "from_baseline": c.from_baseline, "missing": c.missing or None}
            for k, c in row.cells.items()
        },
    }


def _web_table_dict(table) -> dict:
    return {
        "title": table.title,
        "columns": [table.row_heading, *table.columns],
        "rows": [
            {"label": label, **extra, "cells": [f.as_dict() for f in figures]}
            for (label, figures), extra in zip(
                table.rows, table.extra or [{}] * len(table.rows), strict=True
            )
        ],
        "notes": table.notes,
    }


def _website_dict(report: Report) -> dict:
    """The website section under the keys the issue names (table_6_website, ...)."""
    if report.website is None:
        return {}
    return {t.key: _web_table_dict(t) for t in report.website.tables}


def _web_rows(table) -> list[list]:
    """A website table for a spreadsheet: numbers stay numbers, a missing figure is its word."""
    return [[label, *[f.cell() for f in figures]] for label, figures in table.rows]


def _web_printed(table) -> tuple[list[str], list[list[str]]]:
    """A website table as the PDF and DOCX print it (published figures marked *).
    Users by region pairs each region's users with its share in one cell."""
    if table.key == "users_by_continent":
        header = [table.row_heading, *table.columns[::2]]
        rows = []
        for label, figures in table.rows:
            pairs = zip(figures[::2], figures[1::2], strict=True)
            cells = [u.text() + (f" ({s.text()})" if s.value is not None else "") for u, s in pairs]
            rows.append([label, *cells])
        return [str(h) for h in header], rows
    return [str(h) for h in table.header], [
        [label, *[f.text() for f in figures]] for label, figures in table.rows
    ]


WEB_SHEETS = {
    "table_6_website": gettext_lazy("Table 6"),
    "users_by_continent": gettext_lazy("Users by region"),
    "top_countries": gettext_lazy("Top countries"),
    "top_pages": gettext_lazy("Top pages"),
    "traffic_sources": gettext_lazy("Traffic sources"),
    "top_referrers": gettext_lazy("Referring sites"),
}


def _web_tables(report: Report) -> list:
    return report.website.tables if report.website is not None else []


def report_as_dict(report: Report) -> dict:
    with translation.override(report.language):
        return {
            **_website_dict(report),
            "period": _period(report.period),
            "previous_period": _period(report.previous),
            "language": report.language,
            "tables": [
                {
                    "key": t.key,
                    "number": t.number,
                    "title": t.title,
                    "caption": t.caption,
                    "columns": [{"key": c.key, "label": c.label} for c in t.columns],
                    "rows": [_row(r) for r in t.rows],
                    "total": _row(t.total),
                    "footnotes": t.footnotes,
                }
                for t in report.tables
            ],
            "narrative": [
                {
                    "key": n.key,
                    "label": n.label,
                    "value": n.value,
                    "sentence": n.sentence,
                    "from_baseline": n.from_baseline,
                    "computed": n.computed,
                }
                for n in report.narrative
            ],
            "per_year": [
                {
                    "period": p.code,
                    "value": p.value,
                    "from_baseline": p.from_baseline,
                    "missing": p.missing or None,
                }
                for p in report.per_year
            ],
        }


def _title(report: Report) -> str:
    return _("Helpdesk for Business: annual report, %(period)s") % {"period": report.period.label()}


def _matrix(table: Table) -> tuple[list[str], list[list]]:
    """Header and rows of one table as plain values (None for unknown)."""
    header = [table.row_heading, *[c.label for c in table.columns]]
    if table.key == "t5":
        header = [_("Domain"), *header]
    rows = []
    for row in [*table.rows, table.total]:
        label = row.label + (" †" if row.single_value else "")
        values = [row.cells[c.key].value for c in table.columns]
        rows.append([row.group, label, *values] if table.key == "t5" else [label, *values])
    return header, rows


def _missing(item) -> str:
    """The word for a missing figure (a Cell or a YearPoint): never a zero, never blank."""
    from labourdesk.reports.charts import missing_text

    return missing_text(item.missing)


def _cell_text(cell) -> str:
    if cell.value is None:
        return _missing(cell)
    return f"{cell.value}*" if cell.from_baseline else str(cell.value)


def _printed_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    """Header and rows as the PDF and DOCX print them: text, baseline figures marked *."""
    header, rows = _matrix(table)
    offset = len(header) - len(table.columns)
    out = []
    for row, source in zip(rows, [*table.rows, table.total], strict=True):
        line = ["" if v is None else str(v) for v in row[:offset]]
        line += [_cell_text(source.cells[c.key]) for c in table.columns]
        out.append(line)
    return [str(h) for h in header], out


def _text_rows(table: Table) -> list[list]:
    """The table's rows for a spreadsheet: numbers as numbers, a missing figure as its word."""
    header, rows = _matrix(table)
    offset = len(header) - len(table.columns)
    out = []
    for row, source in zip(rows, [*table.rows, table.total], strict=True):
        line = list(row)
        for i in range(offset, len(line)):
            cell = source.cells[table.columns[i - offset].key]
            if cell.value is None:
                line[i] = _missing(cell)
        out.append(line)
    return out


def _notes(table: Table) -> list[list]:
    return [[note] for note in table.footnotes]


def _years(report: Report) -> list[list]:
    return [[p.code, p.value if p.value is not None else _missing(p)] for p in report.per_year]


def export_csv(report: Report) -> bytes:
    """One CSV file: the title, then each table (caption, header, rows, footnotes), the
    narrative and the questions per year. Written by the shared writer (no formulas)."""
    with translation.override(report.language):
        rows: list[list] = []
        for table in report.tables:
            header, _rows = _matrix(table)
            rows += [[], [table.caption], header, *_text_rows(table), *_notes(table)]
        rows.append([])
        rows += [[n.label, n.value, n.sentence] for n in report.narrative]
        rows += [[], [_("Reference period"), _("Questions")], *_years(report)]
        if _web_tables(report):
            rows += [[], [_("II. The Helpdesk website")]]
        for table in _web_tables(report):
            rows += [[], [table.title], table.header, *_web_rows(table)]
            rows += [[note] for note in table.notes]
        return csv_bytes([_title(report)], rows)


def export_xlsx(report: Report) -> bytes:
    """One sheet per table (numbers stay numbers), then the narrative and the years."""
    with translation.override(report.language):
        sheets = []
        for table in report.tables:
            header, _rows = _matrix(table)
            rows = [*_text_rows(table), [], [table.caption], *_notes(table)]
            sheets.append((_("Table %(n)s") % {"n": table.number}, header, rows))
        narrative = [[n.label, n.value, n.sentence] for n in report.narrative]
        sheets.append((_("Narrative"), [_("Figure"), _("Value"), _("Sentence")], narrative))
        sheets.append((_("Per year"), [_("Reference period"), _("Questions")], _years(report)))
        for table in _web_tables(report):
            rows = [*_web_rows(table), [], [table.title], *[[n] for n in table.notes]]
            sheets.append((str(WEB_SHEETS[table.key])[:31], table.header, rows))
        return xlsx_bytes(sheets)


def export_docx(report: Report) -> bytes:
    """Word: python-docx writes text runs, never markup, so user text prints literally."""
    from docx import Document
    from docx.shared import Cm

    from labourdesk.reports.charts import chart_png, report_charts

    with translation.override(report.language):
        charts = {c.key: c for c in report_charts(report)}
        doc = Document()
        doc.add_heading(_title(report), level=1)
        for n in report.narrative:
            doc.add_paragraph(n.sentence)
        doc.add_heading(_("Questions per year since 2009"), level=2)
        doc.add_picture(io.BytesIO(chart_png(charts["years"])), width=Cm(16))
        doc.add_paragraph(charts["years"].description, style="Caption")
        for table in report.tables:
            doc.add_heading(table.caption, level=2)
            header, rows = _printed_rows(table)
            grid = doc.add_table(rows=1, cols=len(header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, header, strict=True):
                cell.text = text
            for row in rows:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
            for note in table.footnotes:
                doc.add_paragraph(note, style="Caption")
            if table.key in charts:
                doc.add_picture(io.BytesIO(chart_png(charts[table.key])), width=Cm(16))
        if _web_tables(report):
            doc.add_heading(_("II. The Helpdesk website"), level=1)
        for table in _web_tables(report):
            doc.add_heading(table.title, level=2)
            header, rows = _web_printed(table)
            grid = doc.add_table(rows=1, cols=len(header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, header, strict=True):
                cell.text = text
            for row in rows:
                for cell, text in zip(grid.add_row().cells, row, strict=True):
                    cell.text = text
            for note in table.notes:
                doc.add_paragraph(note, style="Caption")
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def export_pdf(report: Report) -> bytes:
    """A4 PDF (reportlab). Every Paragraph's text is escaped: reportlab reads Paragraph text as
    markup (<font>, <img src=...>, which it would try to open), and user text is no markup.
    Charts are PNG images drawn by matplotlib from the page's chart definitions."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    from labourdesk.reports.charts import chart_png, report_charts

    def para(text, style) -> Paragraph:
        return Paragraph(escape(str(text)), style)

    def image(chart) -> Image:
        data = chart_png(chart)
        from PIL import Image as PILImage

        with PILImage.open(io.BytesIO(data)) as im:
            w, h = im.size
        return Image(io.BytesIO(data), width=width, height=width * h / w)

    with translation.override(report.language):
        charts = {c.key: c for c in report_charts(report)}
        styles = getSampleStyleSheet()
        small = styles["BodyText"].clone("small", fontSize=7.5, leading=9)
        buf = io.BytesIO()
        doc = SimpleDocTemplate(
            buf,
            pagesize=A4,
            title=_title(report),
            lang=report.language,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=18 * mm,
        )
        width = A4[0] - 36 * mm
        story = [para(_title(report), styles["Title"])]
        story += [para(n.sentence, styles["BodyText"]) for n in report.narrative]
        story += [
            Spacer(1, 4 * mm),
            para(_("Questions per year since 2009"), styles["Heading3"]),
            image(charts["years"]),
            para(charts["years"].description, small),
        ]
        for table in report.tables:
            story += [Spacer(1, 4 * mm), para(table.caption, styles["Heading2"])]
            header, rows = _printed_rows(table)
            data = [[para(h, small) for h in header]]
            data += [[para(v, small) for v in row] for row in rows]
            grid = PdfTable(data, repeatRows=1)
            grid.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")),
                        ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f5f8")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(grid)
            story += [para(note, small) for note in table.footnotes]
            if table.key in charts:
                story += [Spacer(1, 2 * mm), image(charts[table.key])]
        if _web_tables(report):
            story += [Spacer(1, 6 * mm), para(_("II. The Helpdesk website"), styles["Heading1"])]
        for table in _web_tables(report):
            story += [Spacer(1, 4 * mm), para(table.title, styles["Heading2"])]
            header, rows = _web_printed(table)
            data = [[para(h, small) for h in header]]
            data += [[para(v, small) for v in row] for row in rows]
            if len(data) > 1:
                grid = PdfTable(data, repeatRows=1)
                grid.setStyle(
                    TableStyle(
                        [
                            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")),
                            ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ]
                    )
                )
                story.append(grid)
            story += [para(note, small) for note in table.notes]
        doc.build(story)
        return buf.getvalue()


def export(report: Report, fmt: str) -> bytes:
    import json

    if fmt == "json":
        return json.dumps(report_as_dict(report), ensure_ascii=False, indent=2).encode()
    return {"csv": export_csv, "xlsx": export_xlsx, "pdf": export_pdf, "docx": export_docx}[fmt](
        report
    )


def filename(report: Report, fmt: str) -> str:
    stem = report.period.code or f"{report.period.start}_{report.period.last_day}"
    return f"helpdesk-report-{stem}-{report.language}.{fmt}"
