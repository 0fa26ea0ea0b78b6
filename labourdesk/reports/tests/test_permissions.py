"""The permission matrix of the report page, its drill-down, exports and the API."""

import pytest

from labourdesk.core.testing.permissions import assert_access, login, matrix

pytestmark = pytest.mark.django_db

ALLOWED = {"helpdesk_expert", "helpdesk_manager", "administrator"}
PAGES = [
    "/en/reports/helpdesk/?period=2022-23",
    "/fr/reports/helpdesk/cases/?period=2023-24&table=t4&row=mining&column=period",
    "/es/reports/helpdesk/export.xlsx?period=2022-23",
    "/api/reports/helpdesk/?period=2022-23",
    "/api/reports/helpdesk/export/csv/?period=2022-23",
]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=ALLOWED))
def test_report_access(client, make_user, url, actor, allowed):
    login(client, make_user(actor))
    assert_access(client.get(url), allowed, actor=actor)


def test_bad_period_api_envelope(client, make_user):
    login(client, make_user("helpdesk_manager"))
    response = client.get("/api/reports/helpdesk/?period=2022-24")
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "extra"}
    assert "2022-24" in body["message"] and "2022-23" in body["message"]
    response = client.get("/api/reports/helpdesk/export/exe/?period=2022-23")
    assert response.status_code == 404 and set(response.json()) == {"message", "extra"}


def test_bad_period_page(client, make_user):
    login(client, make_user("helpdesk_expert"))
    response = client.get("/fr/reports/helpdesk/?period=abcd")
    assert response.status_code == 400
    assert "abcd" in response.content.decode()
    assert client.get("/en/reports/helpdesk/export.pdf?period=abcd").status_code == 400
    assert client.get("/en/reports/helpdesk/cases/?period=2022-23&table=t9").status_code == 404


def test_page_shows_tables_accessibly(client, make_user):
    from labourdesk.reports.tests.factories import make_case, zurich

    first = make_case(zurich(2023, 5, 1), sectors=["mining"])
    login(client, make_user("helpdesk_manager"))
    html = client.get("/fr/reports/helpdesk/?period=2023-24").content.decode()
    # The five tables, the years chart's figures, then the website's table 6 and users by region
    # (its other tables are lists of counted page views: none here, so no table).
    assert html.count("<caption") == 6 + 2
    assert 'scope="col"' in html and 'scope="row"' in html
    assert html.count('role="img"') == 6 and "<desc" in html
    assert "Industrie minière" in html
    assert "table=t4&amp;row=mining&amp;column=period" in html
    drill = client.get(
        "/fr/reports/helpdesk/cases/?period=2023-24&table=t4&row=mining&column=period"
    ).content.decode()
    assert "LD-" in drill
    from django.utils import translation

    from labourdesk.reports.views import case_url

    # Each case behind a figure links to the helpdesk's case page.
    assert f'href="/fr/helpdesk/cases/{first.pk}/"' in drill
    with translation.override("en"):
        assert case_url(first) == f"/en/helpdesk/cases/{first.pk}/"


@pytest.mark.parametrize(
    "query",
    [
        "period=2099-00",
        "period=9998-99",
        "start=2023-01-01&end=9999-12-31",
        "start=2999-01-01&end=2999-02-01",
    ],
)
def test_impossible_periods_are_a_clear_400(client, make_user, query):
    login(client, make_user("helpdesk_manager"))
    page = client.get(f"/en/reports/helpdesk/?{query}")
    assert page.status_code == 400
    assert 'role="alert"' in page.content.decode()
    body = client.get(f"/api/reports/helpdesk/?{query}").json()
    assert set(body) == {"message", "extra"}
    assert client.get(f"/api/reports/helpdesk/?{query}").status_code == 400
    assert client.get(f"/api/reports/helpdesk/export/pdf/?{query}").status_code == 400
    assert client.get(f"/en/reports/helpdesk/export.csv?{query}").status_code == 400
    if query.startswith("period="):
        assert "has not begun" in body["message"]
