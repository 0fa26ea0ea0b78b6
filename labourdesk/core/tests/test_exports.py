"""The shared export writer (core/exports.py): no cell is ever a formula, numbers stay numbers."""

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from openpyxl import load_workbook

from labourdesk.core import exports

# OWASP's four formula prefixes, plus tab and carriage return.
DANGEROUS = [
    '=HYPERLINK("http://127.0.0.1:9/x","click")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", DANGEROUS)
def test_sanitize_cell_prefixes_formulas(text):
    assert exports.sanitize_cell(text) == "'" + text


@pytest.mark.parametrize("value", [-13, 0, 2.5, None, "Fish & chips", "a=b", dt.date(2024, 3, 1)])
def test_sanitize_cell_leaves_the_rest(value):
    assert exports.sanitize_cell(value) == value


def test_csv_every_cell_escaped_numbers_numeric():
    data = exports.csv_bytes([DANGEROUS[0], "n"], [[t, -13] for t in DANGEROUS])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["'" + DANGEROUS[0], "n"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in DANGEROUS]
    assert {r[1] for r in rows[1:]} == {"-13"}  # a negative number is a number, not text


def test_xlsx_strings_are_strings_never_formulas():
    data = exports.xlsx_bytes(
        [("Sheet: 1/2 [x]", [DANGEROUS[0], "n"], [[t, -13, None, 1.5] for t in DANGEROUS])]
    )
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert {c.value for c in cells} == set(DANGEROUS) | {"n"}
    for c in cells:
        assert c.data_type == "s"
        assert c.quotePrefix == c.value.startswith(exports.FORMULA_PREFIXES)
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == [-13] * len(DANGEROUS)
    assert ws.freeze_panes == "A2"


def test_xlsx_survives_naughty_text():
    # Control characters XML cannot hold, an over-long and illegal sheet title, aware datetimes.
    moment = dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    data = exports.xlsx_bytes(
        [
            ("x" * 40, ["a\x00b"], [["c\x0bd", moment]]),
            ("x" * 40, [], []),
        ]
    )
    wb = load_workbook(io.BytesIO(data))
    assert [len(t) <= 31 for t in wb.sheetnames] == [True, True]
    assert len(set(wb.sheetnames)) == 2
    assert wb.worksheets[0]["A2"].value == "cd"


def test_responses_are_attachments():
    response = exports.csv_response("a b.csv", ["h"], [["=1"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.decode("utf-8-sig").splitlines()[1] == "'=1"
    response = exports.xlsx_response("r.xlsx", [("T", ["h"], [["=1"]])])
    assert response["Content-Type"].endswith("spreadsheetml.sheet")


# Code that writes spreadsheets on its own would escape nothing: only core/exports.py may, and
# the generator of synthetic import files (a test fixture, whose cells must stay raw).
WRITER = re.compile(r"csv\.(writer|DictWriter)\(|Workbook\(")
ALLOWED_WRITERS = {"core/exports.py", "compliance/importers/synthetic.py"}


def test_every_export_goes_through_the_shared_writer():
    root = Path(settings.BASE_DIR) / "labourdesk"
    offenders = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or "/testing/" in rel or "/migrations/" in rel:
            continue
        if rel not in ALLOWED_WRITERS and WRITER.search(path.read_text(encoding="utf-8")):
            offenders.append(rel)
    assert not offenders, f"CSV/XLSX written outside labourdesk/core/exports.py: {offenders}"
