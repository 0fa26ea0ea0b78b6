"""Reading Better Work exports: CSV or XLSX, either header spelling, dd/mm/yyyy dates.

Errors are collected, never raised one by one: an import names every problem (row and column)
and writes nothing, and stops at the first MAX_ERRORS. Row numbers are those of a spreadsheet:
the header is row 1.

Reading is bounded, whoever uploads: an XLSX is checked from its zip directory (declared sizes)
before openpyxl opens it, then read in streaming mode; rows, columns and the length of a CSV line
are capped (settings IMPORT_MAX_ROWS, IMPORT_MAX_COLUMNS, IMPORT_MAX_LINE_BYTES,
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES, IMPORT_XLSX_MAX_PART_BYTES).
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_ERRORS = 1000


class ImportFailed(Exception):
    """The file cannot be imported; `errors` lists {"row", "column", "message"}."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(f"{len(errors)} error(s)")


def normalise_header(header) -> str:
    """'Factory.Assessed.ID', 'Factory Assessed ID' and 'factory_assessed_id' are one column."""
    return re.sub(r"[\s._]+", " ", str(header or "").replace("\ufeff", "")).strip().lower()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _failed(row, message) -> ImportFailed:
    return ImportFailed([{"row": row, "column": None, "message": message}])


def _megabytes(size: int) -> str:
    return number_format(round(size / 1_000_000, 1))


def _too_many_rows(row: int) -> ImportFailed:
    return _failed(
        row,
        _("The file has more than %(max)s rows: split it into smaller files.")
        % {"max": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)},
    )


def _too_many_columns(count: int) -> ImportFailed:
    return _failed(
        1,
        _("The file has %(count)s columns; at most %(max)s are read. Is this the right file?")
        % {
            "count": number_format(count, force_grouping=True),
            "max": number_format(settings.IMPORT_MAX_COLUMNS, force_grouping=True),
        },
    )


def check_xlsx_archive(source) -> None:
    """Refuse a workbook whose zip directory declares too much data, before anything is inflated.

    The declared sizes bound what is read: zipfile stops at a member's declared size and checks
    its CRC, so a member cannot inflate past what it declares. Worksheets are streamed later;
    every other part (shared strings, styles, ...) is loaded whole by openpyxl, so it has its own
    smaller cap."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _failed(None, _("Not a readable XLSX file.")) from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    total = sum(m.file_size for m in members)
    if total > settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES:
        raise _failed(
            None,
            _(
                "This workbook holds %(size)s MB of data once uncompressed; at most %(max)s MB "
                "are read. Export the sheet as CSV or split it."
            )
            % {
                "size": _megabytes(total),
                "max": _megabytes(settings.IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES),
            },
        )
    for member in members:
        if member.filename.startswith("xl/worksheets/"):
            continue
        if member.file_size > settings.IMPORT_XLSX_MAX_PART_BYTES:
            raise _failed(
                None,
                _(
                    "The part %(part)s of this workbook holds %(size)s MB once uncompressed; at "
                    "most %(max)s MB are read. Export the sheet as CSV."
                )
                % {
                    "part": member.filename,
                    "size": _megabytes(member.file_size),
                    "max": _megabytes(settings.IMPORT_XLSX_MAX_PART_BYTES),
                },
            )


def _open_xlsx(source) -> tuple[list[str], Iterator[tuple[int, list]]]:
    from openpyxl import load_workbook

    check_xlsx_archive(source)
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise _failed(None, _("Not a readable XLSX file.")) from exc
    max_columns, max_rows = settings.IMPORT_MAX_COLUMNS, settings.IMPORT_MAX_ROWS
    # The sheet's declared width (its <dimension>), when it has one: a stray value in column
    # XFD would otherwise make every row 16,384 cells long.
    declared = sheet.max_column if isinstance(sheet.max_column, int) else 0
    if declared > max_columns:
        workbook.close()
        raise _too_many_columns(declared)
    # One column more than the cap, to notice a row that goes past it.
    rows = sheet.iter_rows(values_only=True, max_col=max_columns + 1)
    headers = [str(h or "") for h in next(rows, ())]
    while headers and headers[-1] == "":
        headers.pop()
    if len(headers) > max_columns:
        workbook.close()
        raise _too_many_columns(len(headers))

    def xlsx_rows():
        try:
            for number, row in enumerate(rows, start=2):
                if number > max_rows + 1:
                    raise _too_many_rows(number)
                if len(row) > max_columns and row[max_columns] not in (None, ""):
                    raise _too_many_columns(max_columns + 1)
                cells = [_cell(v) for v in row]
                if any(c != "" for c in cells):
                    yield number, cells
        finally:
            workbook.close()

    return headers, xlsx_rows()


def _bounded_lines(handle, limit: int, position: list[int]) -> Iterator[str]:
    """The file's lines, refusing one longer than `limit` characters before it is in memory
    (a 50 MB file without a line break is not a CSV export)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        position[0] += 1
        if len(line) > limit:
            raise _failed(
                position[0],
                _(
                    "Line %(line)s is longer than %(max)s characters: this does not look like a "
                    "CSV export (is it one line, or another format?)."
                )
                % {
                    "line": number_format(position[0], force_grouping=True),
                    "max": number_format(limit, force_grouping=True),
                },
            )
        yield line


def _open_csv(source) -> tuple[list[str], Iterator[tuple[int, list]]]:
    owned = isinstance(source, str | Path)
    if owned:
        handle = open(source, encoding="utf-8-sig", newline="")  # noqa: SIM115
    else:
        handle = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")

    def release():
        # A caller's file stays open: the importer reads it twice (check, then write).
        if owned:
            handle.close()
        else:
            handle.detach()

    limit, max_columns, max_rows = (
        settings.IMPORT_MAX_LINE_BYTES,
        settings.IMPORT_MAX_COLUMNS,
        settings.IMPORT_MAX_ROWS,
    )
    lines = [0]
    # A quoted field may span lines; csv's own cap on a field then says so (csv.Error below).
    csv.field_size_limit(max(limit, 131072))
    reader = csv.reader(_bounded_lines(handle, limit, lines))

    def unreadable(row, exc) -> ImportFailed:
        if isinstance(exc, UnicodeDecodeError):
            return _failed(row, _("Not a UTF-8 CSV file."))
        if "field larger than field limit" in str(exc):
            return _failed(
                row,
                _("A value near line %(line)s is longer than %(max)s characters.")
                % {
                    "line": number_format(lines[0], force_grouping=True),
                    "max": number_format(limit, force_grouping=True),
                },
            )
        return _failed(row, _("Unreadable CSV: %s") % exc)

    try:
        headers = next(reader, [])
    except ImportFailed:
        release()
        raise
    except (UnicodeDecodeError, csv.Error) as exc:
        release()
        raise unreadable(1, exc) from exc
    if len(headers) > max_columns:
        release()
        raise _too_many_columns(len(headers))

    def csv_rows():
        number = 1
        try:
            for row in reader:
                number += 1
                if number > max_rows + 1:
                    raise _too_many_rows(number)
                if len(row) > max_columns:
                    raise _too_many_columns(len(row))
                if any(c.strip() for c in row):
                    yield number, row
        except (UnicodeDecodeError, csv.Error) as exc:
            raise unreadable(number, exc) from exc
        finally:
            release()

    return headers, csv_rows()


def open_table(source, file_name: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """(headers, iterator of (row number, cells)) for a CSV or XLSX path or binary file."""
    suffix = Path(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(source)
    if suffix in (".csv", ".txt"):
        return _open_csv(source)
    raise ImportFailed(
        [{"row": None, "column": None, "message": _("Upload a .csv or .xlsx file.")}]
    )


def map_columns(
    headers: list[str], spec: dict[str, tuple[str, ...]], required: set[str]
) -> tuple[dict[str, int], dict[str, str]]:
    """Column index and header as written, per field; every missing column is an error."""
    by_name = {}
    for index, header in enumerate(headers):
        by_name.setdefault(normalise_header(header), index)
    indexes, labels, errors = {}, {}, []
    for field, spellings in spec.items():
        for spelling in spellings:
            if spelling in by_name:
                indexes[field] = by_name[spelling]
                labels[field] = headers[by_name[spelling]]
                break
        else:
            if field in required:
                errors.append(
                    {
                        "row": 1,
                        "column": spellings[0],
                        "message": _("Missing column “%s”.") % spellings[0],
                    }
                )
    if errors:
        raise ImportFailed(errors)
    return indexes, labels


def parse_date(value) -> datetime.date:
    """dd/mm/yyyy (or a real date from a spreadsheet). 31/02/2020 is an error, not 2 March."""
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(value.strip(), "%d/%m/%Y").date()


class ErrorList:
    """The errors of one import. The MAX_ERRORS-th stops the import at once (ImportFailed), with
    a last entry that says so: reading on through a wrong file only costs time."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, row, column, message) -> None:
        self.items.append({"row": row, "column": column, "message": str(message)})
        if len(self.items) >= MAX_ERRORS:
            self.items.append(
                {
                    "row": None,
                    "column": None,
                    "message": _(
                        "The import stopped at the first %(count)s errors: correct them and "
                        "import the file again."
                    )
                    % {"count": number_format(MAX_ERRORS, force_grouping=True)},
                }
            )
            raise ImportFailed(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def resolve_country(value: str, cache: dict):
    """A member state by ISO code or name (case-insensitive), or None."""
    from labourdesk.standards.models import MemberState

    if not cache:
        for state in MemberState.objects.all():
            for key in (state.iso3, state.iso2, state.name, state.short_name):
                if key:
                    cache[key.strip().lower()] = state
    return cache.get(str(value).strip().lower())
