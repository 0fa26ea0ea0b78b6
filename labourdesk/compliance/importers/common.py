"""Reading Better Work exports: CSV or XLSX, either header spelling, dd/mm/yyyy dates.

Errors are collected, never raised one by one: an import names every problem (row and column)
and writes nothing. Row numbers are those of a spreadsheet: the header is row 1.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator
from pathlib import Path

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


def open_table(source, file_name: str) -> tuple[list[str], Iterator[tuple[int, list]]]:
    """(headers, iterator of (row number, cells)) for a CSV or XLSX path or binary file."""
    suffix = Path(file_name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(source, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken workbook
            raise ImportFailed(
                [{"row": None, "column": None, "message": _("Not a readable XLSX file.")}]
            ) from exc
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        headers = [str(h or "") for h in next(rows, ())]

        def xlsx_rows():
            for number, row in enumerate(rows, start=2):
                cells = [_cell(v) for v in row]
                if any(c != "" for c in cells):
                    yield number, cells
            workbook.close()

        return headers, xlsx_rows()
    if suffix in (".csv", ".txt"):
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

        reader = csv.reader(handle)
        try:
            headers = next(reader, [])
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ImportFailed(
                [{"row": 1, "column": None, "message": _("Not a UTF-8 CSV file.")}]
            ) from exc

        def csv_rows():
            number = 1
            try:
                for row in reader:
                    number += 1
                    if any(c.strip() for c in row):
                        yield number, row
            except (UnicodeDecodeError, csv.Error) as exc:
                raise ImportFailed(
                    [{"row": number, "column": None, "message": _("Unreadable CSV: %s") % exc}]
                ) from exc
            finally:
                release()

        return headers, csv_rows()
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
    def __init__(self):
        self.items: list[dict] = []

    def add(self, row, column, message) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append({"row": row, "column": column, "message": str(message)})

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
