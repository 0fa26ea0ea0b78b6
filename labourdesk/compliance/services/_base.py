"""Helpers shared by the compliance services."""

from django.core.exceptions import PermissionDenied, ValidationError
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


def _not_found(field: str):
    """The message for a related object outside the record's factory: the same words as for one
    that does not exist, so that the answer reveals nothing about other factories."""
    return ValidationError({field: _("Select a valid choice. That choice does not exist.")})


def related_to_factory_check(
    *, factory, assessment=None, question=None, field_prefix: str = ""
) -> None:
    """Related records named with a factory's record belong to that factory: its own
    assessment, a question of that assessment's questionnaire (or of a questionnaire of the
    factory's country). Pages, API and imports call the services, so they share this check."""
    if assessment is not None and assessment.factory_id != factory.pk:
        raise _not_found(f"{field_prefix}assessment")
    if question is not None:
        if assessment is not None:
            if question.version_id != assessment.version_id:
                raise _not_found(f"{field_prefix}question")
        elif question.version.programme.country_id != factory.country_id:
            raise _not_found(f"{field_prefix}question")
