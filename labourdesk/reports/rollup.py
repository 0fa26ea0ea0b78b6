"""A monthly roll-up of the report's counts, rebuilt whenever the case data change.

Why: at 1,000,000 cases, joining every through-table row to its case takes seconds on two cores,
while a report only needs counts per term and month (the reference periods and the cumulative
windows all start on the first of a month). The roll-up is derived data, rebuilt in one pass
from the cases when it is stale, never edited.

When is it stale? Two guards, both cheap enough to run before every report:
- signals (signals.py): any ORM save or delete of a case and any change of its regions, sectors
  or topics marks it stale, inside the writer's transaction;
- watermarks: the highest id of the case table and of the three through tables (index look-ups),
  which catch bulk inserts that send no signal.
What neither sees is a raw `QuerySet.update()` or raw SQL on the classification or on
`admitted_at`: code doing that calls `rollup_invalidate()`. (A full signature of the data, with
counts and sums, was tried first: exact, but 0.25 s at 100,000 cases and linear, more than the
report it saves.) Free date ranges that do not start on the first of a month bypass the roll-up.
"""

import datetime as dt

from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from labourdesk.helpdesk.models import Case
from labourdesk.reports.models import MonthlyCount, RollupState
from labourdesk.reports.periods import helpdesk_tz
from labourdesk.reports.tables import TABLES

TOTAL = "t0"


def data_signature() -> str:
    """Watermarks of the case data: the highest ids (primary-key index look-ups)."""
    values = [str(Case.objects.aggregate(m=Max("id"))["m"])]
    for table in TABLES:
        if table.many:
            values.append(str(table.through.objects.aggregate(m=Max("id"))["m"]))
    return "|".join(values)


def _month(value) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(helpdesk_tz())
        return value.date().replace(day=1)
    return value.replace(day=1)


def _rows() -> list[MonthlyCount]:
    tz = helpdesk_tz()
    rows: dict[tuple[str, int, dt.date], int] = {}

    def add(table: str, term: int, month, n: int) -> None:
        key = (table, term, _month(month))
        rows[key] = rows.get(key, 0) + n

    cases = (
        Case.objects.admissible()
        .annotate(m=TruncMonth("admitted_at", tzinfo=tz))
        .order_by()
        .values("m", "user_type_id", "user_region_id")
        .annotate(n=Count("id"))
    )
    for r in cases:
        add(TOTAL, 0, r["m"], r["n"])
        if r["user_type_id"] is not None:
            add("t1", r["user_type_id"], r["m"], r["n"])
        if r["user_region_id"] is not None:
            add("t2", r["user_region_id"], r["m"], r["n"])
    for table in TABLES:
        if not table.many:
            continue
        column = table.through_term_column
        qs = (
            table.through.objects.filter(case__admissible=True, case__admitted_at__isnull=False)
            .annotate(m=TruncMonth("case__admitted_at", tzinfo=tz))
            .order_by()
            .values("m", column)
            .annotate(n=Count("case_id"))
        )
        for r in qs:
            add(table.key, r[column], r["m"], r["n"])
    return [
        MonthlyCount(table=t, term_id=term, month=m, count=n) for (t, term, m), n in rows.items()
    ]


def rollup_invalidate() -> None:
    # Only when current: once stale, later writes in a burst touch no row.
    RollupState.objects.exclude(signature="").update(signature="")


def ensure_rollup() -> bool:
    """Bring the roll-up up to date; returns True when it had to be rebuilt."""
    signature = data_signature()
    state = RollupState.objects.first()
    if state is not None and state.signature == signature:
        return False
    with transaction.atomic():
        # One rebuild at a time: the state row is the lock.
        state, _created = RollupState.objects.get_or_create(pk=1)
        state = RollupState.objects.select_for_update().get(pk=state.pk)
        signature = data_signature()
        if state.signature == signature:
            return False
        if connection.vendor == "postgresql":
            # The rebuild hash-joins every through row to its case: with the default 4 MB the
            # join spills to disk in batches (about 4x slower at 1,000,000 cases). Local to
            # this transaction only.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '128MB'")
        MonthlyCount.objects.all().delete()
        MonthlyCount.objects.bulk_create(_rows(), batch_size=5000)
        state.signature = signature
        state.built_at = timezone.now()
        state.save()
    return True


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


def counts_via_rollup(windows):
    """The engine's counts from the roll-up, or None when the windows are not month-aligned."""
    if not windows or not _month_aligned(windows):
        return None
    ensure_rollup()
    return rollup_counts(windows)
