"""Security headers (issue 10): a strict Content-Security-Policy on every page, no-store on every
confidential or signed-in page and every API answer, no Server header, API docs from our own
static files."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from labourdesk.core.testing.permissions import login

PUBLIC_PAGES = ["/en/", "/fr/", "/en/ask/", "/en/accounts/login/", "/en/admin/login/"]
STAFF_PAGES = ["/en/", "/en/helpdesk/", "/en/compliance/", "/en/admin/", "/en/admin/accounts/user/"]


def _directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def _assert_strict_csp(response):
    header = response.get("Content-Security-Policy")
    assert header, f"{response.request['PATH_INFO']}: no Content-Security-Policy"
    directives = _directives(header)
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None
    assert "'unsafe-inline'" not in scripts
    assert "'unsafe-eval'" not in scripts
    assert "*" not in scripts and "https:" not in scripts and "http:" not in scripts
    assert directives.get("object-src") == ["'none'"]
    return directives


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_have_a_strict_csp(client, reference_data, url):
    response = client.get(url)
    assert response.status_code == 200
    _assert_strict_csp(response)


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_pages_have_a_strict_csp_and_no_store(client, make_user, url):
    login(client, make_user("administrator", is_superuser=True))
    response = client.get(url)
    assert response.status_code == 200
    _assert_strict_csp(response)
    assert "no-store" in response.get("Cache-Control", "")


def test_a_signed_in_users_page_is_never_stored_but_a_public_one_may_be(client, make_user):
    anonymous = client.get("/en/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    login(client, make_user("factory_user"))
    assert "no-store" in client.get("/en/").get("Cache-Control", "")


def test_the_requesters_private_page_is_never_stored(client, reference_data):
    from labourdesk.helpdesk.tests.conftest import ask

    case = ask()
    token = case.new_access_token()
    case.save(update_fields=["access_token_hash"])
    response = client.get(f"/en/helpdesk/c/{token}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    _assert_strict_csp(response)
    # A wrong link is confidential too: it says which links exist.
    assert "no-store" in client.get("/en/helpdesk/c/not-a-token/")["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "user"),
    [
        ("/api/core/audit/", None),  # 401/403 in the envelope
        ("/api/core/audit/", "administrator"),
        ("/api/schema/", None),
        ("/api/no-such-endpoint/", None),
    ],
)
def test_every_api_answer_is_never_stored(client, make_user, url, user):
    if user:
        login(client, make_user(user, is_superuser=True))
    response = client.get(url)
    assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)


def test_no_template_has_an_inline_script_or_style_without_the_nonce():
    """Inline <script> and <style> blocks are refused by the policy: JS and CSS live in static
    files (or, where one must be inline, it carries the request's nonce). E-mail bodies are not
    pages: their inline styles stay."""
    offenders = []
    for template in Path(settings.BASE_DIR, "labourdesk").glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            # JSON-LD is a data block: the browser never runs it, so the policy does not apply.
            if "application/ld+json" in tag:
                continue
            if "src=" not in tag and "nonce=" not in tag:
                offenders.append(f"{template}: {tag}")
        for tag in re.findall(r"<style\b[^>]*>", text, flags=re.IGNORECASE):
            if "nonce=" not in tag:
                offenders.append(f"{template}: {tag}")
        if "/email/" not in str(template) and re.search(r"\sstyle=", text):
            offenders.append(f"{template}: inline style attribute")
        for match in re.findall(r"\son[a-z]+\s*=", text, flags=re.IGNORECASE):
            offenders.append(f"{template}: inline handler {match.strip()}")
        if "javascript:" in text:
            offenders.append(f"{template}: javascript: URL")
    assert offenders == []


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_use_our_static_files_never_a_cdn(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    _assert_strict_csp(response)
    assert "/static/drf_spectacular_sidecar/" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), html
    assert "<script>" not in html
