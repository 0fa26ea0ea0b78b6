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
    alone = {
        r["compliance_point"]: r
        for r in client.get(URL + "compliance-points/?country=VNM").json()["results"]
    }
    for point, cells in by_point.items():
        assert cells["IDN"]["suppressed"]
        # Viet Nam alone is its own public answer (7): the pooled 9 beside it in this answer,
        # or beside that one, would give Indonesia's 2 away, so the pooled row goes.
        assert alone[point]["factories"] == 7 and not alone[point]["suppressed"]
        assert cells["VNM"]["factories"] == 7
        assert cells[None]["suppressed"] and cells[None]["factories"] is None


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


# No answer lets its reader subtract its way to fewer than 5 factories -------------------------

_FIGURES = ("factories", "non_compliant", "rate", "ci_low", "ci_high")


def _groups(rows):
    """Rows by everything but the country: a pooled row (country None) and its country rows."""
    groups = {}
    for row in rows:
        key = tuple(
            sorted((k, v) for k, v in row.items() if k not in (*_FIGURES, "suppressed", "country"))
        )
        groups.setdefault(key, {})[row["country"] or None] = row
    return groups


def _assert_closed(rows, own=()):
    """Every published figure outside the reader's own countries rests on 5 factories or more,
    and a published pooled row minus the country rows the reader reads leaves 0 or ≥ 5."""
    assert rows
    for cells in _groups(rows).values():
        for country, row in cells.items():
            if row["suppressed"]:
                assert all(row[f] in (None, "") for f in _FIGURES), row
            elif country not in own:
                assert int(row["factories"]) >= 5, row
        pooled = cells.get(None)
        if pooled and not pooled["suppressed"]:
            known = sum(int(r["factories"]) for c, r in cells.items() if c and not r["suppressed"])
            assert int(pooled["factories"]) - known in (0, *range(5, 10_000)), cells


@pytest.fixture
def vietnam_manager(stats_world, make_user):
    admin = make_user("administrator")
    staff = make_user("programme_manager")
    programme = services.programme_for_country(
        actor=admin, country=MemberState.objects.get(iso3="VNM")
    )
    services.programme_add_staff(actor=admin, programme=programme, user=staff)
    return staff


@pytest.mark.parametrize("kind", ["compliance-points", "questions", "trends"])
@pytest.mark.parametrize("who", ["anonymous", "vietnam", "indonesia"])
def test_no_answer_or_export_reveals_a_small_slice_by_difference(
    client, stats_world, vietnam_manager, kind, who
):
    """Viet Nam (7 factories) beside Indonesia (2), for the public and for each country's staff:
    in JSON, CSV and XLSX alike."""
    own = {"anonymous": (), "vietnam": ("VNM",), "indonesia": ("IDN",)}[who]
    if who != "anonymous":
        client.force_login(vietnam_manager if who == "vietnam" else stats_world)
    url = f"{URL}{kind}/?country=VNM&country=IDN"
    rows = client.get(url).json()["results"]
    _assert_closed(rows, own)
    by_country = {}
    for row in rows:
        by_country.setdefault(row["country"], []).append(row)
    # The reader's own country is always theirs in full; Indonesia never public.
    for code in own:
        assert not any(r["suppressed"] for r in by_country[code]), code
    if "IDN" not in own:
        assert all(r["suppressed"] for r in by_country["IDN"])
    text = client.get(url + "&export=csv").content.decode("utf-8-sig")
    csv_rows = list(csv.DictReader(io.StringIO(text)))
    for row in csv_rows:
        row["suppressed"] = row["suppressed"] == "true"
        row["country"] = row["country"] or None
    _assert_closed(csv_rows, own)
    sheet = load_workbook(io.BytesIO(client.get(url + "&export=xlsx").content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    xlsx_rows = [dict(zip(values[0], line, strict=True)) for line in values[1:]]
    for row in xlsx_rows:
        row["suppressed"] = row["suppressed"] in (True, "True", 1)
    _assert_closed(xlsx_rows, own)
    assert len(rows) == len(csv_rows) == len(xlsx_rows)


def test_the_pages_show_a_manager_their_own_country_in_a_comparison(
    client, stats_world, vietnam_manager
):
    client.force_login(vietnam_manager)
    html = client.get("/en/compliance/statistics/?country=VNM&country=IDN").content.decode()
    assert " of 7 factories" in html  # Viet Nam in full
    assert " of 9 factories" not in html  # the pooled row would give Indonesia away
    html = client.get("/en/compliance/dashboard/?country=VNM&country=IDN").content.decode()
    # The public ones: Viet Nam's 7 is public (its own answer says so); the pooled 9 is not,
    # or 9 − 7 would give Indonesia's 2.
    assert " of 7 factories" in html and " of 9 factories" not in html
