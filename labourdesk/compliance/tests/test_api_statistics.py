"""The statistics API: public suppressed figures, full ones for programme staff, exports."""

import csv
import io

import pytest
from openpyxl import load_workbook

from labourdesk.compliance import services
from labourdesk.compliance.tests.builders import import_statistics_world
from labourdesk.standards.models import MemberState

URL = "/api/compliance/statistics/"
KEYS = {
    "cluster",
    "compliance_point",
    "factories",
    "non_compliant",
    "rate",
    "ci_low",
    "ci_high",
    "suppressed",
}


@pytest.fixture
def stats_world(reference_data, tmp_path, make_user):
    import_statistics_world(tmp_path)
    admin = make_user("administrator")
    staff = make_user("programme_manager")
    programme = services.programme_for_country(
        actor=admin, country=MemberState.objects.get(iso3="IDN")
    )
    services.programme_add_staff(actor=admin, programme=programme, user=staff)
    return staff


def test_anonymous_gets_public_figures_with_numerator_denominator_and_interval(client, stats_world):
    response = client.get(
        URL + "compliance-points/?country=VNM&industry=garment&from=2021-01-01&to=2021-12-31"
    )
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert rows and all(set(r) >= KEYS for r in rows)
    for row in rows:
        assert row["country"] == "VNM" and row["factories"] == 7 and not row["suppressed"]
        assert row["ci_low"] <= row["rate"] <= row["ci_high"]
        assert row["rate"] == pytest.approx(row["non_compliant"] / row["factories"])
    assert "Wilson" in response.json()["definition"]


def test_small_slices_are_suppressed_for_the_public_and_full_for_their_programme_staff(
    client, stats_world
):
    rows = client.get(URL + "compliance-points/?country=ID").json()["results"]
    assert rows and all(r["suppressed"] and r["factories"] is None for r in rows)
    assert all(r["rate"] is None and r["non_compliant"] is None for r in rows)
    client.force_login(stats_world)
    rows = client.get(URL + "compliance-points/?country=IDN").json()["results"]
    assert rows and all(not r["suppressed"] and r["factories"] == 2 for r in rows)


def test_a_comparison_never_lets_the_public_subtract_its_way_to_a_small_country(
    client, stats_world
):
    rows = client.get(URL + "compliance-points/?country=VNM&country=IDN").json()["results"]
    by_point = {}
    for row in rows:
        by_point.setdefault(row["compliance_point"], {})[row["country"]] = row
    assert by_point
    for cells in by_point.values():
        assert cells["IDN"]["suppressed"]
        # Pooled 9 minus Viet Nam's 7 would give Indonesia's 2: Viet Nam goes too.
        assert cells["VNM"]["suppressed"] or cells[None]["suppressed"]
        assert cells[None]["factories"] == 9


def test_questions_and_trends(client, stats_world):
    rows = client.get(URL + "questions/?country=VNM&cycle=2").json()["results"]
    assert {r["global_key"] for r in rows} == {"Q0", "Q1", "Q2", "Q3"}  # Q4 is FGW
    answer = client.get(URL + "trends/?country=VNM&cycle=2").json()
    assert answer["cycle"] == 2
    assert {r["cycle"] for r in answer["results"]} == {1, 2}
    assert all(r["factories"] == 7 for r in answer["results"])


@pytest.mark.parametrize(
    "query,field",
    [
        ("from=2021-05-01&to=2021-01-01", "to"),
        ("country=XXX", "country"),
        ("country=Narnia", "country"),
        ("from=yesterday", "from"),
        ("industry=spaceships", "industry"),
        ("compliance_point=nonsense", "compliance_point"),
        ("cycle=0", "cycle"),
    ],
)
def test_bad_filters_answer_400_in_the_envelope(client, stats_world, query, field):
    response = client.get(URL + "compliance-points/?" + query)
    assert response.status_code == 400
    body = response.json()
    assert body["message"] and field in body["extra"]["fields"]


def test_a_slice_with_no_data_is_an_empty_explained_table(client, stats_world):
    body = client.get(URL + "compliance-points/?country=JOR").json()
    assert body["results"] == [] and body["definition"]


def test_csv_and_xlsx_exports_carry_the_suppressed_public_figures(client, stats_world):
    response = client.get(URL + "compliance-points/?country=VNM&country=IDN&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows and {r["country"] for r in rows} == {"", "VNM", "IDN"}
    assert all(r["factories"] == "" for r in rows if r["country"] == "IDN")
    response = client.get(URL + "trends/?country=VNM&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "ci_low" in header and sheet.max_row > 1


def test_per_factory_figures_are_for_programme_staff_only(client, stats_world, make_user):
    assert client.get(URL + "factories/").status_code in (401, 403)
    client.force_login(make_user("buyer_user"))
    assert client.get(URL + "factories/").status_code == 403
    client.force_login(stats_world)
    rows = client.get(URL + "factories/").json()["results"]
    assert len(rows) == 2 and {r["country"] for r in rows} == {"IDN"}


def test_exports_escape_cells_a_spreadsheet_would_run_as_formulas():
    from labourdesk.core.exports import csv_bytes, sanitize_cell

    assert sanitize_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert sanitize_cell("+1") == "'+1" and sanitize_cell(0.25) == 0.25
    assert "'=cmd" in csv_bytes(["a"], [["=cmd"]]).decode("utf-8-sig")
