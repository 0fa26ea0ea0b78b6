"""The one writer of every CSV and XLSX export: no cell is ever read as a formula.

A label, a factory name or any text a user typed may start with `=`, `+`, `-` or `@` (or a tab
or a carriage return, which some spreadsheets skip before looking for one). Opened in Excel or
LibreOffice, such a cell in a CSV file is a formula: `=HYPERLINK(...)` sends data away,
`=cmd|...` ran programs in old versions. OWASP's rule for CSV: prefix the cell with a single
quote, so it is read as text. In XLSX a cell has a type: strings are written as strings
(`t="s"`/inline string, never `f`), with the "quote prefix" style that keeps them text when a
user edits the cell. Numbers stay numbers in both formats: `-13` is a number, not text; only
strings are escaped.

Every app's CSV and XLSX exports call `csv_response`/`xlsx_response` (or the `*_bytes`
functions when the bytes go elsewhere, e.g. a management command), so there is one rule.
"""

import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

# What a spreadsheet may read as the start of a formula (OWASP's CSV injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# XML 1.0 has no place for these control characters: openpyxl refuses them (a 500 otherwise).
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Characters a sheet title may not hold, and its maximum length (Excel's rules).
_SHEET_TITLE_ILLEGAL = re.compile(r"[\[\]:*?/\\]")
_SHEET_TITLE_MAX = 31
# Rows read to size the columns.
_WIDTH_SAMPLE = 200


def sanitize_cell(value):
    """A string that a spreadsheet would read as a formula gets a leading "'"; other values
    (numbers, dates, None, safe strings) are returned unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _local(value: dt.datetime) -> dt.datetime:
    """Spreadsheets have no time zones: aware datetimes are written in the site's time zone."""
    if timezone.is_aware(value):
        return timezone.make_naive(value)
    return value


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return _local(value).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return sanitize_cell(str(value))


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A CSV file: UTF-8 with a byte-order mark (so Excel reads the accents), every cell
    sanitised, numbers written as numbers, None as an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    if headers:
        writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_TITLE_ILLEGAL.sub(" ", _XML_ILLEGAL.sub("", str(title))).strip(" '")
    base = (base or "Sheet")[:_SHEET_TITLE_MAX]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate = base[: _SHEET_TITLE_MAX - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _xlsx_cell(ws, value, *, bold: bool = False):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if isinstance(value, Promise):
        value = str(value)
    cell = WriteOnlyCell(ws)
    if value is None:
        pass
    elif isinstance(value, bool | int | float | Decimal):
        cell.value = value
    elif isinstance(value, dt.datetime):
        cell.value = _local(value)
    elif isinstance(value, dt.date | dt.time):
        cell.value = value
    else:
        # Set the value and its type directly: assigning `cell.value = "=..."` would make
        # openpyxl write a formula.
        cell._value = _XML_ILLEGAL.sub("", str(value))
        cell.data_type = "s"
        if cell._value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


def _widths(headers, rows) -> list[float]:
    widths: list[int] = []
    for line in [headers or [], *rows]:
        for i, value in enumerate(line):
            size = len(str(value)) if value is not None else 0
            if i >= len(widths):
                widths.append(size)
            else:
                widths[i] = max(widths[i], size)
    # A row holding one long note (a footnote) should not widen its column to a page.
    return [min(max(w + 2, 8), 60) for w in widths]


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> bytes:
    """An XLSX workbook, one sheet per (title, headers, rows); headers in bold and frozen.

    Written in openpyxl's write-only mode (rows streamed, memory flat whatever the size).
    Strings are always strings, never formulas; numbers stay numbers; None is an empty cell.
    """
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    used: set[str] = set()
    for title, headers, rows in sheets or [("Sheet", [], [])]:
        ws = wb.create_sheet(_sheet_title(title, used))
        rows = iter(rows)
        # Column widths from the headers and the first rows: a write-only sheet takes them
        # before any row, and the rest of the rows stream through.
        first = list(itertools.islice(rows, _WIDTH_SAMPLE))
        for i, width in enumerate(_widths(headers, first), start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        if headers:
            ws.freeze_panes = "A2"
            ws.append([_xlsx_cell(ws, h, bold=True) for h in headers])
        for row in itertools.chain(first, rows):
            ws.append([_xlsx_cell(ws, v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def csv_response(filename: str, headers, rows) -> HttpResponse:
    return _attachment(csv_bytes(headers, rows), CSV_CONTENT_TYPE, filename)


def xlsx_response(filename: str, sheets) -> HttpResponse:
    return _attachment(xlsx_bytes(sheets), XLSX_CONTENT_TYPE, filename)
