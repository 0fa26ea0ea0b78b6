"""The standards pages in a real headless Chromium: axe-core, the map's text alternative."""

import pytest

from labourdesk.core.testing.a11y import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "standards/",
    "standards/instruments/C138/",
    "standards/countries/GHA/",
    "standards/compare/?countries=FRA,BRA,VNM",
]


@pytest.mark.parametrize("lang", ["en", "fr", "zh-hans"])
def test_standards_pages_have_no_axe_violations(page, live_server, reference_data, lang):
    for path in PAGES:
        page.goto(f"{live_server.url}/{lang}/{path}")
        assert page.locator("h1").inner_text().strip()
        assert_no_axe_violations(page)


def test_the_map_has_a_text_alternative(page, live_server, reference_data):
    page.goto(f"{live_server.url}/en/standards/instruments/C155/")
    world = page.get_by_role("img", name="World map of the ratifications of C155")
    assert world.count() == 1
    # The table of ratifying states carries the map's information in text.
    assert page.get_by_role("table").filter(has_text="Azerbaijan").count() == 1
