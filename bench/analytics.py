"""Benchmark: website statistics — the cost of counting, and the roll-up beside one GROUP BY.

    .venv/bin/python bench/analytics.py [--views 100000] [--seconds 10] [--port 18150]
    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/analytics.py --use-database-url
    … --full                      # 10,000,000 page views (the size issue 14 names)

(a) Requests per second of a cached portal page (a demo theme page) through one gunicorn (2
workers, 4 client threads, a browser's user agent so that each request is counted), with
collection off (ANALYTICS_ENABLED=0) and on; aim: on ≥ 0.9 × off. Runs off, on, off, on and
keeps the best of each (the machine is shared).
(b) `analytics_rollup` of N synthetic page views over 30 days beside a single GROUP BY over the
same raw table (page, with visits and visitors counted distinct); aim: roll-up ≤ 2 × that query.
Meant for PostgreSQL. Without --use-database-url: a fresh SQLite file under LABOURDESK_VAR_DIR.
The page views are synthetic and deleted at the end.
"""

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
UA = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
FIRST_DAY = dt.date(2020, 1, 1)
DAYS = 30


def _rps(url: str, seconds: float, threads: int = 4) -> float:
    count = 0
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker():
        nonlocal count
        request = urllib.request.Request(url, headers={"User-Agent": UA})  # noqa: S310
        while time.perf_counter() < stop:
            with urllib.request.urlopen(request) as response:  # noqa: S310 - loopback
                response.read()
            with lock:
                count += 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return count / seconds


def _serve(port: int, enabled: bool, seconds: float, path: str) -> float:
    env = {
        **os.environ,
        "ANALYTICS_ENABLED": "1" if enabled else "0",
        "PORTAL_CACHE_SECONDS": "600",
    }
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "labourdesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/healthz")  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        _rps(base + path, 1)  # warm the page cache and the workers
        return _rps(base + path, seconds)
    finally:
        server.terminate()
        server.wait()


def _fill(n: int) -> None:
    """N page views over DAYS days: 500 pages in 3 languages and 12 themes, 100 countries, 5
    sources, 200 referring hosts, about 2.5 page views per visit and 1.3 visits per visitor."""
    from django.db import connection

    from labourdesk.analytics.models import PageView

    rng = random.Random(14)
    countries = [f"{a}{b}" for a in "ABCDEFGHIJ" for b in "ABCDEFGHIJ"]
    sources = ["search", "direct", "referral", "social", "email"]
    columns = [
        "at", "day", "path", "title", "language", "theme", "country", "referrer_host",
        "source", "device", "visitor", "visit", "entry",
    ]  # fmt: skip
    per_day = n // DAYS

    def rows(day_index: int):
        day = FIRST_DAY + dt.timedelta(days=day_index)
        at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        for i in range(per_day):
            visit = i // 3 + rng.randrange(2)
            page = rng.randrange(500)
            yield (
                at, day, f"/bench/page-{page}/", f"Page {page}", ("en", "fr", "es")[page % 3],
                f"theme-{page % 12}", countries[visit % 100], f"site{visit % 200}.example",
                sources[visit % 5], "desktop", f"{day_index}v{visit // 2:x}",
                f"{day_index}s{visit:x}", i % 3 == 0,
            )  # fmt: skip

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for d in range(DAYS):
                copy_sql = f"COPY analytics_pageview ({', '.join(columns)}) FROM STDIN"
                with cursor.cursor.copy(copy_sql) as copy:
                    for row in rows(d):
                        copy.write_row(row)
            cursor.execute("ANALYZE analytics_pageview")
    else:
        for d in range(DAYS):
            PageView.objects.bulk_create(
                (PageView(**dict(zip(columns, r, strict=True))) for r in rows(d)), batch_size=5000
            )


def _clear() -> None:
    from labourdesk.analytics.models import DailyStat, PageView

    last = FIRST_DAY + dt.timedelta(days=DAYS)
    PageView.objects.filter(day__gte=FIRST_DAY, day__lt=last).delete()
    DailyStat.objects.filter(day__gte=FIRST_DAY, day__lt=last).delete()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=100_000)
    parser.add_argument("--full", action="store_true", help="10,000,000 page views")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=18150)
    parser.add_argument("--use-database-url", action="store_true")
    args = parser.parse_args()
    if args.full:
        args.views = 10_000_000
    if not args.use_database_url:
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("LABOURDESK_VAR_DIR", tempfile.mkdtemp(prefix="labourdesk-bench-"))
    os.environ.setdefault("CACHE_BACKEND", "file")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from labourdesk.knowledge.demo import create_demo
    from labourdesk.knowledge.models import ThemePage

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    if not ThemePage.objects.exists():
        create_demo()
    theme = ThemePage.objects.filter(locale__language_code="en").first()
    path = theme.url if theme else "/en/"
    assert Client().get(path).status_code == 200, path

    # (a) the cost of counting, off and on alternately.
    runs = {False: [], True: []}
    for enabled in (False, True, False, True):
        runs[enabled].append(_serve(args.port, enabled, args.seconds, path))
    off, on = max(runs[False]), max(runs[True])
    print(f"(a) cached page {path}: collection off {off:.0f} req/s, on {on:.0f} req/s")
    print(f"    on / off = {on / off:.3f} (aim ≥ 0.9); runs off {runs[False]}, on {runs[True]}")

    # (b) the roll-up of N page views beside one GROUP BY over the same raw table.
    from labourdesk.analytics.services import analytics_rollup

    _clear()
    t0 = time.perf_counter()
    _fill(args.views)
    print(
        f"(b) {args.views:,} page views over {DAYS} days written in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    days = [FIRST_DAY + dt.timedelta(days=d) for d in range(DAYS)]
    group_by = (
        "SELECT day, path, language, theme, COUNT(*), COUNT(DISTINCT visit), "
        "COUNT(DISTINCT visitor) FROM analytics_pageview WHERE day >= %s AND day < %s "
        "GROUP BY day, path, language, theme"
    )
    with connection.cursor() as cursor:
        t0 = time.perf_counter()
        cursor.execute(group_by, [days[0], days[-1] + dt.timedelta(days=1)])
        groups = len(cursor.fetchall())
        bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    figures = sum(analytics_rollup(days=days).values())
    rollup = time.perf_counter() - t0
    ratio = rollup / bare
    print(f"    one GROUP BY (page): {bare:.2f} s, {groups:,} groups ({connection.vendor})")
    print(
        f"    analytics_rollup: {rollup:.2f} s, {figures:,} figures "
        f"(site, page, country, source, referrer, device); {ratio:.2f} × the query (aim ≤ 2)"
    )
    _clear()
    print(
        "BENCH "
        + json.dumps(
            {
                "bench": "analytics: counting",
                "figure": f"{on:.0f} req/s with collection on",
                "limit": f"{off:.0f} req/s off",
                "ratio": round(on / off, 3),
                "aim": "≥ 0.9",
                "met": on / off >= 0.9,
            },
            ensure_ascii=False,
        )
    )
    print(
        "BENCH "
        + json.dumps(
            {
                "bench": "analytics: roll-up",
                "figure": f"{rollup:.2f} s for {args.views:,} page views ({connection.vendor})",
                "limit": f"{bare:.2f} s one GROUP BY",
                "ratio": round(ratio, 3),
                "aim": "≤ 2 × the query",
                "met": ratio <= 2,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
