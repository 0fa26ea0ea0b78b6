"""The open API and the bulk downloads, as an anonymous client sees them."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from labourdesk.standards import opendata

pytestmark = pytest.mark.django_db


def test_ratifications_by_iso2_and_iso3_are_the_same(client):
    by_iso3 = client.get("/api/standards/ratifications/?instrument=C155&country=AZE").json()
    by_iso2 = client.get("/api/standards/ratifications/?instrument=C155&country=az").json()
    assert by_iso3["count"] == 1
    assert by_iso3["results"] == by_iso2["results"]
    assert by_iso3["results"][0]["status"] == "not in force"
    # The UK alias of GB is accepted too.
    assert client.get("/api/standards/ratifications/?country=UK").status_code == 200


def test_unknown_country_instrument_and_subject_match_nothing(client):
    # Like every API filter: a value no row has gives an empty list, not a 400 (the schema cannot
    # list the catalogue's codes, and a valid request must be answered).
    for query in ("country=XX", "instrument=C999", "instrument=zzz", "country=GB,XX"):
        response = client.get(f"/api/standards/ratifications/?{query}")
        assert response.status_code == 200, (query, response.content[:200])
        assert response.json()["count"] == 0 or query == "country=GB,XX"
    assert client.get("/api/standards/instruments/?subject=0").json()["count"] == 0
    # An empty value is refused: leave the parameter out to not filter.
    response = client.get("/api/standards/ratifications/?instrument=")
    assert response.status_code == 400 and "instrument" in response.json()["extra"]["fields"]
    assert client.get("/api/standards/instruments/C999/").status_code == 404
    assert client.get("/api/standards/member-states/XXX/").json()["message"]


def test_instrument_filters_and_pagination(client):
    page = client.get("/api/standards/instruments/?type=convention&page_size=50").json()
    assert page["count"] == 192 and len(page["results"]) == 50 and page["next"]
    second = client.get(page["next"]).json()
    assert {r["code"] for r in second["results"]}.isdisjoint({r["code"] for r in page["results"]})
    fundamental = client.get("/api/standards/instruments/?category=fundamental&page_size=100")
    assert {r["code"] for r in fundamental.json()["results"]} >= {"C087", "C182", "P029"}
    withdrawn = client.get("/api/standards/instruments/?status=withdrawn&type=recommendation")
    assert withdrawn.json()["count"] > 0
    detail = client.get("/api/standards/instruments/c087/").json()
    assert detail["code"] == "C087" and detail["ratification_coverage"] == "partial"


def test_etag_and_last_modified_give_304(client):
    first = client.get("/api/standards/member-states/FRA/")
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get("/api/standards/member-states/FRA/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(
        "/api/standards/member-states/FRA/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304


def test_cors_for_reads_only(client):
    response = client.get("/api/standards/instruments/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/standards/instruments/", HTTP_ORIGIN="https://example.org")
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert client.post("/api/standards/instruments/").status_code == 405


def test_member_state_profile_says_no_data_for_partial_coverage(client):
    profile = client.get("/api/standards/member-states/FRA/").json()["profile"]
    states = {p["instrument"]: p["state"] for p in profile}
    assert states["C087"] == "no_data"  # C087 is covered partly: never "not_ratified"
    assert states["C182"] == "ratified"
    assert "not_ratified" not in {s for code, s in states.items() if code != "C182"}


def _dictionary():
    return {(t, c) for t, c, *_rest in opendata.dictionary_rows()}


def test_every_dictionary_field_is_in_every_format(client):
    fields = _dictionary()
    workbook = load_workbook(
        io.BytesIO(client.get("/api/standards/downloads/standards.xlsx").content)
    )
    for table in opendata.TABLES:
        wanted = {c for t, c in fields if t == table.name}
        raw = client.get(f"/api/standards/downloads/{table.name}.csv").content.decode("utf-8-sig")
        assert set(next(csv.reader(io.StringIO(raw)))) == wanted
        payload = json.loads(client.get(f"/api/standards/downloads/{table.name}.json").content)
        assert set(payload["columns"]) == wanted
        assert payload["sources"], "every file names its sources"
        for row in payload["rows"]:
            assert set(row) == wanted
        sheet = workbook[table.name]
        assert {c.value for c in sheet[1]} == wanted
    assert "sources" in workbook.sheetnames and "data_dictionary" in workbook.sheetnames
    dictionary = json.loads(client.get("/api/standards/downloads/data_dictionary.json").content)
    assert {(t["name"], c["name"]) for t in dictionary["tables"] for c in t["columns"]} == fields


def test_downloads_never_say_not_ratified(client):
    for fmt in ("csv", "json"):
        for table in opendata.TABLES:
            body = client.get(f"/api/standards/downloads/{table.name}.{fmt}").content
            assert b"not ratified" not in body.lower()
            assert b"not_ratified" not in body.lower()
    assert client.get("/api/standards/downloads/secrets.csv").status_code == 404
