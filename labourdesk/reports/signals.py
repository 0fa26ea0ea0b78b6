"""Optional listener: record what a change of the cases does to the report's roll-up.

Decoupled on purpose (the helpdesk app knows nothing of reports). Each change records, in the
writer's transaction, the case's old contribution counted -1 and its new one +1 (a RollupDelta
row per count that moves), so the next report adds a few rows instead of recounting months:
- a save of a case: its counted fields are read from the database before the save (the row
  locked on PostgreSQL: two writers of one case cannot both start from the same old state) and
  after it; a save limited to other fields reads nothing;
- a deletion: its contribution, read from the database before the rows go;
- a change of its regions, sectors or topics, from either side (`case.sectors.add(…)`,
  `sector.cases.remove(…)`, `clear()`): the through rows added (after the insert) or removed
  (before the delete), counted in the month of their case.
The cases and through rows the ORM inserts are also recorded (RollupInsert), so that the
watermarks, which exist for bulk inserts, do not recount their months as well; deleting a row
inserted in bulk and not counted yet asks for its months to be recounted (the watermarks
cannot find a row that is gone, and a delta would correct counts that never held it).
Old states come from the database, never from a snapshot taken when the instance was loaded:
an instance loaded twice, or saved after someone else changed the case, cannot skew the counts.
"""

from collections import Counter

from django.db import connections
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from labourdesk.helpdesk.models import Case

# Fields of a case that the report reads; a save limited to other fields changes nothing.
REPORT_FIELDS = frozenset(
    {
        "admissible",
        "admitted_at",
        "user_type",
        "user_type_id",
        "user_region",
        "user_region_id",
        "first_answer_at",
    }
)
_OLD = "_reports_rollup_old"


def _touches(update_fields) -> bool:
    return update_fields is None or bool(set(update_fields) & REPORT_FIELDS)


def _state(case_id, using: str, *, lock: bool = False) -> dict | None:
    from labourdesk.reports.rollup import CASE_FIELDS

    qs = Case._base_manager.using(using).filter(pk=case_id)
    if lock and connections[using].in_atomic_block:
        qs = qs.select_for_update()
    return qs.values(*CASE_FIELDS).first()


def _case_pre_save(sender, instance, raw=False, using="default", update_fields=None, **kw):
    if not _touches(update_fields):
        return
    old = None
    if instance.pk is not None and not instance._state.adding:
        old = _state(instance.pk, using, lock=True)
    instance.__dict__[_OLD] = old


def _case_saved(sender, instance, created=False, using="default", update_fields=None, **kw):
    if not _touches(update_fields):
        return
    from labourdesk.reports.rollup import case_change_delta, rollup_cover, rollup_record

    if created:
        rollup_cover("c", [instance.pk], using)
    old = instance.__dict__.pop(_OLD, None)
    # The new state from the database too: what was written, whatever update_fields, deferred
    # fields or the Python types of the attributes were.
    new = _state(instance.pk, using)
    rollup_record(case_change_delta(instance.pk, old, new, using), using)


def _case_deleted(sender, instance, using="default", **kw) -> None:
    from labourdesk.reports.rollup import (
        case_contribution,
        month_of,
        rollup_mark_months,
        rollup_record,
        uncounted,
    )
    from labourdesk.reports.tables import TABLES

    old = _state(instance.pk, using, lock=True)
    if old is None:
        return
    terms, bulk = {}, uncounted("c", [instance.pk], using)
    for table in TABLES:
        if table.many:
            rows = table.through.objects.using(using).filter(case_id=instance.pk)
            pairs = list(rows.values_list("id", table.through_term_column))
            terms[table.key] = [term for _id, term in pairs]
            bulk = bulk or uncounted(table.key, [i for i, _term in pairs], using)
    delta: Counter = Counter()
    delta.subtract(case_contribution(old, terms))
    rollup_record(delta, using)
    if bulk and old["admitted_at"] is not None:
        rollup_mark_months({month_of(old["admitted_at"])})


def _m2m_changed(sender, instance, action, reverse, pk_set=None, using="default", **kw) -> None:
    from labourdesk.reports.rollup import (
        rollup_cover,
        rollup_mark_months,
        rollup_record,
        through_counts,
        uncounted,
    )
    from labourdesk.reports.tables import TABLES

    if action not in ("post_add", "pre_remove", "pre_clear"):
        return
    if action != "pre_clear" and not pk_set:
        return
    table = next(t for t in TABLES if t.many and t.through is sender)
    column = table.through_term_column
    if reverse:  # instance is the term, pk_set the cases
        filters = {column: instance.pk}
        if pk_set:
            filters["case_id__in"] = pk_set
    else:  # instance is the case, pk_set the terms
        filters = {"case_id": instance.pk}
        if pk_set:
            filters[f"{column}__in"] = pk_set
    counts = through_counts(table, using, **filters)
    if action == "post_add":
        rollup_record(counts, using)
        # The new rows are counted: the watermark check must not recount their months.
        rows = table.through.objects.using(using).filter(**filters).values_list("id", flat=True)
        rollup_cover(table.key, rows, using)
    else:
        delta: Counter = Counter()
        delta.subtract(counts)
        rollup_record(delta, using)
        rows = table.through.objects.using(using).filter(**filters).values_list("id", flat=True)
        if uncounted(table.key, rows, using):
            rollup_mark_months({month for _t, _term, month in counts})


def connect() -> None:
    pre_save.connect(_case_pre_save, sender=Case, dispatch_uid="reports-rollup-case-pre-save")
    post_save.connect(_case_saved, sender=Case, dispatch_uid="reports-rollup-case-saved")
    pre_delete.connect(_case_deleted, sender=Case, dispatch_uid="reports-rollup-case-deleted")
    for field in ("regions_concerned", "sectors", "topics"):
        through = Case._meta.get_field(field).remote_field.through
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"reports-rollup-{field}-changed"
        )
