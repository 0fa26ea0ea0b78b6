"""User text in the report's exports stays text: no formula in CSV/XLSX, no markup in PDF/DOCX,
and no PDF renderer ever fetches a URL. Walks every export path: page, API, command."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from labourdesk.core.exports import FORMULA_PREFIXES
from labourdesk.core.testing.network import loopback_listener
from labourdesk.core.testing.permissions import login
from labourdesk.helpdesk.models import Sector, UserType
from labourdesk.reports import exports
from labourdesk.reports.periods import parse_period
from labourdesk.reports.selectors import build_report

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("http://127.0.0.1:9/x","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
]


def _label(model, code: str, text: str) -> None:
    term = model.objects.get(code=code)
    term.labels = {"en": text, "fr": text, "es": text}
    term.save()


@pytest.fixture
def formula_labels(reference_data):
    codes = list(UserType.objects.order_by("position").values_list("code", flat=True))
    for code, text in zip(codes, FORMULAS, strict=False):
        _label(UserType, code, text)
    return FORMULAS


def _csv_cells(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")) for c in row]


def _check_csv(data: bytes) -> None:
    cells = _csv_cells(data)
    for text in FORMULAS:
        assert "'" + text in cells
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES) and not _number(c)]


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _check_xlsx(data: bytes) -> None:
    archive = zipfile.ZipFile(io.BytesIO(data))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert "<f>" not in archive.read(name).decode()
    wb = load_workbook(io.BytesIO(data))
    strings = {
        c.value: c
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }
    for text in FORMULAS:
        label = strings.get(text)
        assert label is not None, text
        assert label.data_type == "s" and label.quotePrefix


def _client(client, make_user):
    login(client, make_user("helpdesk_manager"))
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/en/reports/helpdesk/export.{fmt}?period=2022-23",
        "/api/reports/helpdesk/export/{fmt}/?period=2022-23",
    ],
)
def test_page_and_api_exports_escape_formulas(client, make_user, formula_labels, url):
    c = _client(client, make_user)
    _check_csv(c.get(url.format(fmt="csv")).content)
    _check_xlsx(c.get(url.format(fmt="xlsx")).content)


def test_command_exports_escape_formulas(formula_labels, tmp_path):
    for fmt, check in (("csv", _check_csv), ("xlsx", _check_xlsx)):
        out = tmp_path / f"r.{fmt}"
        call_command(
            "helpdesk_report", period="2022-23", format=fmt, output=str(out), stderr=io.StringIO()
        )
        check(out.read_bytes())


MARKUP = ["Fish & <chips", "<font size=30>big</font>", '<img src="{url}/x">', "<b>bold"]


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.parametrize("via", ["function", "page"])
def test_pdf_prints_markup_literally_and_fetches_nothing(client, make_user, reference_data, via):
    with loopback_listener() as listener:
        labels = [m.format(url=listener.url) for m in MARKUP]
        codes = list(Sector.objects.order_by("position").values_list("code", flat=True))
        for code, text in zip(codes, labels, strict=False):
            _label(Sector, code, text)
        if via == "function":
            data = exports.export_pdf(build_report(parse_period("2022-23"), language="en"))
        else:
            response = _client(client, make_user).get(
                "/en/reports/helpdesk/export.pdf?period=2022-23"
            )
            assert response.status_code == 200
            data = response.content
    assert listener.connections == []
    # A narrow table cell wraps a long label over lines: compare without the whitespace.
    text = "".join(_pdf_text(data).split())
    for label in labels:
        assert "".join(label.split()) in text


def test_docx_prints_markup_literally(reference_data):
    labels = [m.format(url="http://127.0.0.1:9") for m in MARKUP]
    codes = list(Sector.objects.order_by("position").values_list("code", flat=True))
    for code, text in zip(codes, labels, strict=False):
        _label(Sector, code, text)
    doc = Document(io.BytesIO(exports.export_docx(build_report(parse_period("2022-23")))))
    texts = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    for label in labels:
        assert label in texts
