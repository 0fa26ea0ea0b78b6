"""The pages in a real Chromium under the Content-Security-Policy (the `browser` fixture fails a
test on any violation Chromium reports), and the API docs with no network beyond our server."""

import pytest
from django.test import Client

from labourdesk.core.testing.actors import create_actor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _offline_context(browser, live_server, cookies=()):
    """A context that can reach our live server and nothing else (no CDN, no fonts)."""
    context = browser.new_context(locale="en-GB")
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith(live_server.url):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    if cookies:
        context.add_cookies(list(cookies))
    return context, blocked


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_api_docs_render_offline_under_the_csp(browser, live_server, url):
    context, blocked = _offline_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(20000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}{url}")
    # Both UIs print the schema's title once they have fetched and drawn it.
    page.get_by_text("LabourDesk API").first.wait_for()
    if url == "/api/docs/":
        page.locator(".opblock-tag").first.wait_for()
    assert blocked == []
    assert errors == []
    context.close()
    # ReDoc's sidebar hard-wires its vendor's logo from cdn.redoc.ly: img-src refuses it (that is
    # the policy working, nothing is fetched). Any other violation still fails the test.
    browser.csp_violations[:] = [
        v for v in browser.csp_violations if "https://cdn.redoc.ly/redoc/logo-mini.svg" not in v
    ]


def test_public_and_staff_pages_raise_no_csp_violation(browser, live_server, reference_data):
    context, blocked = _offline_context(browser, live_server)
    page = context.new_page()
    page.set_default_timeout(15000)
    for url in ["/en/", "/fr/ask/", "/en/accounts/login/", "/en/admin/login/"]:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
    admin = create_actor("administrator", is_superuser=True)
    client = Client()
    client.force_login(admin)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    for url in [
        "/en/admin/",
        "/en/admin/accounts/user/",
        f"/en/admin/accounts/user/{admin.pk}/change/",
        "/en/admin/core/auditentry/",
        "/en/helpdesk/",
        "/en/compliance/",
        "/en/reports/helpdesk/",
    ]:
        page.goto(f"{live_server.url}{url}")
        page.wait_for_load_state("load")
    assert blocked == []
    context.close()
