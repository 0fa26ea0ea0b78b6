"""The one way to write to the audit log. Services call it inside their transaction."""

import contextlib
import contextvars
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from labourdesk.core.models import AuditEntry


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    if not getattr(actor, "is_authenticated", False):
        return "anonymous"
    return actor.get_username()


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    target_repr: str | None = None,
) -> AuditEntry:
    """Append one entry. `details` must be JSON-serialisable and carry no secrets."""
    entry = AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_label=_actor_label(actor),
        action=action,
        changes=details or {},
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
        entry.object_repr = (target_repr if target_repr is not None else str(target))[:300]
    elif target_repr:
        entry.object_repr = target_repr[:300]
    entry.save()
    return entry


def audit_trail(target: models.Model):
    """Entries about one record, newest first."""
    ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(target.pk))


# Who is acting in this request (set by labourdesk.core.middleware.AuditActorMiddleware), for the
# few listeners that record changes made outside our services (the Django admin's own forms, the
# shell): they have no `actor` argument. None outside a request, i.e. "system".
_current_actor: contextvars.ContextVar = contextvars.ContextVar("audit_actor", default=None)


def current_actor():
    return _current_actor.get()


@contextlib.contextmanager
def acting_as(actor):
    token = _current_actor.set(actor)
    try:
        yield
    finally:
        _current_actor.reset(token)
