"""Optional listener: record the roll-up months that a change of the cases touched.

Decoupled on purpose (the helpdesk app knows nothing of reports): saving a case, deleting one or
changing its regions, sectors or topics records, in the same transaction, the month the case
was admitted in, and the month it was admitted in before the change (a snapshot taken when the
case was loaded), so the next report rebuilds those months only.
"""

from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

from labourdesk.helpdesk.models import Case

# Fields of a case that the report reads; a save limited to other fields changes nothing.
REPORT_FIELDS = frozenset(
    {"admissible", "admitted_at", "user_type", "user_region", "first_answer_at"}
)
_SNAPSHOT = "_reports_admitted_at"
_UNKNOWN = object()


def _snapshot(sender, instance, **kwargs) -> None:
    # From __dict__, never the attribute: a deferred field must not cost a query per instance.
    instance.__dict__[_SNAPSHOT] = instance.__dict__.get("admitted_at", _UNKNOWN)


def _mark(*values) -> None:
    from labourdesk.reports.rollup import month_of, rollup_mark_months

    rollup_mark_months({month_of(v) for v in values})


def _case_saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not (set(update_fields) & REPORT_FIELDS):
        return
    before = instance.__dict__.get(_SNAPSHOT, _UNKNOWN)
    now = instance.__dict__.get("admitted_at", _UNKNOWN)
    if before is _UNKNOWN or now is _UNKNOWN:
        # Loaded without admitted_at (only()/defer()) and saved: which months, we cannot tell.
        from labourdesk.reports.rollup import rollup_invalidate

        rollup_invalidate()
    else:
        _mark(before, now)
    instance.__dict__[_SNAPSHOT] = now


def _case_deleted(sender, instance, **kwargs) -> None:
    _mark(instance.__dict__.get(_SNAPSHOT), instance.__dict__.get("admitted_at"))


def _m2m_changed(sender, instance, action, reverse, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        _mark(instance.admitted_at)
    elif pk_set:
        _mark(*Case.objects.filter(pk__in=pk_set).values_list("admitted_at", flat=True))
    else:
        # A term cleared of all its cases: which months they were in is gone.
        from labourdesk.reports.rollup import rollup_invalidate

        rollup_invalidate()


def connect() -> None:
    post_init.connect(_snapshot, sender=Case, dispatch_uid="reports-rollup-case-init")
    post_save.connect(_case_saved, sender=Case, dispatch_uid="reports-rollup-case-saved")
    post_delete.connect(_case_deleted, sender=Case, dispatch_uid="reports-rollup-case-deleted")
    for field in ("regions_concerned", "sectors", "topics"):
        through = Case._meta.get_field(field).remote_field.through
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"reports-rollup-{field}-changed"
        )
