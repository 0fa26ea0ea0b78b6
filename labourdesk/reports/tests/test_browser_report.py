"""The report page in a real headless Chromium: tables, charts, drill-down, axe-core."""

import pytest

from labourdesk.core.testing.a11y import assert_no_axe_violations
from labourdesk.reports.tests.factories import make_case, zurich

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, client, live_server, user) -> None:
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_report_page_published_year_and_drill_down(page, live_server, client, make_user):
    make_case(zurich(2023, 3, 1, 0, 0), user_type="mne", sectors=["mining"])
    _sign_in(page, client, live_server, make_user("helpdesk_manager"))
    page.goto(f"{live_server.url}/fr/reports/helpdesk/?period=2022-23")
    # Five tables, the years chart's figures, the website's table 6 and users by region.
    assert page.locator("table caption").count() == 6 + 2
    t1 = page.get_by_role("table", name="Tableau 1")
    assert "1091" in t1.get_by_role("row", name="EMN").inner_text()
    assert page.locator("svg[role=img]").count() == 6
    assert "137" in page.get_by_role("heading", name="Chiffres clés").locator("..").inner_text()
    assert_no_axe_violations(page)
    page.get_by_role("combobox", name="Période de référence").fill("2023-24")
    page.get_by_role("button", name="Afficher le rapport").click()
    page.wait_for_url("**period=2023-24**")
    page.get_by_role("table", name="Tableau 4").get_by_role(
        "link", name="Industrie minière"
    ).first.click()
    assert "LD-" in page.locator("main").inner_text()
    assert_no_axe_violations(page)


def test_report_page_never_widens_a_phone(browser, live_server, client, make_user):
    """At 390 px the wide tables scroll inside their region: the page itself stays 390 px wide
    (an absolutely placed 'not known' for screen readers once escaped the scrolling region)."""
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="fr-FR")
    phone = context.new_page()
    try:
        _sign_in(phone, client, live_server, make_user("helpdesk_manager"))
        for period in ("2022-23", "2025-26"):
            phone.goto(f"{live_server.url}/fr/reports/helpdesk/?period={period}")
            assert phone.locator("table caption").count() >= 5
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, period
    finally:
        context.close()
