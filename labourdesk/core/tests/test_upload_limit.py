"""Every upload has a size limit (UPLOAD_MAX_BYTES): over it, 413 with a clear message, a page
in the visitor's language or the API's envelope, and nothing is stored (issue 10)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from labourdesk.compliance.models import ImportRun
from labourdesk.core.testing.permissions import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisor(make_user, client, settings):
    settings.UPLOAD_MAX_BYTES = 10 * 1024
    user = make_user("enterprise_advisor")
    login(client, user)
    return user


def _big(name="export.csv", size=20_000):
    return SimpleUploadedFile(name, b"Country,Cycle\n" + b"x" * size, content_type="text/csv")


@pytest.mark.parametrize(
    ("lang", "phrase"), [("en", "too large"), ("fr", "trop volumineu"), ("es", "demasiado")]
)
def test_an_oversized_upload_gets_413_in_the_visitors_language(client, advisor, lang, phrase):
    response = client.post(f"/{lang}/compliance/imports/", {"kind": "assessments", "file": _big()})
    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert phrase in html.lower()
    assert "10" in html  # the limit, in kB or MB
    assert not ImportRun.objects.exists()


def test_an_oversized_api_upload_gets_413_in_the_envelope(client, advisor):
    response = client.post("/api/compliance/imports/", {"kind": "assessments", "file": _big()})
    assert response.status_code == 413
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert body["extra"]["max_bytes"] == 10 * 1024
    assert not ImportRun.objects.exists()


def test_an_upload_under_the_limit_goes_through(client, advisor):
    response = client.post(
        "/en/compliance/imports/", {"kind": "assessments", "file": _big(size=100)}
    )
    assert response.status_code in (200, 302)
