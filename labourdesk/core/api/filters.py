"""The API's filter backend: `?field=` parameters that answer what the schema promises.

- A related object is filtered by its integer id (`?factory=7`): an id that does not exist, or
  that the caller may not see, gives an empty list like any other non-matching value, instead of
  django-filter's "Select a valid choice" 400 (which told existing ids from missing ones).
- An integer filter has the bounds of its column (an id: 1 to the largest value its column
  holds), in the form field and in the schema: `?assessment=5949009834665960275968` is a 400 that
  says so, not an integer overflow in the database driver (a 500 on SQLite).
- A parameter given with no value (`?status=`, `?factory=`) is refused (400), not read as "no
  filter": the schema says what a value is (an enum member, an integer, a non-empty string), and
  an empty one is none of them. Leave the parameter out to not filter.
- A boolean filter is `true` or `false`, as the schema says; anything else is a 400.
- A parameter the schema declares once (a filter, `page`) given several times is refused (400),
  rather than silently using the last value.
"""

import django_filters
from django import forms
from django.core import validators
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions

# The portable ranges (those PostgreSQL enforces; SQLite holds any 64-bit integer): the schema
# and the validation are the same whichever database runs.
_RANGES = BaseDatabaseOperations.integer_field_ranges
_BIG = _RANGES["BigIntegerField"]


def integer_bounds(field: models.Field) -> tuple[int, int]:
    """The values a filter on `field` can match: an id from 1 to its column's maximum; another
    integer within its column's range and its validators."""
    if field.is_relation:
        field = field.target_field
    low, high = _RANGES.get(field.get_internal_type(), _BIG)
    if isinstance(field, models.AutoField) or field.primary_key:
        return 1, high
    for validator in field.validators:
        limit = getattr(validator, "limit_value", None)
        if not isinstance(limit, int) or isinstance(limit, bool):
            continue
        if isinstance(validator, validators.MinValueValidator):
            low = max(low, limit)
        elif isinstance(validator, validators.MaxValueValidator):
            high = min(high, limit)
    return low, high


class IdFilter(filters.NumberFilter):
    """An integer (an id, a cycle): `IntegerField` form field, so `1.5` is refused, not
    truncated."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        # An id unless told otherwise (a filter built from a model field gets that field's range).
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", _BIG[1])
        super().__init__(*args, **kwargs)


_INTEGER_FIELDS = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


class ScopedFilterSet(filters.FilterSet):
    """Base of the FilterSets the API builds from `filterset_fields`."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.ManyToManyField: {"filter_class": IdFilter},
        # Whole numbers (a cycle, a count) are integers too: `?cycle=0.5` is refused.
        **{field: {"filter_class": IdFilter} for field in _INTEGER_FIELDS},
    }

    @classmethod
    def filter_for_field(cls, field, field_name, lookup_expr=None):
        filter_ = super().filter_for_field(field, field_name, lookup_expr)
        if isinstance(filter_, IdFilter) and lookup_expr in (None, "exact"):
            low, high = integer_bounds(field)
            filter_.extra["min_value"], filter_.extra["max_value"] = low, high
        return filter_


def _is_text_filter(filter_) -> bool:
    return isinstance(filter_, filters.CharFilter) and not isinstance(filter_, filters.ChoiceFilter)


EMPTY_VALUE = _("Give a value, or leave the parameter out.")


def refuse_empty_parameters(params, names, *, text=()) -> None:
    """400 for any of `names` given with no value (for those not in `text`, blank counts as
    none: `?cycle=%20` is no integer either), as `StrictFilterBackend` does for filters; for
    views that read their parameters themselves."""
    errors = {
        name: [EMPTY_VALUE]
        for name in names
        if any(v == "" or (name not in text and not v.strip()) for v in params.getlist(name))
    }
    if errors:
        raise exceptions.ValidationError(errors)


class StrictFilterBackend(filters.DjangoFilterBackend):
    filterset_base = ScopedFilterSet

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        declared = filterset_class.base_filters if filterset_class else {}
        single = {"page", *declared}
        errors = {}
        for key in request.query_params:
            values = request.query_params.getlist(key)
            if key in single and len(values) > 1:
                errors[key] = [_("Give this parameter once.")]
            elif isinstance(declared.get(key), django_filters.BooleanFilter) and any(
                value not in ("true", "false") for value in values
            ):
                # A checkbox widget reads any value as "on", a select any unknown one as "any".
                errors[key] = [_("true or false.")]
            elif key in declared and any(
                value == "" or (not value.strip() and not _is_text_filter(declared[key]))
                for value in values
            ):
                errors[key] = [EMPTY_VALUE]
        if errors:
            raise exceptions.ValidationError(dict(sorted(errors.items())))
        return super().filter_queryset(request, queryset, view)
