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
    """Rebuild every figure of one day from its raw page views through the ORM, one day at a
    time; running it twice changes nothing. Returns the number of figures written. Not used by
    `analytics_rollup` any more (see `rollup_days_sql`): kept as the plain reference that the
    set-based roll-up is tested against (tests/test_rollup_sql.py)."""
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


# Every other database (SQLite): the same figures, one INSERT … SELECT … GROUP BY per dimension,
# each statement for all the days at once; no row travels to Python either.
_PORTABLE_DIMENSIONS = {
    # dimension: (the value expression, the extra grouping columns, language, theme, title)
    "site": ("''", "", "''", "''", "''"),
    "page": ("path", ", path, language, theme", "language", "theme", "COALESCE(MAX(title), '')"),
    "country": ("country", ", country", "''", "''", "''"),
    "source": ("source", ", source", "''", "''", "''"),
    "referrer": ("referrer_host", ", referrer_host", "''", "''", "''"),
    "device": ("device", ", device", "''", "''", "''"),
}


def _portable_rollup(cursor, days: list[dt.date]) -> None:
    marks = ", ".join(["%s"] * len(days))
    cursor.execute(f"DELETE FROM analytics_dailystat WHERE day IN ({marks})", days)  # noqa: S608
    for dimension, (value, group, language, theme, title) in _PORTABLE_DIMENSIONS.items():
        sql = (  # constants and placeholders only
            "INSERT INTO analytics_dailystat (day, dimension, value, language, theme, title, "  # noqa: S608
            "visits, pageviews, visitors) "
            f"SELECT day, %s, COALESCE({value}, ''), COALESCE({language}, ''), "
            f"COALESCE({theme}, ''), {title}, COUNT(DISTINCT visit), COUNT(*), "
            f"COUNT(DISTINCT visitor) FROM analytics_pageview WHERE day IN ({marks}) "
            f"GROUP BY day{group}"
        )
        cursor.execute(sql, [dimension, *days])


def rollup_days_sql(*, days: list[dt.date]) -> dict[dt.date, int]:
    """The roll-up of `days` in the database, set-based (PostgreSQL: one statement with GROUPING
    SETS; other databases: one statement per dimension); idempotent as `rollup_day`: the days'
    figures are deleted and rewritten in one transaction."""
    if not days:
        return {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The sorts of the distinct counts fit in memory instead of spilling to disk; the
            # setting lasts until the end of this transaction only.
            cursor.execute(
                "SELECT set_config('work_mem', %s, true)", [settings.ANALYTICS_ROLLUP_WORK_MEM]
            )
            cursor.execute("DELETE FROM analytics_dailystat WHERE day = ANY(%s)", [days])
            cursor.execute(_PG_ROLLUP, [days])
        else:
            _portable_rollup(cursor, days)
        marks = ", ".join(["%s"] * len(days))
        cursor.execute(
            f"SELECT day, COUNT(*) FROM analytics_dailystat WHERE day IN ({marks}) GROUP BY day",  # noqa: S608
            days,
        )
        counts = {_as_date(day): n for day, n in cursor.fetchall()}
    return {day: counts.get(day, 0) for day in days}


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


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
    return rollup_days_sql(days=days)


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
