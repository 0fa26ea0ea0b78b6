"""Exports of the annual report: JSON (the API), CSV, XLSX, PDF (A4) and DOCX.

All formats are built from the same `Report`, so they cannot disagree with the page.
"""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _

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
            k: {"value": c.value, "from_baseline": c.from_baseline} for k, c in row.cells.items()
        },
    }


def report_as_dict(report: Report) -> dict:
    with translation.override(report.language):
        return {
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
                    "source_notes": t.source_notes,
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
                {"period": p.code, "value": p.value, "from_baseline": p.from_baseline}
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


def _cell_text(value, from_baseline: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value}*" if from_baseline else str(value)


def export_csv(report: Report) -> bytes:
    with translation.override(report.language):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_title(report)])
        for table in report.tables:
            writer.writerow([])
            writer.writerow([table.caption])
            header, rows = _matrix(table)
            writer.writerow(header)
            for row in rows:
                writer.writerow(["" if v is None else v for v in row])
            for note in table.footnotes:
                writer.writerow([note])
        writer.writerow([])
        for n in report.narrative:
            writer.writerow([n.label, n.value, n.sentence])
        return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override(report.language):
        wb = Workbook()
        wb.remove(wb.active)
        for table in report.tables:
            ws = wb.create_sheet(_("Table %(n)s") % {"n": table.number})
            ws.append([table.caption])
            ws["A1"].font = Font(bold=True)
            header, rows = _matrix(table)
            ws.append(header)
            for cell in ws[2]:
                cell.font = Font(bold=True)
            for row in rows:
                ws.append(row)  # numbers stay numbers; unknown stays empty
            ws[ws.max_row][0].font = Font(bold=True)
            ws.append([])
            for note in [*table.footnotes, *table.source_notes]:
                ws.append([note])
            ws.column_dimensions["A"].width = 40
            if table.key == "t5":
                ws.column_dimensions["B"].width = 45
        ws = wb.create_sheet(_("Narrative"))
        ws.append([_("Figure"), _("Value"), _("Sentence")])
        for n in report.narrative:
            ws.append([n.label, n.value, n.sentence])
        ws = wb.create_sheet(_("Per year"))
        ws.append([_("Reference period"), _("Questions")])
        for p in report.per_year:
            ws.append([p.code, p.value])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


def export_docx(report: Report) -> bytes:
    from docx import Document

    with translation.override(report.language):
        doc = Document()
        doc.add_heading(_title(report), level=1)
        for n in report.narrative:
            doc.add_paragraph(n.sentence)
        for table in report.tables:
            doc.add_heading(table.caption, level=2)
            header, rows = _matrix(table)
            grid = doc.add_table(rows=1, cols=len(header))
            grid.style = "Table Grid"
            for cell, text in zip(grid.rows[0].cells, header, strict=True):
                cell.text = str(text)
            for row, source in zip(rows, [*table.rows, table.total], strict=True):
                cells = grid.add_row().cells
                offset = len(header) - len(table.columns)
                for i, value in enumerate(row):
                    if i >= offset:
                        col = table.columns[i - offset].key
                        value = _cell_text(value, source.cells[col].from_baseline)
                    cells[i].text = "" if value is None else str(value)
            for note in table.footnotes:
                doc.add_paragraph(note, style="Caption")
        buf = io.BytesIO()
        doc.save(buf)
        return buf.getvalue()


def export_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    from labourdesk.reports.charts import pdf_bar_chart, table_bars, year_bars, year_summary

    with translation.override(report.language):
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
        story = [Paragraph(_title(report), styles["Title"])]
        story += [Paragraph(n.sentence, styles["BodyText"]) for n in report.narrative]
        story += [
            Spacer(1, 4 * mm),
            Paragraph(_("Questions per year since 2009"), styles["Heading3"]),
        ]
        story += [pdf_bar_chart(year_bars(report), width=width, horizontal=False)]
        story += [Paragraph(year_summary(report), small)]
        for table in report.tables:
            story += [Spacer(1, 4 * mm), Paragraph(table.caption, styles["Heading2"])]
            header, rows = _matrix(table)
            offset = len(header) - len(table.columns)
            data = [[Paragraph(str(h), small) for h in header]]
            for row, source in zip(rows, [*table.rows, table.total], strict=True):
                line = []
                for i, value in enumerate(row):
                    if i >= offset:
                        col = table.columns[i - offset].key
                        value = _cell_text(value, source.cells[col].from_baseline)
                    line.append(Paragraph("" if value is None else str(value), small))
                data.append(line)
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
            story += [Paragraph(note, small) for note in table.footnotes]
            story.append(Spacer(1, 2 * mm))
            story.append(pdf_bar_chart(table_bars(table), width=width))
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
