"""Every string of the Big List of Naughty Strings through the Ask form and the intake API:
never a 5xx, stored exactly, escaped on output."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.utils.html import escape
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from labourdesk.core.testing.actors import create_actor
from labourdesk.core.testing.fixtures import shared_path
from labourdesk.helpdesk.models import Inquiry
from labourdesk.helpdesk.tests.test_views_ask import payload

pytestmark = pytest.mark.django_db


def naughty_strings() -> list[str]:
    strings = json.loads(
        shared_path("data", "test-corpora", "naughty-strings", "blns.json").read_text("utf-8")
    )
    # A lone surrogate cannot travel in UTF-8 over HTTP; none is in the list today.
    return [
        s for s in strings if s.encode("utf-8", "surrogatepass").decode("utf-8", "replace") == s
    ]


def _acceptable(s: str) -> bool:
    return bool(s.strip()) and "\x00" not in s


def test_every_naughty_string_through_the_form(client, reference_data, monkeypatch, make_user):
    from labourdesk.helpdesk.views import public

    monkeypatch.setattr(public, "ASK_RATE", "100000/h")
    staff = make_user("helpdesk_expert")
    staff_client = type(client)()
    staff_client.force_login(staff)
    strings = naughty_strings()
    assert len(strings) > 400
    for i, s in enumerate(strings):
        response = client.post(
            "/en/ask/", payload(question=s, organisation=s[:300], submission_key=f"n{i}")
        )
        assert response.status_code < 500, repr(s)
        inquiry = Inquiry.objects.filter(submission_key=f"n{i}").first()
        if not _acceptable(s):
            assert response.status_code == 200 and inquiry is None, repr(s)
            continue
        assert response.status_code == 302, (repr(s), response.content[:2000])
        assert inquiry.body_text == s, repr(s)
        # Names and organisations are trimmed (a form habit); the question never is.
        assert inquiry.case.requester_organisation == s[:300].strip()
        if "<" in s and "\n" not in s and "\r" not in s:
            page = staff_client.get(f"/en/helpdesk/cases/{inquiry.case_id}/")
            assert page.status_code == 200
            html = page.content.decode()
            assert escape(s[:300].strip()) in html, repr(s)
            assert s not in html, repr(s)


def test_every_naughty_string_through_the_intake_api(reference_data):
    user = create_actor("no_role")
    user.user_permissions.add(Permission.objects.get(codename="add_inquiry"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    for i, s in enumerate(naughty_strings()):
        response = client.post(
            "/api/helpdesk/intake/",
            {
                "question": s,
                "name": s[:200] or "x",
                "email": "n@example.org",
                "organisation": s[:300],
                "user_type": "workers_unions",
                "country": "FR",
                "idempotency_key": f"n{i}",
            },
            format="json",
        )
        assert response.status_code < 500, repr(s)
        if not _acceptable(s):
            assert response.status_code == 400, repr(s)
            assert set(response.json()) == {"message", "extra"}
            continue
        if response.status_code == 400:
            # Only the name may be refused (blank after trimming, or a NUL): never the question.
            assert "question" not in response.json()["extra"]["fields"], repr(s)
            continue
        inquiry = Inquiry.objects.get(pk=response.json()["inquiry"])
        assert inquiry.body_text == s, repr(s)
