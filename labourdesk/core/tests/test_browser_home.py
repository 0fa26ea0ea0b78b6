"""The home page in a real headless Chromium: every language, the switcher, axe-core."""

import pytest
from django.conf import settings

from labourdesk.core.testing.a11y import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_in_every_language_and_the_switcher_keeps_the_page(page, live_server):
    for code, _name in settings.LANGUAGES:
        page.goto(f"{live_server.url}/{code}/")
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("h1").inner_text().strip()
    page.goto(f"{live_server.url}/en/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="français").click()
    page.wait_for_url(f"{live_server.url}/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert "Helpdesk pour les entreprises" in page.content()


def test_browser_language_picks_the_first_page(browser, live_server):
    context = browser.new_context(locale="es-ES")
    try:
        pg = context.new_page()
        pg.goto(f"{live_server.url}/")
        assert pg.url == f"{live_server.url}/es/"
        assert pg.locator("html").get_attribute("lang") == "es"
    finally:
        context.close()


def test_skip_link_is_the_first_focus_and_visible(page, live_server):
    page.goto(f"{live_server.url}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box is not None and box["y"] >= 0


@pytest.mark.parametrize("lang", ["en", "fr", "zh-hans"])
def test_home_has_no_axe_violations(page, live_server, lang):
    page.goto(f"{live_server.url}/{lang}/")
    assert_no_axe_violations(page)


def test_home_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    try:
        pg = context.new_page()
        pg.goto(f"{live_server.url}/en/")
        pg.get_by_role("navigation", name="Language").get_by_role("link", name="español").click()
        assert pg.locator("html").get_attribute("lang") == "es"
    finally:
        context.close()
