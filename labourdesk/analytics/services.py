"""Roll-ups and pruning of the raw page views (`manage.py analytics_rollup`, `analytics_prune`;
both also run by the scheduler)."""

import datetime as dt

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Q

from labourdesk.analytics import privacy
from labourdesk.analytics.models import DailyStat, PageView

# dimension: (the fields that identify a value, the field stored as `value`)
DIMENSIONS = {
    DailyStat.Dimension.PAGE: (["path", "language", "theme"], "path"),
    DailyStat.Dimension.COUNTRY: (["country"], "country"),
    DailyStat.Dimension.SOURCE: (["source"], "source"),
    DailyStat.Dimension.REFERRER: (["referrer_host"], "referrer_host"),
    DailyStat.Dimension.DEVICE: (["device"], "device"),
}


def _figures(queryset):
    return queryset.annotate(
        n_views=Count("id"),
        n_visits=Count("visit", distinct=True),
        n_visitors=Count("visitor", distinct=True),
    )


def rollup_day(*, day: dt.date) -> int:
    """Rebuild every figure of one day from its raw page views; running it twice changes
    nothing. Returns the number of figures written."""
    views = PageView.objects.filter(day=day)
    rows: list[DailyStat] = []
    site = views.aggregate(
        n_views=Count("id"),
        n_visits=Count("visit", distinct=True),
        n_visitors=Count("visitor", distinct=True),
    )
    if site["n_views"]:
        rows.append(
            DailyStat(
                day=day,
                dimension=DailyStat.Dimension.SITE,
                value="",
                visits=site["n_visits"],
                pageviews=site["n_views"],
                visitors=site["n_visitors"],
            )
        )
    for dimension, (fields, value_field) in DIMENSIONS.items():
        grouped = _figures(views.values(*fields))
        if dimension == DailyStat.Dimension.PAGE:
            grouped = grouped.annotate(any_title=Max("title"))
        for group in grouped:
            rows.append(
                DailyStat(
                    day=day,
                    dimension=dimension,
                    value=group[value_field] or "",
                    language=group.get("language", "") or "",
                    theme=group.get("theme", "") or "",
                    title=group.get("any_title", "") or "",
                    visits=group["n_visits"],
                    pageviews=group["n_views"],
                    visitors=group["n_visitors"],
                )
            )
    with transaction.atomic():
        DailyStat.objects.filter(day=day).delete()
        DailyStat.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


# PostgreSQL: every dimension of every day in one scan of the raw table (GROUPING SETS), written
# by the database itself (INSERT … SELECT): no row travels to Python. Gives the same figures as
# `rollup_day` (tests/test_rollup_sql.py compares both); SQLite has no GROUPING SETS.
_PG_ROLLUP = """
INSERT INTO analytics_dailystat
    (day, dimension, value, language, theme, title, visits, pageviews, visitors)
SELECT day,
    CASE WHEN GROUPING(path) = 0 THEN 'page' WHEN GROUPING(country) = 0 THEN 'country'
         WHEN GROUPING(source) = 0 THEN 'source'
         WHEN GROUPING(referrer_host) = 0 THEN 'referrer'
         WHEN GROUPING(device) = 0 THEN 'device' ELSE 'site' END,
    COALESCE(path, country, source, referrer_host, device, ''),
    COALESCE(language, ''), COALESCE(theme, ''),
    CASE WHEN GROUPING(path) = 0 THEN COALESCE(MAX(title), '') ELSE '' END,
    COUNT(DISTINCT visit), COUNT(*), COUNT(DISTINCT visitor)
FROM analytics_pageview
WHERE day = ANY(%s)
GROUP BY GROUPING SETS ((day), (day, path, language, theme), (day, country), (day, source),
                       (day, referrer_host), (day, device))
"""


def rollup_days_sql(*, days: list[dt.date]) -> dict[dt.date, int]:
    """The roll-up of `days` on PostgreSQL in one statement; idempotent as `rollup_day`."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM analytics_dailystat WHERE day = ANY(%s)", [days])
        cursor.execute(_PG_ROLLUP, [days])
        cursor.execute(
            "SELECT day, COUNT(*) FROM analytics_dailystat WHERE day = ANY(%s) GROUP BY day",
            [days],
        )
        counts = dict(cursor.fetchall())
    return {day: counts.get(day, 0) for day in days}


def analytics_rollup(*, days: list[dt.date] | None = None) -> dict[dt.date, int]:
    """Roll up the given days, or every day with raw page views from the last rolled-up day on
    (that day again, since it may have grown after its roll-up)."""
    if days is None:
        last = DailyStat.objects.filter(dimension=DailyStat.Dimension.SITE).aggregate(
            last=Max("day")
        )["last"]
        pending = PageView.objects.all()
        if last is not None:
            pending = pending.filter(day__gte=last)
        days = sorted(set(pending.values_list("day", flat=True).distinct()))
    if days and connection.vendor == "postgresql":
        return rollup_days_sql(days=days)
    return {day: rollup_day(day=day) for day in days}


def analytics_prune(*, keep_days: int | None = None, today: dt.date | None = None) -> int:
    """Delete raw page views older than ANALYTICS_RAW_DAYS whose day is rolled up, and every
    salt older than yesterday's. Returns the number of page views deleted."""
    keep = settings.ANALYTICS_RAW_DAYS if keep_days is None else keep_days
    today = today or privacy.local_day()
    cutoff = today - dt.timedelta(days=keep)
    rolled = DailyStat.objects.filter(dimension=DailyStat.Dimension.SITE, day__lt=cutoff)
    deleted, _ = PageView.objects.filter(
        Q(day__lt=cutoff) & Q(day__in=rolled.values("day"))
    ).delete()
    privacy.salts_prune(today=today)
    return deleted
