"""CSV and XLSX writers every export shares (minimal version; the shared writer replaces it).

Cells that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) get a
leading apostrophe (OWASP's CSV-injection advice), in CSV and XLSX alike.
"""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def sanitize_cell(value):
    """The value to write: text starting like a formula is escaped; numbers, dates and None
    pass unchanged (a negative number is a number, not a formula)."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(headers, rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([sanitize_cell(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else sanitize_cell(v) for v in row])
    # UTF-8 with a byte-order mark, so that spreadsheet programs read accents right.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(sheets) -> bytes:
    """`sheets`: [(title, headers, rows)]; one worksheet each, titles cut to Excel's 31."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=str(title)[:31])
        sheet.append([sanitize_cell(h) for h in headers])
        for row in rows:
            sheet.append([sanitize_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(filename, headers, rows) -> HttpResponse:
    return _attachment(csv_bytes(headers, rows), filename, "text/csv; charset=utf-8")


def xlsx_response(filename, sheets) -> HttpResponse:
    return _attachment(
        xlsx_bytes(sheets),
        filename,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
