"""The API never answers 500 and always answers in its envelope (issue 10)."""

import json

import pytest
import yaml
from django.test import Client
from rest_framework.authtoken.models import Token

ENVELOPE = {"message", "extra"}


def _envelope(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == ENVELOPE, body
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["extra"], dict)
    return body


@pytest.fixture
def schema(client, db):
    return yaml.safe_load(client.get("/api/schema/").content)


@pytest.fixture
def admin_client(make_user):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("administrator", is_superuser=True))
    return client


def _detail_operations(schema):
    for path, operations in schema["paths"].items():
        if "{id}" not in path and "{pk}" not in path:
            continue
        for method in operations:
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method


@pytest.mark.parametrize("bad_id", ["abc", "true", "null,null", "1.5", "-1", "1e3"])
def test_non_numeric_ids_answer_404_in_the_envelope_on_every_route(admin_client, schema, bad_id):
    operations = list(_detail_operations(schema))
    # The routes the probe named are among them.
    paths = {p for p, _ in operations}
    for named in (
        "/api/compliance/assessments/{id}/transition/",
        "/api/compliance/assessments/{id}/findings/",
        "/api/compliance/consents/{id}/revoke/",
        "/api/compliance/improvement-actions/{id}/verify/",
        "/api/compliance/questionnaires/{id}/publish/",
        "/api/compliance/questionnaires/{id}/clone/",
    ):
        assert named in paths
    for path, method in operations:
        url = path.replace("{id}", bad_id).replace("{pk}", bad_id)
        response = getattr(admin_client, method)(url, {}, content_type="application/json")
        _envelope(response, 404)


def test_huge_ids_answer_404_not_500(admin_client, schema):
    for path, method in _detail_operations(schema):
        if method != "get":
            continue
        url = path.replace("{id}", "9" * 30).replace("{pk}", "9" * 30)
        _envelope(admin_client.get(url), 404)


def test_unknown_api_paths_answer_404_in_the_envelope(admin_client):
    for url in ("/api/nothing-here/", "/api/compliance/nothing/", "/api/compliance/assessments/x"):
        _envelope(admin_client.get(url), 404)
    _envelope(Client().get("/api/nothing-here/"), 404)


def test_pages_keep_their_html_404(client, db):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_deeply_nested_json_answers_400(admin_client):
    for body in ("[" * 100_000, "[" * 100 + "]" * 100, '{"a":' * 50 + "1" + "}" * 50):
        response = admin_client.post(
            "/api/compliance/improvement-actions/", body, content_type="application/json"
        )
        _envelope(response, 400)


def test_body_larger_than_the_limit_answers_413(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"summary": "x" * 2000})
    response = admin_client.post(
        "/api/compliance/progress-reports/", body, content_type="application/json"
    )
    _envelope(response, 413)


def test_method_not_allowed_answers_405_in_the_envelope(admin_client):
    _envelope(admin_client.delete("/api/core/audit/"), 405)


def test_unauthenticated_answers_in_the_envelope(db):
    response = Client().get("/api/compliance/assessments/")
    assert response.status_code in (401, 403)
    _envelope(response, response.status_code)


def test_a_server_error_under_api_answers_500_in_the_envelope(admin_client, monkeypatch):
    from labourdesk.core.api import views

    def boom(self, request, *args, **kwargs):
        raise RuntimeError("unexpected")

    monkeypatch.setattr(views.AuditEntryViewSet, "list", boom)
    body = _envelope(admin_client.get("/api/core/audit/"), 500)
    assert "unexpected" not in json.dumps(body)  # no internals leak


def test_a_float_where_an_id_is_expected_answers_400(client, make_user):
    client.force_login(make_user("administrator", is_superuser=True))
    for value in (1.5, True, "1.5", "one", [1]):
        response = client.post(
            "/api/compliance/progress-reports/",
            {"factory": value, "period_end": "2024-01-31", "summary": "s"},
            content_type="application/json",
        )
        body = _envelope(response, 400)
        assert "factory" in body["extra"]["fields"], body


def test_throttles_answer_429_in_the_envelope_with_retry_after(make_user, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    rates = {"anon": "1/minute", "user": "3/minute"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF's throttle classes read their rates once, at import: follow the test's settings.
    original = {cls: cls.THROTTLE_RATES for cls in (AnonRateThrottle, UserRateThrottle)}
    for cls in original:
        cls.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    try:
        # The schema is the one endpoint a visitor may read: the anonymous throttle guards it.
        anonymous = Client()
        assert anonymous.get("/api/schema/").status_code == 200
        response = anonymous.get("/api/schema/")
        body = _envelope(response, 429)
        assert int(response["Retry-After"]) > 0
        assert body["extra"]["code"] == "throttled" and body["extra"]["wait"] > 0

        user = make_user("administrator")
        token = Token.objects.create(user=user)
        signed_in = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        statuses = [signed_in.get("/api/core/audit/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429], statuses
    finally:
        for cls, rates in original.items():
            cls.THROTTLE_RATES = rates


def test_throttle_settings_fail_fast_on_a_bad_rate(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from labourdesk.settings import env_rate

    monkeypatch.setenv("API_THROTTLE_USER", "lots")
    with pytest.raises(ImproperlyConfigured, match=r"^API_THROTTLE_USER"):
        env_rate("API_THROTTLE_USER", "10/minute")
    monkeypatch.setenv("API_THROTTLE_USER", "50/hour")
    assert env_rate("API_THROTTLE_USER", "10/minute") == "50/hour"
    monkeypatch.setenv("API_THROTTLE_USER", "")
    assert env_rate("API_THROTTLE_USER", "10/minute") is None


def test_every_operation_documents_its_error_statuses(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status in ("400", "401", "403", "404", "429"):
                assert status in responses, (method, path, status)
                ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error"
            if "requestBody" in operation:
                assert "413" in responses and "415" in responses
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == ENVELOPE


def test_nullable_and_blank_fields_are_documented_so(schema):
    components = schema["components"]["schemas"]
    case = components["Case"]["properties"]
    for name in ("assignee", "user_type", "user_region", "requester_country", "admitted_at"):
        assert case[name].get("nullable") is True, name
    # A case not yet triaged has inadmissible_reason "": the schema allows it.
    reason = case["inadmissible_reason"]
    refs = [r["$ref"].rsplit("/", 1)[-1] for r in reason.get("oneOf", []) if "$ref" in r]
    enums = [v for ref in refs for v in components[ref].get("enum", [])]
    assert "" in enums, reason
    assert components["AuditEntry"]["properties"]["content_type"].get("nullable") is True


def test_errors_are_json_even_when_html_is_asked_for(admin_client):
    for url in ("/api/core/audit/999999/", "/api/core/audit/abc/", "/api/nothing/"):
        _envelope(admin_client.get(url, HTTP_ACCEPT="text/html"), 404)


def test_case_filters_take_ids_and_codes_without_revealing_anything(make_user):
    client = Client()
    client.force_login(make_user("helpdesk_manager"))
    for params in ({"assignee": 999_999}, {"topic": "no-such-topic"}, {"region": "zz"}):
        response = client.get("/api/helpdesk/cases/", params)
        assert response.status_code == 200, (params, response.content)
        assert response.json()["count"] == 0
    assert client.get("/api/helpdesk/cases/", {"assignee": "x"}).status_code == 400
    response = client.get("/api/reports/helpdesk/?period=2022-23&period=2023-24")
    assert _envelope(response, 400)["extra"]["fields"].keys() == {"period"}


def test_strict_query_parameters(make_user):
    client = Client()
    client.force_login(make_user("administrator", is_superuser=True))
    assert client.get("/api/compliance/assessments/", {"cycle": "0.5"}).status_code == 400
    assert client.get("/api/compliance/assessments/", {"cycle": "1"}).status_code == 200
    assert client.get("/api/helpdesk/cases/", {"overdue": "AAA"}).status_code == 400
    assert client.get("/api/helpdesk/cases/", {"overdue": "true"}).status_code == 200
    # Year 0 and the last day of the calendar were a 500 (ValueError, OverflowError).
    for params in ({"period": "0000-05"}, {"start": "2020-01-01", "end": "9999-12-31"}):
        _envelope(client.get("/api/reports/helpdesk/", params), 400)


def test_a_multipart_body_over_the_limit_answers_413(admin_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = admin_client.post("/api/compliance/imports/", {"kind": "x" * 5000})
    _envelope(response, 413)


def test_string_query_parameters_document_that_a_nul_is_refused(admin_client, schema):
    """A NUL in a string parameter is a 400 (Django's fields refuse it); the schema says so, or
    a schema-valid request would be refused (schemathesis found `?subject=…%00…`)."""
    undocumented = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                param_schema = parameter.get("schema", {})
                if param_schema.get("type") == "array":
                    param_schema = param_schema.get("items", {})
                if (
                    parameter["in"] == "query"
                    and param_schema.get("type") == "string"
                    and "enum" not in param_schema
                    and "format" not in param_schema
                    and "pattern" not in param_schema
                ):
                    undocumented.append(f"{method.upper()} {path} ?{parameter['name']}")
    assert undocumented == []
    response = admin_client.get("/api/standards/instruments/", {"subject": "a\x00b"})
    body = _envelope(response, 400)
    assert "Null characters" in str(body["extra"])
