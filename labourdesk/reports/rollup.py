"""A monthly roll-up of the report's counts; after a change, only the months it touched are
rebuilt.

Why: at 1,000,000 cases, joining every through-table row to its case takes seconds on two cores,
while a report only needs counts per term and month (the reference periods and the cumulative
windows all start on the first of a month). The roll-up is derived data, recomputed from the
cases, never edited by hand.

Which months are stale? Three guards, all cheap enough to run before every report:
- signals (signals.py): an ORM save or delete of a case and any change of its regions, sectors
  or topics records the months of the case (before and after the change) in RollupDirtyMonth,
  inside the writer's transaction;
- watermarks: the highest id of the case table and of the three through tables (index look-ups),
  which catch bulk inserts that send no signal; the months of the rows above the old watermark
  are rebuilt;
- `rollup_invalidate()`: for a raw `QuerySet.update()` or raw SQL on the classification or on
  `admitted_at`, which neither of the above sees; the next report rebuilds everything.
A rebuild recomputes each stale month from the cases admitted in it (an index range scan on
`admitted_at`), so the first report after one change costs a few thousand rows, not a pass over
every case. (A full signature of the data, with counts and sums, was tried first: exact, but
0.25 s at 100,000 cases and linear.) Free date ranges that do not start on the first of a month
bypass the roll-up.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from labourdesk.helpdesk.models import Case
from labourdesk.reports.models import MonthlyCount, RollupDirtyMonth, RollupState
from labourdesk.reports.periods import _start_of_day, helpdesk_tz
from labourdesk.reports.tables import TABLES

TOTAL = "t0"
# Admissible cases that have been answered (a reply was sent), by month of admission.
ANSWERED = "a0"
# Past this many stale months one full pass is cheaper than many range scans.
MAX_PARTIAL_MONTHS = 36


def _watermarks() -> list[int]:
    """The highest ids of the case table and of the through tables (primary-key look-ups)."""
    values = [Case.objects.aggregate(m=Max("id"))["m"] or 0]
    for table in TABLES:
        if table.many:
            values.append(table.through.objects.aggregate(m=Max("id"))["m"] or 0)
    return values


def _current() -> bool:
    """Is the roll-up current? One round trip: the watermarks, the stored signature and
    whether any month is marked stale (run before every report, so every query counts)."""
    qn = connection.ops.quote_name
    tables = [Case._meta.db_table] + [t.through._meta.db_table for t in TABLES if t.many]
    # Table names come from the models' metadata, never from input.
    marks = ", ".join(f"(SELECT MAX(id) FROM {qn(t)})" for t in tables)  # noqa: S608
    sql = (
        f"SELECT {marks}, "  # noqa: S608
        f"(SELECT signature FROM {qn(RollupState._meta.db_table)} WHERE id = 1), "
        f"EXISTS (SELECT 1 FROM {qn(RollupDirtyMonth._meta.db_table)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    *values, signature, dirty = row
    return not dirty and signature == "|".join(str(v or 0) for v in values)


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


def _months_above(old: list[int]) -> set[dt.date]:
    """Months of the cases and through rows inserted above the old watermarks (bulk inserts)."""
    tz = helpdesk_tz()
    months: set[dt.date] = set()
    marks = _watermarks()
    new_cases = (
        Case.objects.admissible()
        .filter(id__gt=old[0])
        .annotate(m=TruncMonth("admitted_at", tzinfo=tz))
        .order_by()
        .values_list("m", flat=True)
        .distinct()
    )
    if marks[0] != old[0]:
        months.update(month_of(m) for m in new_cases)
    for table, mark, now in zip([t for t in TABLES if t.many], old[1:], marks[1:], strict=True):
        if mark == now:
            continue
        rows = (
            table.through.objects.filter(id__gt=mark, case__admitted_at__isnull=False)
            .annotate(m=TruncMonth("case__admitted_at", tzinfo=tz))
            .order_by()
            .values_list("m", flat=True)
            .distinct()
        )
        months.update(month_of(m) for m in rows)
    return months


def ensure_rollup() -> bool:
    """Bring the roll-up up to date; returns True when anything had to be rebuilt."""
    if _current():
        return False
    with transaction.atomic():
        # One rebuild at a time: the state row is the lock.
        state, _created = RollupState.objects.get_or_create(pk=1)
        state = RollupState.objects.select_for_update().get(pk=state.pk)
        marks = _watermarks()
        signature = "|".join(str(v) for v in marks)
        # Read and clear the dirty months first: a writer that commits during the rebuild
        # records its month again, and the next report picks it up.
        dirty = list(RollupDirtyMonth.objects.values_list("id", "month"))
        if dirty:
            RollupDirtyMonth.objects.filter(id__in=[i for i, _m in dirty]).delete()
        old = _decode(state.signature)
        months: set[dt.date] | None = None
        if old is not None:
            months = {m for _i, m in dirty}
            if old != marks:
                months |= _months_above(old)
            if not months and old == marks:
                return False
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
        MonthlyCount.objects.bulk_create(_rows(months), batch_size=5000)
        state.signature = signature
        state.built_at = timezone.now()
        state.save()
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
