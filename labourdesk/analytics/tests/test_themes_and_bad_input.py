"""Page views carry the theme of the portal page (the same key in every language), the staff
page filters by language and theme; bad input is counted or dropped, never a 500."""

import pytest

from labourdesk.analytics import collector, privacy
from labourdesk.analytics.models import DailyStat, PageView
from labourdesk.analytics.services import analytics_rollup
from labourdesk.core.testing.permissions import login
from labourdesk.knowledge.demo import create_demo

pytestmark = pytest.mark.django_db
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def counting(settings):
    settings.ANALYTICS_ENABLED = True
    settings.ANALYTICS_BUFFER_SIZE = 1
    privacy.clear_cache()
    yield
    collector.buffer.flush()
    privacy.clear_cache()


@pytest.fixture
def demo(reference_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create_demo()


def test_page_views_carry_the_theme_of_the_portal_page(client, demo, counting, make_user):
    for path in [
        "/en/demo-working-time/",
        "/en/demo-working-time/",
        "/fr/qa/demo-overtime-records/",
    ]:
        assert client.get(path, HTTP_USER_AGENT=UA, REMOTE_ADDR="8.8.8.8").status_code == 200
    # With a query string the page is not served from the cache: the theme is set all the same.
    client.get("/en/demo-working-time/?utm_source=x", HTTP_USER_AGENT=UA, REMOTE_ADDR="8.8.8.8")
    themes = dict(PageView.objects.values_list("path", "theme"))
    assert themes["/en/demo-working-time/"] == "demo-working-time"
    assert themes["/fr/qa/demo-overtime-records/"] == "demo-working-time"
    assert PageView.objects.filter(theme="demo-working-time").count() == 4
    client.get("/en/", HTTP_USER_AGENT=UA, REMOTE_ADDR="8.8.8.8")
    assert PageView.objects.get(path="/en/").theme == ""

    analytics_rollup()
    pages = DailyStat.objects.filter(dimension="page", theme="demo-working-time")
    assert pages.count() == 2
    login(client, make_user("helpdesk_manager"))
    filtered = client.get("/en/statistics/website/?theme=demo-working-time&language=fr")
    assert filtered.status_code == 200
    body = filtered.content.decode()
    assert "/fr/qa/demo-overtime-records/" in body and "<small>/en/demo-working-time/" not in body
    assert '<option value="demo-working-time" selected' in body


BAD = [
    {"HTTP_X_FORWARDED_FOR": "not-an-ip, 999.1.1.1"},
    {"HTTP_X_FORWARDED_FOR": "1.2.3.4, " * 2000},
    {"HTTP_X_FORWARDED_FOR": "\x00\xff"},
    {"HTTP_USER_AGENT": UA + "x" * 10_000},
    {"HTTP_REFERER": "https://example.org/" + "a" * 10_000},
    {"HTTP_REFERER": "http://[::1/bad"},
    {"REMOTE_ADDR": "240.0.0.1"},  # reserved: no country
]


@pytest.mark.parametrize("proxies", [0, 1, 2])
@pytest.mark.parametrize("headers", BAD)
def test_bad_headers_are_counted_or_dropped_never_a_500(
    client, counting, reference_data, settings, headers, proxies
):
    settings.TRUSTED_PROXY_COUNT = proxies
    base = {"HTTP_USER_AGENT": UA, "REMOTE_ADDR": "8.8.8.8"}
    response = client.get("/en/", **{**base, **headers})
    assert response.status_code == 200
    for view in PageView.objects.all():
        assert len(view.referrer_host) <= 255 and "a" * 300 not in view.referrer_host
        assert "x" * 100 not in view.visitor
        assert view.country in {"", "US", "AU"}  # 1.2.3.4 is in Australia


def test_invalid_utf8_in_the_path_is_never_a_500(client, counting, reference_data):
    response = client.get("/en/%ff%fe/", HTTP_USER_AGENT=UA, REMOTE_ADDR="8.8.8.8")
    assert response.status_code in {400, 404}
    assert client.get("/en/%C3%A9t%C3%A9/", HTTP_USER_AGENT=UA).status_code == 404
    assert not PageView.objects.exists()  # errors are not counted; nothing half-written


def test_a_missing_past_salt_is_asked_of_the_database_once(django_assert_num_queries):
    """Every page view looks for yesterday's salt; on a first day of counting there is none,
    and none can appear for a past day: the answer is remembered."""
    import datetime as dt

    privacy.clear_cache()
    yesterday = privacy.local_day() - dt.timedelta(days=1)
    with django_assert_num_queries(1):
        assert privacy.salt_for(yesterday, create=False) is None
    with django_assert_num_queries(0):
        assert privacy.salt_for(yesterday, create=False) is None
    privacy.clear_cache()
