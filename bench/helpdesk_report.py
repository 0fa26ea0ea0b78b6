"""Benchmark: the Helpdesk annual report (tables 1–5 with cumulative totals) on generated cases.

    DATABASE_URL=postgres://... .venv/bin/python bench/helpdesk_report.py \
        [--sizes 10000,100000,1000000] [--repeat 5]

Uses the database of DATABASE_URL (SQLite by default): run it against a scratch database. It
loads the reference data (taxonomies and the published 2022-23 baseline), then grows a set of
synthetic cases (subject "bench") to each size (COPY on PostgreSQL, bulk_create elsewhere),
admitted between 1 March 2023 and the end of February 2026 (after the baseline, as real cases
would be), each with one user type, one user region, 1–2 regions concerned, 1–2 sectors and 1–3
topics. For each size it prints the
time to build the whole report for 2024-25 (five tables, period, previous period on table 4,
cumulative since 2009 = baseline + cases, narrative, questions per year):
- "sql": counting straight from the cases (engine="sql");
- "full": the report after `rollup_invalidate()` (the whole monthly roll-up rebuilt);
- "cold": the first report after one change of one case (a case reclassified through the ORM
  and moved to another month, as the workflow does: its deltas are applied to the roll-up);
- "warm": a report when nothing changed since (checks the watermarks, reads the roll-up);
- "cold/warm": the ratio of the medians (aim: ≤ 3 at 1,000,000 cases on PostgreSQL);
and the XLSX export (warm report + workbook).
The data are synthetic, never real figures.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")

BATCH = 5000


def _grow(target: int, rng: random.Random) -> None:
    from zoneinfo import ZoneInfo

    from django.db import connection

    from labourdesk.helpdesk.models import Case, Region, Sector, Topic, UserType

    tz = ZoneInfo("Europe/Zurich")
    types = list(UserType.objects.values_list("pk", flat=True))
    users = list(Region.objects.filter(is_user_region=True).values_list("pk", flat=True))
    concerned = list(Region.objects.filter(is_region_concerned=True).values_list("pk", flat=True))
    sectors = list(Sector.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    first = dt.datetime(2023, 3, 1, tzinfo=tz)
    span = int((dt.datetime(2026, 3, 1, tzinfo=tz) - first).total_seconds())
    have = Case.objects.filter(subject="bench").count()
    through = {
        "regions": Case.regions_concerned.through,
        "sectors": Case.sectors.through,
        "topics": Case.topics.through,
    }
    if connection.vendor == "postgresql":
        _grow_copy(target - have, rng, first, span, types, users, concerned, sectors, topics)
        return
    while have < target:
        n = min(BATCH, target - have)
        cases = Case.objects.bulk_create(
            [
                Case(
                    subject="bench",
                    status=Case.Status.CLOSED,
                    admissible=True,
                    admitted_at=first + dt.timedelta(seconds=rng.randrange(span)),
                    user_type_id=rng.choice(types),
                    user_region_id=rng.choice(users),
                )
                for _ in range(n)
            ]
        )
        rows = {"regions": [], "sectors": [], "topics": []}
        for case in cases:
            for pk in rng.sample(concerned, rng.randint(1, 2)):
                rows["regions"].append(through["regions"](case_id=case.pk, region_id=pk))
            for pk in rng.sample(sectors, rng.randint(1, 2)):
                rows["sectors"].append(through["sectors"](case_id=case.pk, sector_id=pk))
            for pk in rng.sample(topics, rng.randint(1, 3)):
                rows["topics"].append(through["topics"](case_id=case.pk, topic_id=pk))
        for key, objs in rows.items():
            through[key].objects.bulk_create(objs, batch_size=BATCH)
        have += n


def _grow_copy(n, rng, first, span, types, users, concerned, sectors, topics) -> None:
    """The same cases through COPY (PostgreSQL): every other column takes the value a new
    Case would have, converted by its field as the ORM would; the ids are read back."""
    from django.db import connection

    from labourdesk.helpdesk.models import Case

    template = Case(subject="bench", status=Case.Status.CLOSED, admissible=True)
    varying = {"admitted_at", "user_type_id", "user_region_id"}
    fields = [f for f in Case._meta.concrete_fields if not f.primary_key]
    fixed = {
        f.column: f.get_db_prep_save(f.pre_save(template, add=True), connection)
        for f in fields
        if f.attname not in varying
    }
    qn = connection.ops.quote_name
    table = Case._meta.db_table
    columns = [*fixed, "admitted_at", "user_type_id", "user_region_id"]
    through = {
        key: (Case._meta.get_field(name).remote_field.through, column, pool, k)
        for key, name, column, pool, k in (
            ("regions", "regions_concerned", "region_id", concerned, 2),
            ("sectors", "sectors", "sector_id", sectors, 2),
            ("topics", "topics", "topic_id", topics, 3),
        )
    }
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {qn(table)}")
        (mark,) = cursor.fetchone()
        cols = ", ".join(qn(c) for c in columns)
        with cursor.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
            values = list(fixed.values())
            for _ in range(n):
                copy.write_row(
                    (
                        *values,
                        first + dt.timedelta(seconds=rng.randrange(span)),
                        rng.choice(types),
                        rng.choice(users),
                    )
                )
        # One session, one COPY: the new ids are the ids above the old maximum.
        cursor.execute(f"SELECT id FROM {qn(table)} WHERE id > %s ORDER BY id", [mark])
        ids = [r[0] for r in cursor.fetchall()]
        for model, column, pool, k in through.values():
            sql = f"COPY {qn(model._meta.db_table)} (case_id, {qn(column)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for case_id in ids:
                    for pk in rng.sample(pool, rng.randint(1, k)):
                        copy.write_row((case_id, pk))


def _one_change(rng: random.Random, period) -> float:
    """Reclassify one bench case and move it by a month (outside the timing), then time the
    report: what a manager sees after an expert's change."""
    from labourdesk.helpdesk.models import Case, Sector, UserType
    from labourdesk.reports.selectors import build_report

    lo = Case.objects.filter(subject="bench").order_by("id").values_list("id", flat=True)[:1]
    case = Case.objects.get(id=lo[0] + rng.randrange(1000))
    case.user_type = rng.choice(list(UserType.objects.all()))
    case.admitted_at = case.admitted_at + dt.timedelta(days=31)
    case.save()
    case.sectors.set(rng.sample(list(Sector.objects.all()), 2))
    t0 = time.perf_counter()
    build_report(period)
    return time.perf_counter() - t0


def _time(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        # A function that prepares outside the timing returns its own elapsed time.
        times.append(result if isinstance(result, float) else time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--period", default="2024-25")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from labourdesk.helpdesk.models import Case
    from labourdesk.reports import exports
    from labourdesk.reports.periods import parse_period
    from labourdesk.reports.rollup import rollup_invalidate
    from labourdesk.reports.selectors import build_report

    call_command("migrate", verbosity=0)
    call_command("load_reference_data", verbosity=0)
    if Case.objects.filter(subject="bench").count() > sizes[0]:
        sys.exit("The database holds more bench cases than the smallest size: use a fresh one.")
    rng = random.Random(args.seed)
    period = parse_period(args.period)
    print(f"database: {connection.vendor}; period {period.code}; repeat {args.repeat} (min/median)")
    print(
        f"{'cases':>10} {'generate s':>11} {'sql s':>15} {'full s':>7} {'cold s':>15} "
        f"{'warm s':>15} {'cold/warm':>9} {'xlsx s':>15}"
    )
    for size in sizes:
        t0 = time.perf_counter()
        with transaction.atomic():
            _grow(size, rng)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        generated = time.perf_counter() - t0
        sql = _time(lambda: build_report(period, engine="sql"), args.repeat)
        rollup_invalidate()
        t0 = time.perf_counter()
        report = build_report(period)
        full = time.perf_counter() - t0
        total = report.table("t1").total.cells["period"].value
        cold = _time(lambda: _one_change(rng, period), args.repeat)
        # The partly rebuilt roll-up gives the figures of a count straight from the cases.
        partial, sql_report = build_report(period), build_report(period, engine="sql")
        for table in partial.tables:
            assert table.rows == sql_report.table(table.key).rows, table.key
            assert table.total == sql_report.table(table.key).total, table.key
        warm = _time(lambda: build_report(period), args.repeat)
        xlsx = _time(lambda: exports.export_xlsx(build_report(period)), args.repeat)
        print(
            f"{size:>10,} {generated:>11.1f} {sql[0]:>7.3f}/{sql[1]:<7.3f} {full:>7.3f} "
            f"{cold[0]:>7.3f}/{cold[1]:<7.3f} {warm[0]:>7.3f}/{warm[1]:<7.3f} "
            f"{cold[1] / warm[1]:>9.2f} {xlsx[0]:>7.3f}/{xlsx[1]:<7.3f} "
            f"(period total {total:,})",
            flush=True,
        )


if __name__ == "__main__":
    main()
