"""API ground: authenticated by default, one error envelope, a valid OpenAPI schema."""

import pytest
import yaml  # PyYAML comes with drf-spectacular
from django.core.management import call_command


def test_api_requires_authentication_by_default(client, db):
    response = client.get("/api/core/audit/")
    assert response.status_code in (401, 403)
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert body["message"]


def test_token_authentication(client, make_user):
    from rest_framework.authtoken.models import Token

    admin = make_user("administrator")
    token = Token.objects.create(user=admin)
    response = client.get("/api/core/audit/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_not_found_uses_the_envelope(client, make_user):
    client.force_login(make_user("administrator"))
    response = client.get("/api/core/audit/999999/")
    assert response.status_code == 404
    assert set(response.json()) == {"message", "extra"}


def test_schema_and_docs_are_served(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/core/audit/" in schema["paths"]
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_schema_validates(tmp_path):
    out = tmp_path / "openapi.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert out.stat().st_size > 1000
