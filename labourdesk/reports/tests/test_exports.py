import csv
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from labourdesk.reports import exports
from labourdesk.reports.periods import parse_period
from labourdesk.reports.selectors import build_report
from labourdesk.reports.tests.factories import make_case, zurich

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(reference_data):
    make_case(zurich(2023, 5, 1), user_type="mne", sectors=["mining"], topics=["osh"])
    return build_report(parse_period("2023-24"), language="fr")


def test_xlsx_one_sheet_per_table_numbers_as_numbers(reference_data):
    report = build_report(parse_period("2022-23"), language="fr")
    wb = load_workbook(io.BytesIO(exports.export_xlsx(report)))
    assert wb.sheetnames[:5] == [f"Tableau {n}" for n in range(1, 6)]
    ws = wb["Tableau 1"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == (
        "Type d'utilisateur",
        "mars 2022 – février 2023",
        "Total cumulé depuis mars 2009",
    )
    assert any(r[0] and r[0].startswith("Tableau 1") for r in rows)  # the caption, below
    mne = next(r for r in rows if r[0] == "EMN")
    assert mne[1:3] == (93, 1091) and all(isinstance(v, int) for v in mne[1:3])
    total = next(r for r in rows if r[0] == "TOTAL")
    assert total[1:3] == (137, 1695)
    t4 = list(wb["Tableau 4"].iter_rows(values_only=True))
    assert next(r for r in t4 if r[0] == "Agriculture")[1:4] == (17, 11, 127)
    t5 = list(wb["Tableau 5"].iter_rows(values_only=True))
    general = next(r for r in t5 if r[1] == "Respect du droit national †")
    assert general[2:4] == (5, "inconnu")  # unknown says so, never 0


def test_csv(report):
    text = exports.export_csv(report).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert any(r[:1] == ["EMN"] and r[1] == "1" and r[2] == "1092" for r in rows)


def test_json(report):
    data = json.loads(exports.export(report, "json"))
    assert data["period"]["code"] == "2023-24"
    assert [t["key"] for t in data["tables"]] == ["t1", "t2", "t3", "t4", "t5"]
    t4 = data["tables"][3]
    mining = next(r for r in t4["rows"] if r["code"] == "mining")
    assert mining["cells"]["previous"] == {"value": 11, "from_baseline": True, "missing": None}
    assert mining["cells"]["period"] == {"value": 1, "from_baseline": False, "missing": None}
    assert mining["cells"]["cumulative"] == {"value": 65, "from_baseline": True, "missing": None}


def test_docx_opens(report):
    doc = Document(io.BytesIO(exports.export_docx(report)))
    assert len(doc.tables) == 5 + 6  # tables 1-5, then the six of the website section
    texts = [c.text for c in doc.tables[0].rows[-1].cells]
    assert texts[0] == "TOTAL" and texts[-1] == "1696*"


@pytest.mark.parametrize(
    "language,words",
    [
        (
            "fr",
            [
                "Tableau 1",
                "Répartition des utilisateurs par type",
                "mars 2022 – février 2023",
                "EMN",
            ],
        ),
        ("en", ["Table 1", "Users by type", "March 2022 – February 2023", "MNE"]),
        ("es", ["Cuadro 1", "Usuarios por tipo", "marzo de 2022 – febrero de 2023", "EMN"]),
    ],
)
def test_pdf_is_a4(reference_data, language, words):
    from pypdf import PdfReader

    data = exports.export_pdf(build_report(parse_period("2022-23"), language=language))
    reader = PdfReader(io.BytesIO(data))
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]  # A4
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for word in words:
        assert word in text, word
    # The published figures: TOTAL 137 / 1695 (table 1) and the MNE row 93 / 1091, each marked
    # as coming from the baseline.
    assert "TOTAL 137* 1695*" in text
    assert "93* 1091*" in text


def test_years_without_data_are_no_data_in_every_export(reference_data):
    """A fresh install: 2023-24 to 2025-26 come after the published report and before any case.
    They are "no data" everywhere, never 0."""
    from pypdf import PdfReader

    report = build_report(parse_period("2025-26"), language="en")
    total = report.table("t1").total.cells
    assert total["period"].value is None and total["period"].missing == "no_data"
    assert total["cumulative"].value is None and total["cumulative"].missing == "no_data"
    # The key figures say so in words, and quote no count.
    assert [n.key for n in report.narrative] == ["no_data_this_period"]
    assert report.narrative[0].sentence.startswith("No data for March 2025 – February 2026")
    years = {p.code: p for p in report.per_year}
    assert [years[c].missing for c in ("2023-24", "2024-25", "2025-26")] == ["no_data"] * 3
    data = json.loads(exports.export(report, "json"))
    t1 = data["tables"][0]
    assert t1["total"]["cells"]["period"] == {
        "value": None,
        "from_baseline": False,
        "missing": "no_data",
    }
    assert {p["period"]: p["missing"] for p in data["per_year"]}["2024-25"] == "no_data"
    rows = list(csv.reader(io.StringIO(exports.export_csv(report).decode("utf-8-sig"))))
    assert ["TOTAL", "no data", "no data"] in rows
    assert ["2024-25", "no data"] in rows
    wb = load_workbook(io.BytesIO(exports.export_xlsx(report)))
    t1_rows = list(wb["Table 1"].iter_rows(values_only=True))
    assert ("TOTAL", "no data", "no data") in t1_rows
    assert ("2024-25", "no data") in list(wb["Per year"].iter_rows(values_only=True))
    text = " ".join(
        " ".join(p.extract_text().split())
        for p in PdfReader(io.BytesIO(exports.export_pdf(report))).pages
    )
    assert "TOTAL no data no data" in text and " 0 " not in text.split("Table 1")[1][:400]
    doc = Document(io.BytesIO(exports.export_docx(report)))
    assert [c.text for c in doc.tables[0].rows[-1].cells] == ["TOTAL", "no data", "no data"]
