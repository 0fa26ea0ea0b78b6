"""Section II of the annual report: table 6 for a period with published years (the 2022-23
baseline) and years counted from LabourDesk's roll-ups, in the page and in every export."""

import csv
import datetime as dt
import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from labourdesk.analytics.models import PageView
from labourdesk.analytics.services import analytics_rollup
from labourdesk.core.testing.permissions import login
from labourdesk.reports import exports
from labourdesk.reports.models import WebsiteBaselineContinent, WebsiteBaselineYear
from labourdesk.reports.periods import parse_period
from labourdesk.reports.selectors import build_report

pytestmark = pytest.mark.django_db

# (day, visit, visitor, path, language, country, source, referrer host)
VIEWS = [
    # 2023-24: two visits, three page views, two visitors, two countries.
    (dt.date(2023, 5, 2), "v1", "a", "/es/qa/wages/", "es", "CO", "search", "google.com"),
    (dt.date(2023, 5, 2), "v1", "a", "/es/qa/osh/", "es", "CO", "search", "google.com"),
    (dt.date(2023, 5, 2), "v2", "b", "/en/", "en", "FR", "direct", ""),
    # 2024-25: three visits on two days (visitor c comes back: two daily unique visitors).
    (dt.date(2024, 3, 1), "v3", "c", "/es/qa/wages/", "es", "PE", "search", "google.com"),
    (dt.date(2024, 3, 2), "v4", "c", "/es/qa/wages/", "es", "PE", "referral", "freedomunited.org"),
    (dt.date(2025, 2, 28), "v5", "d", "/fr/", "fr", "", "email", "newsletter"),
]


@pytest.fixture
def counted(reference_data):
    for day, visit, visitor, path, language, country, source, ref in VIEWS:
        PageView.objects.create(
            at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
            day=day,
            path=path,
            title=f"Page {path}",
            language=language,
            country=country,
            source=source,
            referrer_host=ref,
            device="desktop",
            visitor=visitor,
            visit=visit,
        )
    analytics_rollup()
    return build_report(parse_period("2024-25"), language="en")


def test_the_baseline_loads_table_6_and_the_continents(reference_data):
    y = WebsiteBaselineYear.objects.get(period_start=dt.date(2021, 3, 1))
    assert (y.visits, y.visits_monthly_average, y.users, y.countries, y.page_views) == (
        653772,
        54481,
        581394,
        228,
        860268,
    )
    assert str(y.share_new_users) == "82.70"
    last = WebsiteBaselineYear.objects.get(period_start=dt.date(2022, 3, 1))
    assert last.visits is None and last.visits_monthly_average == 49922  # garbled: unknown
    assert WebsiteBaselineYear.objects.count() == 12
    americas = WebsiteBaselineContinent.objects.get(
        period_start=dt.date(2022, 3, 1), continent="americas"
    )
    assert americas.users == 340532 and str(americas.share_published) == "63.62"
    # Every printed share agrees with the counts of its year (the transcription's check),
    # except the one the provenance notes (unknown, 2021-22).
    for year in WebsiteBaselineYear.objects.values_list("period_start", flat=True):
        rows = list(WebsiteBaselineContinent.objects.filter(period_start=year))
        whole = sum(r.users for r in rows)
        for r in rows:
            if r.share_published is None or (year.year, r.continent) == (2021, "unknown"):
                continue
            assert abs(float(r.share_published) - r.users / whole * 100) < 0.011, (year, r)


def _table6(report):
    return report.website.table("table_6_website")


def test_table_6_joins_published_and_counted_years(counted):
    table = _table6(counted)
    labels = [label for label, _f in table.rows]
    assert labels[0] == "2011-12" and labels[-3:] == ["2023-24", "2024-25", "Total"]
    rows = dict(table.rows)
    assert [f.value for f in rows["2011-12"]] == [19717, 1643, 16355, 60.0, 144, 48031]
    assert all(f.from_baseline for f in rows["2011-12"])
    assert rows["2022-23"][0].value is None and rows["2022-23"][0].missing == "unknown"
    visits, average, users, new, countries, views = rows["2023-24"]
    assert (visits.value, users.value, countries.value, views.value) == (2, 2, 2, 3)
    assert average.value == 0 and not visits.from_baseline
    assert new.value is None and new.missing == "not_measured"
    assert [f.value for f in rows["2024-25"]][:3] == [3, 0, 3]
    assert rows["2024-25"][4].value == 1  # the unknown country is not a country
    total = rows["Total"]
    assert total[0].value == 2524182 + 5
    assert total[2].value == 2246757 + 5
    assert total[5].value == 3511893 + 6
    assert total[3].missing == total[4].missing == "not_applicable"
    assert any("not measured" in n for n in table.notes)
    assert any("sum of daily unique visitors" in n for n in table.notes)


def test_the_other_website_tables(counted):
    site = counted.website
    continents = dict(site.table("users_by_continent").rows)
    africa_users, africa_share = continents["2022-23"][0:2]
    assert africa_users.value == 33951 and africa_share.value == 6.34
    americas = continents["2024-25"][2]  # Peru, counted twice (two days)
    assert americas.value == 2 and continents["2024-25"][10].value == 1  # unknown
    assert [r[0] for r in site.table("top_countries").rows] == ["Peru"]
    pages = site.table("top_pages").rows
    assert pages[0][0] == "Page /es/qa/wages/" and pages[0][1][0].text() == "Spanish"
    assert pages[0][1][1].value == 2
    sources = dict(site.table("traffic_sources").rows)
    assert sources["Search engines"][0].value == 1
    assert sources["Search engines"][1].value == pytest.approx(33.3)
    assert [r[0] for r in site.table("top_referrers").rows] == [
        "freedomunited.org",
        "google.com",
        "newsletter",
    ]


def test_table_6_in_the_json_export(counted):
    data = json.loads(exports.export(counted, "json"))
    for key in (
        "table_6_website",
        "users_by_continent",
        "top_countries",
        "top_pages",
        "traffic_sources",
        "top_referrers",
    ):
        assert data[key]["rows"] is not None and data[key]["notes"], key
    rows = {r["period"]: r for r in data["table_6_website"]["rows"]}
    assert rows["2021-22"]["cells"][0] == {"value": 653772, "from_baseline": True, "missing": None}
    assert rows["2023-24"]["cells"][3] == {
        "value": None,
        "from_baseline": False,
        "missing": "not_measured",
    }
    assert rows["total"]["cells"][0]["value"] == 2524187
    assert data["top_pages"]["rows"][0]["language"] == "es"


def test_table_6_in_the_csv_and_xlsx_exports(counted):
    text = exports.export_csv(counted).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert ["2021-22", "653772", "54481", "581394", "82.7", "228", "860268"] in rows
    assert ["2023-24", "2", "0", "2", "not measured", "2", "3"] in rows
    assert any(r[:2] == ["Total", "2524187"] for r in rows)

    wb = load_workbook(io.BytesIO(exports.export_xlsx(counted)))
    sheet = list(wb["Table 6"].iter_rows(values_only=True))
    assert sheet[0][:3] == ("Reference period", "Visits", "Visits per month (average)")
    row = next(r for r in sheet if r[0] == "2023-24")
    assert row[:7] == ("2023-24", 2, 0, 2, "not measured", 2, 3)
    assert next(r for r in sheet if r[0] == "Total")[1] == 2524187
    assert "Users by region" in wb.sheetnames and "Referring sites" in wb.sheetnames


def test_table_6_in_the_pdf_and_docx_exports(counted):
    from pypdf import PdfReader

    pdf = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(exports.export_pdf(counted))).pages
    )
    assert "Table 6" in pdf and "653772*" in pdf and "2524187*" in pdf
    assert "not measured" in pdf and "Main referring sites" in pdf

    doc = Document(io.BytesIO(exports.export_docx(counted)))
    table6 = doc.tables[5]
    texts = [[c.text for c in r.cells] for r in table6.rows]
    assert texts[0][0] == "Reference period"
    assert ["2023-24", "2", "0", "2", "not measured", "2", "3"] in texts
    assert texts[-1][:2] == ["Total", "2524187*"]
    continents = [[c.text for c in r.cells] for r in doc.tables[6].rows]
    assert next(r for r in continents if r[0] == "2022-23")[1] == "33951* (6.34 %)"


def test_table_6_on_the_page(counted, client, make_user):
    login(client, make_user("helpdesk_manager"))
    page = client.get("/en/reports/helpdesk/?period=2024-25").content.decode()
    assert 'id="table_6_website"' in page and "653772*" in page and "2524187*" in page
    assert "not measured" in page and 'id="top_referrers"' in page


@pytest.mark.parametrize(
    "language,words",
    [
        ("fr", ["Tableau 6 : activité du site du Helpdesk", "non mesurée", "Afrique"]),
        ("es", ["Cuadro 6: actividad del sitio web del Helpdesk", "no medida", "África"]),
    ],
)
def test_the_website_section_in_french_and_spanish(counted, client, make_user, language, words):
    login(client, make_user("helpdesk_manager"))
    page = client.get(f"/{language}/reports/helpdesk/?period=2024-25").content.decode()
    for word in words:
        assert word in page, word
    data = json.loads(
        exports.export(build_report(parse_period("2024-25"), language=language), "json")
    )
    assert data["table_6_website"]["title"].startswith(words[0])


def test_the_website_section_strings_in_chinese_japanese_and_vietnamese():
    from django.utils import translation

    from labourdesk.reports.website import MISSING_TEXT

    expected = {"zh-hans": "未统计", "ja": "測定していない", "vi": "không đo"}
    for language, word in expected.items():
        with translation.override(language):
            assert str(MISSING_TEXT["not_measured"]) == word
            assert translation.gettext("Website statistics") != "Website statistics"


def test_a_published_year_adds_up_the_published_years_shown(reference_data):
    early = build_report(parse_period("2012-13"), language="en").website
    rows = dict(early.table("table_6_website").rows)
    assert list(rows) == ["2011-12", "2012-13", "Total"]
    assert rows["Total"][0].value == 19717 + 46144 and rows["Total"][0].from_baseline
    before = build_report(parse_period("2009-10"), language="en").website
    assert before.table("table_6_website").rows == []  # the website opened in October 2010
    published = dict(
        build_report(parse_period("2022-23"), language="en").website.table("table_6_website").rows
    )
    assert published["Total"][0].value == 2524182  # as published
