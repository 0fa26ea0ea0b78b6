"""Optional listener: mark the monthly roll-up stale when the cases it counts change.

Decoupled on purpose (the helpdesk app knows nothing of reports): saving a case, deleting one or
changing its regions, sectors or topics marks the roll-up stale in the same transaction.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from labourdesk.helpdesk.models import Case

# Fields of a case that the report reads; a save limited to other fields changes nothing.
REPORT_FIELDS = frozenset({"admissible", "admitted_at", "user_type", "user_region"})


def _invalidate(**kwargs) -> None:
    from labourdesk.reports.rollup import rollup_invalidate

    rollup_invalidate()


def _case_saved(sender, instance, update_fields=None, **kwargs) -> None:
    if update_fields is not None and not (set(update_fields) & REPORT_FIELDS):
        return
    _invalidate()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _invalidate()


def connect() -> None:
    post_save.connect(_case_saved, sender=Case, dispatch_uid="reports-rollup-case-saved")
    post_delete.connect(_invalidate, sender=Case, dispatch_uid="reports-rollup-case-deleted")
    for field in ("regions_concerned", "sectors", "topics"):
        through = Case._meta.get_field(field).remote_field.through
        m2m_changed.connect(
            _m2m_changed, sender=through, dispatch_uid=f"reports-rollup-{field}-changed"
        )
