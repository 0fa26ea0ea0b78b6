"""Helpers shared by the compliance services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

NCQ_VALUES = {"0": False, "1": True}


def _in_scope(model, actor, obj, action: str) -> bool:
    if actor is None:  # the system itself (imports run from the command line)
        return True
    return model.objects.restrict(actor, action).filter(pk=obj.pk).exists()


def _require(model, actor, obj, action: str) -> None:
    if not _in_scope(model, actor, obj, action):
        raise PermissionDenied(_("You may not do this."))


def _save(obj) -> None:
    obj.full_clean()
    obj.save()
