"""A monthly roll-up of the report's counts, kept current by deltas: a change of a case costs
the next report a few rows, whatever the number of cases.

Why: at 1,000,000 cases, joining every through-table row to its case takes seconds on two cores,
while a report only needs counts per term and month (the reference periods and the cumulative
windows all start on the first of a month). The roll-up is derived data: what it holds always
equals a count from the cases (the property tests check this), never a figure edited by hand.

How it follows the cases:
- deltas (signals.py): when a case's counted attributes change through the ORM (created,
  admissibility, admission date, answered, user type, user region, regions concerned, sectors,
  topics, deletion), the listener reads the case's old contribution from the database, counts it
  -1 and the new one +1, and records the difference in RollupDelta inside the writer's
  transaction. Writers only insert there, so they never wait on one another's roll-up rows.
  The next report sums the pending deltas into MonthlyCount (`_apply`): a few rows.
- watermarks: the highest id of the case table and of the three through tables (index look-ups)
  catch bulk inserts, which send no signal; the months of the rows above the old watermark are
  recounted from the cases (an index range scan on `admitted_at`).
- `rollup_mark_months()` asks for months to be recounted; `rollup_invalidate()` (for a raw
  `QuerySet.update()` or raw SQL on the classification or on `admitted_at`, or a through row
  deleted with `QuerySet.delete()`, which no signal reports) makes the next report rebuild
  everything.
A recount and a pending delta must not both count one change: before any recount the report
locks the delta table against writers (PostgreSQL; SQLite has one writer at a time), takes every
pending delta and recounts their months too. Free date ranges that do not start on the first of
a month bypass the roll-up.
"""

import datetime as dt
import logging
from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from labourdesk.helpdesk.models import Case
from labourdesk.reports.models import (
    MonthlyCount,
    RollupDelta,
    RollupDirtyMonth,
    RollupInsert,
    RollupState,
)
from labourdesk.reports.periods import _start_of_day, helpdesk_tz
from labourdesk.reports.tables import TABLES

TOTAL = "t0"
# Admissible cases that have been answered (a reply was sent), by month of admission.
ANSWERED = "a0"
# Past this many stale months one full pass is cheaper than many range scans.
MAX_PARTIAL_MONTHS = 36

logger = logging.getLogger(__name__)

# A case's fields that the report reads (through the ORM's attribute names).
CASE_FIELDS = ("admissible", "admitted_at", "user_type_id", "user_region_id", "first_answer_at")
# A key of the roll-up: (table, term id, month).
Key = tuple[str, int, dt.date]
# The tables the watermarks follow, in their order: the cases, then the through tables.
WATCHED = ("c", *(t.key for t in TABLES if t.many))
# Past this many rows inserted in bulk, their months are found by id range, not by id list.
MAX_LISTED_ROWS = 10_000


def _watermarks() -> list[int]:
    """The highest ids of the case table and of the through tables (primary-key look-ups)."""
    values = [Case.objects.aggregate(m=Max("id"))["m"] or 0]
    for table in TABLES:
        if table.many:
            values.append(table.through.objects.aggregate(m=Max("id"))["m"] or 0)
    return values


def _status() -> tuple[list[int], str | None, bool, bool]:
    """One round trip: the watermarks, the stored signature, whether any month is marked for a
    recount and whether any delta is pending (run before every report, so every query counts)."""
    qn = connection.ops.quote_name
    tables = [Case._meta.db_table] + [t.through._meta.db_table for t in TABLES if t.many]
    # Table names come from the models' metadata, never from input.
    marks = ", ".join(f"(SELECT MAX(id) FROM {qn(t)})" for t in tables)  # noqa: S608
    sql = (
        f"SELECT {marks}, "  # noqa: S608
        f"(SELECT signature FROM {qn(RollupState._meta.db_table)} WHERE id = 1), "
        f"EXISTS (SELECT 1 FROM {qn(RollupDirtyMonth._meta.db_table)}), "
        f"EXISTS (SELECT 1 FROM {qn(RollupDelta._meta.db_table)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    *values, signature, dirty, pending = row
    return [v or 0 for v in values], signature, bool(dirty), bool(pending)


def _current() -> bool:
    """Is the roll-up current?"""
    marks, signature, dirty, pending = _status()
    return not dirty and not pending and signature == "|".join(str(v) for v in marks)


def data_signature() -> str:
    return "|".join(str(v) for v in _watermarks())


def _decode(signature: str) -> list[int] | None:
    try:
        values = [int(v) for v in signature.split("|")]
    except ValueError:
        return None
    return values if len(values) == 1 + sum(t.many for t in TABLES) else None


def month_of(value) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(helpdesk_tz())
        return value.date().replace(day=1)
    return value.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def _months_q(months, prefix: str = "") -> Q:
    q = Q()
    for m in sorted(months):
        q |= Q(
            **{
                f"{prefix}admitted_at__gte": _start_of_day(m),
                f"{prefix}admitted_at__lt": _start_of_day(_next_month(m)),
            }
        )
    return q


def _rows(months=None) -> list[MonthlyCount]:
    """Counts per (table, term, month), for every month or only for `months`."""
    tz = helpdesk_tz()
    rows: dict[tuple[str, int, dt.date], int] = {}

    def add(table: str, term: int, month, n: int) -> None:
        key = (table, term, month_of(month))
        rows[key] = rows.get(key, 0) + n

    cases = Case.objects.admissible()
    if months is not None:
        cases = cases.filter(_months_q(months))
    cases = (
        cases.annotate(m=TruncMonth("admitted_at", tzinfo=tz))
        .order_by()
        .values("m", "user_type_id", "user_region_id")
        .annotate(n=Count("id"), a=Count("id", filter=Q(first_answer_at__isnull=False)))
    )
    for r in cases:
        add(TOTAL, 0, r["m"], r["n"])
        if r["a"]:
            add(ANSWERED, 0, r["m"], r["a"])
        if r["user_type_id"] is not None:
            add("t1", r["user_type_id"], r["m"], r["n"])
        if r["user_region_id"] is not None:
            add("t2", r["user_region_id"], r["m"], r["n"])
    for table in TABLES:
        if not table.many:
            continue
        column = table.through_term_column
        qs = table.through.objects.filter(case__admissible=True, case__admitted_at__isnull=False)
        if months is not None:
            qs = qs.filter(_months_q(months, "case__"))
        qs = (
            qs.annotate(m=TruncMonth("case__admitted_at", tzinfo=tz))
            .order_by()
            .values("m", column)
            .annotate(n=Count("case_id"))
        )
        for r in qs:
            add(table.key, r[column], r["m"], r["n"])
    return [
        MonthlyCount(table=t, term_id=term, month=m, count=n) for (t, term, m), n in rows.items()
    ]


def case_contribution(state: dict | None, terms: dict[str, list[int]] | None = None) -> Counter:
    """What one case adds to the roll-up: +1 per (table, term, month) it is counted under.

    `state` holds CASE_FIELDS (None: no case); `terms` the term ids of its many-to-many tables
    ({"t3": [...], "t4": [...], "t5": [...]}), left out when the caller only compares the case's
    own fields. The rule is the report's: only admissible cases with an admission date count,
    in the month (Helpdesk time zone) of `admitted_at`."""
    counts: Counter = Counter()
    if not state or not state["admissible"] or state["admitted_at"] is None:
        return counts
    month = month_of(state["admitted_at"])
    counts[(TOTAL, 0, month)] += 1
    if state["first_answer_at"] is not None:
        counts[(ANSWERED, 0, month)] += 1
    if state["user_type_id"] is not None:
        counts[("t1", state["user_type_id"], month)] += 1
    if state["user_region_id"] is not None:
        counts[("t2", state["user_region_id"], month)] += 1
    for table, ids in (terms or {}).items():
        for term in ids:
            counts[(table, term, month)] += 1
    return counts


def _counted_key(state: dict | None):
    if not state or not state["admissible"] or state["admitted_at"] is None:
        return None
    return month_of(state["admitted_at"])


def case_terms(case_id: int, using: str = "default") -> dict[str, list[int]]:
    """The term ids of one case's many-to-many tables, from the database."""
    return {
        table.key: list(
            table.through.objects.using(using)
            .filter(case_id=case_id)
            .values_list(table.through_term_column, flat=True)
        )
        for table in TABLES
        if table.many
    }


def case_change_delta(case_id: int, old: dict | None, new: dict | None, using="default"):
    """The roll-up's change when one case's own fields go from `old` to `new` (its many-to-many
    rows unchanged): read the case's terms only when it moves month or starts/stops counting."""
    delta = case_contribution(new)
    delta.subtract(case_contribution(old))
    if _counted_key(old) != _counted_key(new):
        terms = case_terms(case_id, using)
        delta.update(case_contribution(new, terms) - case_contribution(new))
        delta.subtract(case_contribution(old, terms) - case_contribution(old))
    return delta


def through_counts(table, using: str = "default", **filters) -> Counter:
    """Counted cases per (table, term, month) among the through rows matching `filters`."""
    column = table.through_term_column
    rows = (
        table.through.objects.using(using)
        .filter(case__admissible=True, case__admitted_at__isnull=False, **filters)
        .annotate(m=TruncMonth("case__admitted_at", tzinfo=helpdesk_tz()))
        .order_by()
        .values(column, "m")
        .annotate(n=Count("id"))
    )
    return Counter({(table.key, r[column], month_of(r["m"])): r["n"] for r in rows})


def rollup_record(delta: Counter, using: str = "default") -> None:
    """Record a change of the roll-up (called in the writer's transaction)."""
    rows = [
        RollupDelta(table=t, term_id=term, month=m, delta=n)
        for (t, term, m), n in sorted(delta.items())
        if n
    ]
    if rows:
        RollupDelta.objects.using(using).bulk_create(rows)


def _take_deltas() -> tuple[Counter, set[dt.date]]:
    """Remove the committed pending deltas and return their sums and every month they touch
    (one statement: a delta committed meanwhile stays for the next report, none is taken
    twice). The months include those whose sums come to zero: a -1 for a bulk-inserted case
    not counted yet can cancel another case's +1, and a recount must still see that month."""
    qn = connection.ops.quote_name
    # The table name comes from the model's metadata, never from input.
    sql = (
        f"DELETE FROM {qn(RollupDelta._meta.db_table)} "  # noqa: S608
        f"RETURNING {qn('table')}, term_id, month, delta"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    totals: Counter = Counter()
    months: set[dt.date] = set()
    for table, term, month, n in rows:
        if isinstance(month, str):  # SQLite returns the date as text
            month = dt.date.fromisoformat(month)
        totals[(table, term, month)] += n
        months.add(month)
    return totals, months


def _apply(delta: Counter) -> bool:
    """Add the deltas to the roll-up's rows; False (nothing written) if a count would fall
    below zero, which means the roll-up and the deltas disagree."""
    keys = [k for k, n in delta.items() if n]
    if not keys:
        return True
    existing = {
        (r.table, r.term_id, r.month): r
        for r in MonthlyCount.objects.filter(
            table__in={k[0] for k in keys},
            term_id__in={k[1] for k in keys},
            month__in={k[2] for k in keys},
        )
    }
    create, update, drop = [], [], []
    for key in keys:
        row = existing.get(key)
        count = (row.count if row else 0) + delta[key]
        if count < 0:
            return False
        if row is None:
            create.append(MonthlyCount(table=key[0], term_id=key[1], month=key[2], count=count))
        elif count == 0:
            drop.append(row.pk)
        else:
            row.count = count
            update.append(row)
    if drop:
        MonthlyCount.objects.filter(pk__in=drop).delete()
    if update:
        MonthlyCount.objects.bulk_update(update, ["count"], batch_size=1000)
    if create:
        MonthlyCount.objects.bulk_create(create, batch_size=1000)
    return True


def _lock_writers() -> None:
    """Hold back new deltas and marks until this transaction ends, and wait for the writers
    that have recorded some to commit (PostgreSQL; SQLite writers already wait for us)."""
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        tables = f"{qn(RollupDelta._meta.db_table)}, {qn(RollupDirtyMonth._meta.db_table)}"
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")


def rollup_mark_months(months) -> None:
    """Record months whose counts a change touched (called in the writer's transaction)."""
    months = {m for m in months if m is not None}
    if months:
        RollupDirtyMonth.objects.bulk_create(
            [RollupDirtyMonth(month=m) for m in sorted(months)], ignore_conflicts=True
        )


def rollup_invalidate() -> None:
    """Everything is stale: the next report rebuilds the whole roll-up."""
    # Only when current: once stale, later writes in a burst touch no row.
    RollupState.objects.exclude(signature="").update(signature="")


def _months_above(old: list[int], only: dict[str, set[int]] | None = None) -> set[dt.date]:
    """Months of the cases and through rows inserted above the old watermarks (bulk inserts);
    with `only`, of those rows only ({watched table: ids})."""
    tz = helpdesk_tz()
    months: set[dt.date] = set()
    marks = _watermarks()
    if marks[0] != old[0] and (only is None or only.get("c")):
        new_cases = Case.objects.admissible().filter(id__gt=old[0])
        if only is not None:
            new_cases = new_cases.filter(id__in=only["c"])
        months.update(
            month_of(m)
            for m in new_cases.annotate(m=TruncMonth("admitted_at", tzinfo=tz))
            .order_by()
            .values_list("m", flat=True)
            .distinct()
        )
    for table, mark, now in zip([t for t in TABLES if t.many], old[1:], marks[1:], strict=True):
        if mark == now or (only is not None and not only.get(table.key)):
            continue
        rows = table.through.objects.filter(id__gt=mark, case__admitted_at__isnull=False)
        if only is not None:
            rows = rows.filter(id__in=only[table.key])
        months.update(
            month_of(m)
            for m in rows.annotate(m=TruncMonth("case__admitted_at", tzinfo=tz))
            .order_by()
            .values_list("m", flat=True)
            .distinct()
        )
    return months


def _watched_tables() -> list[str]:
    return [Case._meta.db_table] + [t.through._meta.db_table for t in TABLES if t.many]


def _inserted_since(old: list[int], marks: list[int]) -> dict[str, set[int]]:
    """The ids above the old watermarks and up to the new ones, per watched table (one query;
    after ordinary work a handful of rows)."""
    qn = connection.ops.quote_name
    parts, params = [], []
    for key, table, lo, hi in zip(WATCHED, _watched_tables(), old, marks, strict=True):
        if hi != lo:
            # Table names come from the models' metadata, never from input.
            parts.append(f"SELECT %s, id FROM {qn(table)} WHERE id > %s AND id <= %s")  # noqa: S608
            params += [key, lo, hi]
    found: dict[str, set[int]] = {key: set() for key in WATCHED}
    if parts:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for key, row_id in cursor.fetchall():
                found[key].add(row_id)
    return found


def _take_covered(marks: list[int]) -> dict[str, set[int]]:
    """Remove the records of ORM inserts up to the watermarks and return their ids."""
    qn = connection.ops.quote_name
    where = " OR ".join(f"({qn('table')} = %s AND row_id <= %s)" for _k in WATCHED)
    params = [v for key, mark in zip(WATCHED, marks, strict=True) for v in (key, mark)]
    sql = (
        f"DELETE FROM {qn(RollupInsert._meta.db_table)} WHERE {where} "  # noqa: S608
        f"RETURNING {qn('table')}, row_id"
    )
    covered: dict[str, set[int]] = {key: set() for key in WATCHED}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, row_id in cursor.fetchall():
            covered.setdefault(key, set()).add(row_id)
    return covered


def uncounted(table: str, ids, using: str = "default") -> bool:
    """Are some of these rows (of a watched table) not counted in the roll-up yet: above the
    stored watermark and not recorded as ORM inserts, i.e. inserted in bulk since the last
    report? A delta for them would correct counts that never held them; a writer that deletes
    such a row asks for its months to be recounted instead (the watermarks cannot find a row
    that is gone)."""
    above = set(ids)
    if not above:
        return False
    signature = (
        RollupState.objects.using(using).filter(pk=1).values_list("signature", flat=True).first()
    )
    marks = _decode(signature or "")
    if marks is None:
        return False  # the next report rebuilds everything
    mark = marks[WATCHED.index(table)]
    above = {i for i in above if i > mark}
    if not above:
        return False
    covered = RollupInsert.objects.using(using).filter(table=table, row_id__in=above)
    return bool(above - set(covered.values_list("row_id", flat=True)))


def rollup_cover(table: str, ids, using: str = "default") -> None:
    """Record rows inserted through the ORM whose contribution a delta carries (called in the
    writer's transaction): the watermark check will not recount their months."""
    rows = [RollupInsert(table=table, row_id=i) for i in sorted(set(ids))]
    if rows:
        RollupInsert.objects.using(using).bulk_create(rows)


def ensure_rollup() -> bool:
    """Bring the roll-up up to date; returns True when anything had to be written."""
    if _current():
        return False
    with transaction.atomic():
        # One rebuild at a time: the state row is the lock (a write first, so that SQLite takes
        # its write lock before reading anything).
        if not RollupState.objects.filter(pk=1).update(built_at=timezone.now()):
            RollupState.objects.get_or_create(pk=1)
        if connection.vendor == "postgresql":
            # Derived data: a crash may lose this commit, never half of it (the deltas it took
            # come back with it), so the report need not wait for the WAL to reach the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        marks, signature, dirty_marked, _pending = _status()
        old = _decode(signature or "")
        signature = "|".join(str(v) for v in marks)
        # Rows above the watermarks: those the ORM inserted carry deltas; only rows inserted in
        # bulk (no signal) need their months recounted.
        uncovered: dict[str, set[int]] | None = None
        moved = False
        if old is not None and old != marks:
            covered = _take_covered(marks)
            uncovered = {
                key: ids - covered[key] for key, ids in _inserted_since(old, marks).items()
            }
            if not any(uncovered.values()):
                uncovered = None
                old = marks  # nothing to recount: the signature moves on with the deltas
                RollupState.objects.filter(pk=1).update(signature=signature)
                moved = True
        recount = old is None or old != marks or dirty_marked
        months: set[dt.date] | None = None
        if not recount:
            delta, touched = _take_deltas()
            if not touched:
                return moved
            if _apply(delta):
                return True
            logger.warning("The roll-up and its deltas disagree: rebuilding it in full.")
            old = None
        # A recount: no delta may be recorded meanwhile, or one change would count twice.
        _lock_writers()
        delta, touched = _take_deltas()
        dirty = list(RollupDirtyMonth.objects.values_list("id", "month"))
        if dirty:
            RollupDirtyMonth.objects.filter(id__in=[i for i, _m in dirty]).delete()
        if old is not None:
            months = {m for _i, m in dirty} | touched
            if old != marks:
                listed = uncovered and sum(map(len, uncovered.values())) <= MAX_LISTED_ROWS
                months |= _months_above(old, uncovered if listed else None)
            if len(months) > MAX_PARTIAL_MONTHS:
                months = None
        if connection.vendor == "postgresql" and months is None:
            # The full rebuild hash-joins every through row to its case: with the default
            # 4 MB the join spills to disk in batches (about 4x slower at 1,000,000 cases).
            # Local to this transaction only.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '128MB'")
        if months is None:
            MonthlyCount.objects.all().delete()
        else:
            MonthlyCount.objects.filter(month__in=months).delete()
        if months is None or months:
            MonthlyCount.objects.bulk_create(_rows(months), batch_size=5000)
        RollupState.objects.filter(pk=1).update(signature=signature, built_at=timezone.now())
    return True


def rollup_first_month(*, ensure: bool = True) -> dt.date | None:
    """The month of the first admissible case, from the roll-up (None: no case yet)."""
    if ensure:
        ensure_rollup()
    return MonthlyCount.objects.filter(table=TOTAL, term_id=0, count__gt=0).aggregate(
        m=Min("month")
    )["m"]


def _month_aligned(windows) -> bool:
    for lo, hi in windows.values():
        for moment in (lo, hi):
            local = moment.astimezone(helpdesk_tz())
            if (local.day, local.hour, local.minute, local.second, local.microsecond) != (
                1,
                0,
                0,
                0,
                0,
            ):
                return False
    return True


def rollup_counts(windows) -> dict[str, dict[int, dict[str, int]]]:
    """{table: {term id: {window: count}}} (table "t0", term 0: the TOTAL) from the roll-up."""
    aggregates = {
        k: Sum(
            "count",
            filter=Q(
                month__gte=lo.astimezone(helpdesk_tz()).date(),
                month__lt=hi.astimezone(helpdesk_tz()).date(),
            ),
            default=0,
        )
        for k, (lo, hi) in windows.items()
    }
    result: dict[str, dict[int, dict[str, int]]] = {}
    for r in MonthlyCount.objects.order_by().values("table", "term_id").annotate(**aggregates):
        result.setdefault(r["table"], {})[r["term_id"]] = {k: r[k] for k in windows}
    return result


def counts_via_rollup(windows, *, ensure: bool = True):
    """The engine's counts from the roll-up, or None when the windows are not month-aligned.
    `ensure=False` when the caller has just brought the roll-up up to date."""
    if not windows or not _month_aligned(windows):
        return None
    if ensure:
        ensure_rollup()
    return rollup_counts(windows)
