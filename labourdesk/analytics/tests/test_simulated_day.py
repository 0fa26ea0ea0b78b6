"""A simulated day of traffic, from our own log of requests, through the real middleware:
several visitors, one over midnight, a robot, a prefetch, a staff user, search, e-mail, social
and other-site referrers, UTM tags, IPv4 and IPv6 → exactly the visits, visitors, page views,
sources and countries expected; and no IP, user agent or referrer URL anywhere in the database."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection

from labourdesk.analytics import collector, privacy
from labourdesk.analytics.models import DailySalt, DailyStat, PageView
from labourdesk.analytics.services import analytics_prune, analytics_rollup

ZURICH = ZoneInfo("Europe/Zurich")
D = dt.date(2026, 6, 10)
NEXT = D + dt.timedelta(days=1)
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"  # noqa: E501
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1"  # noqa: E501
MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15"  # noqa: E501
LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"

# (local time, ip, user agent, path, referrer, extra headers)
LOG = [
    (
        (D, "10:00"),
        "8.8.8.8",
        DESKTOP,
        "/en/",
        "https://www.google.com/search?q=labour+standards",
        {},
    ),
    ((D, "10:05"), "8.8.8.8", DESKTOP, "/fr/", "http://testserver/en/", {}),
    ((D, "11:00"), "8.8.8.8", DESKTOP, "/en/", "", {}),  # 55 minutes later: a new, direct visit
    (
        (D, "12:00"),
        "2a00:1450:4001::1",
        PHONE,
        "/en/?utm_medium=email&utm_source=newsletter",
        "",
        {},
    ),
    ((D, "13:00"), "200.160.2.3", LINUX, "/es/", "https://example.org/links/ilo.html?id=1", {}),
    ((D, "14:00"), "66.249.66.1", BOT, "/en/", "", {}),  # a robot: not counted
    ((D, "14:01"), "8.8.4.4", DESKTOP, "/en/", "", {"HTTP_SEC_PURPOSE": "prefetch"}),  # prefetch
    ((D, "23:50"), "81.2.69.142", MAC, "/es/", "https://www.linkedin.com/feed/", {}),
    ((NEXT, "00:10"), "81.2.69.142", MAC, "/en/", "", {}),  # the same visit, across midnight
    ((NEXT, "15:00"), "8.8.8.8", DESKTOP, "/en/", "", {}),  # visitor A again, the next day
]


def at(day_time):
    day, hhmm = day_time
    hour, minute = map(int, hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZURICH)


@pytest.fixture
def counting(settings, monkeypatch):
    settings.ANALYTICS_ENABLED = True
    settings.ANALYTICS_BUFFER_SIZE = 1
    settings.TIME_ZONE = "Europe/Zurich"
    privacy.clear_cache()
    clock = {"now": None}
    monkeypatch.setattr(collector, "_now", lambda: clock["now"])
    yield clock
    collector.buffer.flush()
    privacy.clear_cache()


def replay(client, clock, log=LOG):
    for when, ip, ua, path, referrer, extra in log:
        clock["now"] = at(when)
        headers = {"REMOTE_ADDR": ip, "HTTP_USER_AGENT": ua, **extra}
        if referrer:
            headers["HTTP_REFERER"] = referrer
        response = client.get(path, **headers)
        assert response.status_code == 200, (path, response.status_code)


def figures(day, dimension):
    return {
        s.value: (s.visits, s.pageviews, s.visitors)
        for s in DailyStat.objects.filter(day=day, dimension=dimension)
    }


@pytest.mark.django_db
def test_a_simulated_day_gives_exactly_the_expected_figures(client, counting, make_user):
    replay(client, counting)
    # A signed-in staff member, HEAD and an error page are never counted either.
    staff = make_user("helpdesk_expert")
    client.force_login(staff)
    counting["now"] = at((D, "16:00"))
    client.get("/en/", REMOTE_ADDR="8.8.8.8", HTTP_USER_AGENT=DESKTOP)
    client.logout()
    client.head("/en/", REMOTE_ADDR="8.8.8.8", HTTP_USER_AGENT=DESKTOP)
    client.get("/en/no-such-page/", REMOTE_ADDR="8.8.8.8", HTTP_USER_AGENT=DESKTOP)

    assert PageView.objects.count() == 8
    analytics_rollup()

    site = figures(D, DailyStat.Dimension.SITE)[""]
    assert site == (5, 6, 4)  # visits, page views, daily unique visitors
    assert figures(D, DailyStat.Dimension.SOURCE) == {
        "search": (1, 2, 1),
        "direct": (1, 1, 1),
        "email": (1, 1, 1),
        "referral": (1, 1, 1),
        "social": (1, 1, 1),
    }
    assert figures(D, DailyStat.Dimension.REFERRER) == {
        "google.com": (1, 2, 1),
        "": (1, 1, 1),  # the direct visit
        "newsletter": (1, 1, 1),  # no referrer: the UTM source names it
        "example.org": (1, 1, 1),
        "linkedin.com": (1, 1, 1),
    }
    countries = figures(D, DailyStat.Dimension.COUNTRY)
    assert countries == {"US": (2, 3, 1), "DE": (1, 1, 1), "BR": (1, 1, 1), "GB": (1, 1, 1)}
    devices = figures(D, DailyStat.Dimension.DEVICE)
    assert devices == {
        "desktop": (4, 5, 3),
        "mobile": (1, 1, 1),
    }  # A twice, the Linux and the Mac visit

    # The next day: the visit that crossed midnight continues (same visit, social source)...
    following = figures(NEXT, DailyStat.Dimension.SITE)[""]
    assert following == (2, 2, 2)
    crossing = PageView.objects.filter(path="/en/", day=NEXT, country="GB").get()
    before = PageView.objects.filter(path="/es/", day=D, country="GB").get()
    assert crossing.visit == before.visit and not crossing.entry
    assert crossing.source == "social"
    # ...and visitor A, back the next day, has another id.
    a_day1 = set(PageView.objects.filter(day=D, country="US").values_list("visitor", flat=True))
    a_day2 = set(PageView.objects.filter(day=NEXT, country="US").values_list("visitor", flat=True))
    assert len(a_day1) == 1 and len(a_day2) == 1 and a_day1 != a_day2

    # Roll-ups are idempotent.
    before_rows = sorted(
        DailyStat.objects.values_list(
            "day", "dimension", "value", "visits", "pageviews", "visitors"
        )
    )
    analytics_rollup(days=[D, NEXT])
    analytics_rollup()
    after_rows = sorted(
        DailyStat.objects.values_list(
            "day", "dimension", "value", "visits", "pageviews", "visitors"
        )
    )
    assert before_rows == after_rows


def _every_text_value():
    """Every value of every text-like column of every table of the database."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - introspected names
            for row in cursor.fetchall():
                for name, value in zip(columns, row, strict=True):
                    if isinstance(value, str | bytes | memoryview):
                        text = (
                            bytes(value).decode("latin-1") if not isinstance(value, str) else value
                        )
                        yield table, name, text


@pytest.mark.django_db
def test_no_ip_user_agent_or_referrer_url_is_stored_and_old_salts_are_destroyed(client, counting):
    replay(client, counting)
    analytics_rollup()
    secrets = {ip for _w, ip, *_ in LOG} | {ua for *_x, ua, _p, _r, _e in LOG}
    secrets |= {ref for *_x, ref, _e in LOG if ref}
    secrets |= {"2a00:1450:4001:0:0:0:0:1", "Chrome/131.0", "labour+standards", "/links/ilo.html"}
    for table, column, text in _every_text_value():
        for secret in secrets:
            assert secret not in text, f"{secret!r} found in {table}.{column}"
    # Two days on, the salts of the simulated days are gone: yesterday's ids cannot be remade.
    analytics_prune(today=NEXT + dt.timedelta(days=2))
    assert not DailySalt.objects.filter(day__lte=NEXT).exists()
    assert apps.get_model("analytics", "PageView").objects.exists()  # not yet 30 days old
