"""The staff statistics page as its users open it: first without a query (the last 30 days), then
with a window, an export, a bad window; only the roles that may read it."""

import pytest

from labourdesk.core.testing.permissions import login

pytestmark = pytest.mark.django_db
URL = "/en/statistics/website/"


@pytest.mark.parametrize("role", ["helpdesk_manager", "content_editor"])
def test_opens_without_a_query_on_the_last_30_days(client, make_user, role):
    login(client, make_user(role))
    response = client.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert (form.cleaned_data["end"] - form.cleaned_data["start"]).days == 29


def test_a_window_an_export_and_a_bad_window(client, make_user):
    login(client, make_user("helpdesk_manager"))
    assert client.get(URL, {"start": "2026-01-01", "end": "2026-01-31"}).status_code == 200
    export = client.get(URL, {"start": "2026-01-01", "end": "2026-01-31", "format": "csv"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    bad = client.get(URL, {"start": "2026-02-01", "end": "2026-01-01"})
    assert bad.status_code == 400
    assert "The start date is after the end date." in bad.content.decode()
    assert client.get(URL, {"start": "not-a-date"}).status_code == 400


def test_other_roles_may_not_read_it(client, make_user):
    login(client, make_user("helpdesk_expert"))
    assert client.get(URL).status_code == 403
