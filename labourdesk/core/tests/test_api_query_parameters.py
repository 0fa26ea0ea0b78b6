"""Query parameters and answers match the OpenAPI schema (issue 10; what schemathesis found).

Driven by the schema itself, so that every list and every new endpoint is covered: an integer
outside its documented range, an empty value, a page that is not a whole number are a 400 in the
envelope (they were a 500 from an integer overflow, or silently read as "no filter"); every
documented answer validates against the schema, including the CSV and XLSX downloads.
"""

import pytest
import schemathesis
import yaml
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from rest_framework.authtoken.models import Token
from werkzeug.test import Client as WsgiClient

from labourdesk.core.tests.test_api_robustness import _envelope


@pytest.fixture
def schema(client, db):
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.fixture
def admin(make_user):
    from django.test import Client

    user = make_user("administrator", is_superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    client.token = Token.objects.create(user=user).key
    return client


def _list_operations(schema):
    """GET operations without path parameters, with their query parameters."""
    for path, operations in sorted(schema["paths"].items()):
        if "{" in path or "get" not in operations:
            continue
        parameters = [p for p in operations["get"].get("parameters", []) if p["in"] == "query"]
        yield path, operations["get"], parameters


def _scalar(parameter):
    schema = parameter["schema"]
    return schema.get("items", schema) if schema.get("type") == "array" else schema


def test_the_probed_overflows_are_a_400_naming_the_parameter(admin):
    for url, name in (
        ("/api/compliance/findings/?assessment=5949009834665960275968&page=5544999", "assessment"),
        ("/api/compliance/relationships/?factory=5117425613281361374222178379104256", "factory"),
        ("/api/helpdesk/cases/?assignee=-126577309425149460480", "assignee"),
    ):
        body = _envelope(admin.get(url), 400)
        assert set(body["extra"]["fields"]) == {name}, body


def test_every_integer_parameter_has_bounds_and_answers_400_past_them(admin, schema):
    checked = 0
    for path, _operation, parameters in _list_operations(schema):
        for parameter in parameters:
            bounds = _scalar(parameter)
            if bounds.get("type") != "integer":
                continue
            name = parameter["name"]
            assert "minimum" in bounds, (path, name, bounds)
            # A page has no maximum: past the end is a 404 (another test).
            above = (bounds["maximum"] + 1, 10**30) if "maximum" in bounds else ()
            for value in (bounds["minimum"] - 1, *above):
                response = admin.get(path, {name: value})
                body = _envelope(response, 400)
                assert name in body["extra"]["fields"], (path, name, body)
            # The bound itself is valid: an answer, or a page past the end (404).
            response = admin.get(path, {name: bounds["minimum"]})
            assert response.status_code in (200, 404), (path, name, response.content[:200])
            checked += 1
    assert checked >= 20  # ids, cycles, pages, page sizes across the apps


def test_an_empty_value_is_refused_where_the_schema_asks_for_one(admin, schema):
    checked = 0
    for path, _operation, parameters in _list_operations(schema):
        for parameter in parameters:
            value = _scalar(parameter)
            if not (
                value.get("type") in ("integer", "boolean")
                or "enum" in value
                or value.get("minLength", 0) >= 1
                or "format" in value
            ):
                continue
            name = parameter["name"]
            body = _envelope(admin.get(f"{path}?{name}="), 400)
            assert name in body["extra"]["fields"], (path, name, body)
            checked += 1
    # The probe's own case: an empty enum and an empty page.
    body = _envelope(admin.get("/api/compliance/improvement-actions/?status=&page="), 400)
    assert set(body["extra"]["fields"]) == {"status"}
    body = _envelope(admin.get("/api/compliance/improvement-actions/?page="), 400)
    assert set(body["extra"]["fields"]) == {"page"}
    assert checked >= 30


def test_pages_are_whole_numbers_from_one(admin):
    for bad in ("", "0", "-1", "1.5", "abc", "²", "{}"):
        body = _envelope(admin.get("/api/compliance/findings/", {"page": bad}), 400)
        assert set(body["extra"]["fields"]) == {"page"}, (bad, body)
    # Past the last page: 404 (documented), also for a page number no database type holds.
    for far in ("5544999", "9" * 40):
        _envelope(admin.get("/api/compliance/findings/", {"page": far}), 404)
    for bad in ("0", "501", "x"):
        body = _envelope(admin.get("/api/standards/instruments/", {"page_size": bad}), 400)
        assert set(body["extra"]["fields"]) == {"page_size"}
    assert admin.get("/api/standards/instruments/", {"page_size": 500}).status_code == 200


def test_unknown_codes_in_filters_match_nothing(admin):
    for url in (
        "/api/helpdesk/cases/?country=00",
        "/api/standards/instruments/?subject=0",
        "/api/standards/ratifications/?instrument=0&country=0",
    ):
        response = admin.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        assert response.json()["count"] == 0


def test_statistics_take_the_cycles_the_schema_documents(admin, schema):
    for kind in ("compliance-points", "questions", "trends", "factories"):
        path = f"/api/compliance/statistics/{kind}/"
        cycle = next(p for p in schema["paths"][path]["get"]["parameters"] if p["name"] == "cycle")
        assert cycle["schema"]["minimum"] == 1
        _envelope(admin.get(path, {"cycle": 0}), 400)
        _envelope(admin.get(path, {"cycle": cycle["schema"]["maximum"] + 1}), 400)
        assert admin.get(path, {"cycle": 1}).status_code == 200
        for empty in ("cycle", "industry", "country", "export"):
            body = _envelope(admin.get(f"{path}?{empty}="), 400)
            assert set(body["extra"]["fields"]) == {empty}
        _envelope(admin.get(path, {"export": "pdf"}), 400)


def test_every_list_answer_and_download_validates_against_the_schema(admin, schema):
    """Each parameterless GET, then the object behind its first result and each download
    format, validated by schemathesis against the documented status, content type and body:
    a field the schema calls a string that answers null (`revised_by`, `denounced_by`) fails."""
    loaded = schemathesis.openapi.from_dict(schema)
    # Django's own test client keeps the test's database connection open across requests; a
    # bare WSGI handler closes it at the end of each, unless told not to in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        _validate_all(schema, loaded, WsgiClient(WSGIHandler()), admin.token)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _validate_all(schema, loaded, wsgi, token):
    headers = {"Authorization": f"Token {token}"}

    def validate(path_template, path, query=""):
        response = wsgi.get(path, query_string=query, headers=headers)
        assert response.status_code < 500, (path, response.status_code)
        loaded[path_template]["GET"].validate_response(response)
        return response

    validated = set()
    for path, _operation, parameters in _list_operations(schema):
        # The largest page where a list offers one: every row is checked, not only the first.
        sizes = [_scalar(p).get("maximum") for p in parameters if p["name"] == "page_size"]
        response = validate(path, path, f"page_size={sizes[0]}" if sizes else "")
        validated.add(path)
        if response.status_code != 200 or not response.is_json:
            continue
        results = response.get_json().get("results") if isinstance(response.json, dict) else None
        for parameter in parameters:
            if parameter["name"] == "export":
                for fmt in _scalar(parameter)["enum"]:
                    download = validate(path, path, f"export={fmt}")
                    assert download.status_code == 200
                    assert download.mimetype != "application/json", (path, fmt)
        detail = next(
            (p for p in schema["paths"] if p.startswith(path) and p[len(path) :] == "{id}/"), None
        )
        if detail and results and isinstance(results[0], dict) and "id" in results[0]:
            validate(detail, detail.replace("{id}", str(results[0]["id"])))
            validated.add(detail)
    # Objects with a code rather than an id: the ones the probe found.
    for template, path in (
        ("/api/standards/instruments/{code}/", "/api/standards/instruments/C001/"),
        ("/api/standards/instruments/{code}/", "/api/standards/instruments/C087/"),
    ):
        validate(template, path)
    assert {"/api/standards/ratifications/", "/api/compliance/findings/"} <= validated


def test_boolean_filters_are_true_or_false(admin, schema):
    checked = 0
    for path, _operation, parameters in _list_operations(schema):
        for parameter in parameters:
            if _scalar(parameter).get("type") != "boolean":
                continue
            for bad in ("AAA", "2", "") + (("1", "on", "True") if "{" not in path else ()):
                if path.startswith("/api/reports/") and bad in ("1", "on", "True"):
                    continue  # a query serializer's BooleanField: its documented spellings
                body = _envelope(admin.get(path, {parameter["name"]: bad}), 400)
                assert parameter["name"] in body["extra"]["fields"]
            for good in ("true", "false"):
                response = admin.get(path, {parameter["name"]: good, "period": "2023-24"})
                assert response.status_code == 200, (path, response.content[:200])
            checked += 1
    assert checked >= 1  # the case queue's my_clearance


def test_text_fields_take_strings_only(admin):
    """`{"name": 0}` created a buyer named "0", `{"body": 0}` a note "0": the schema says string."""
    for url, payload in (
        ("/api/compliance/buyers/", {"name": 0}),
        ("/api/compliance/buyers/", {"name": 1.5}),
        ("/api/compliance/buyers/", {"name": True}),
    ):
        body = _envelope(admin.post(url, payload, content_type="application/json"), 400)
        assert set(body["extra"]["fields"]) == {"name"}, body
    assert admin.post(
        "/api/compliance/buyers/", {"name": "Buyer (demo)"}, content_type="application/json"
    ).status_code in (201, 403)


def test_bodies_are_json_and_a_form_body_is_415(admin):
    # A multipart body "[]" passed for an empty form on workflow steps.
    response = admin.post("/api/compliance/buyers/", {"name": "x"})  # multipart
    _envelope(response, 415)
