"""The API's filter backend: `?field=` parameters that answer what the schema promises.

- A related object is filtered by its integer id (`?factory=7`): an id that does not exist, or
  that the caller may not see, gives an empty list like any other non-matching value, instead of
  django-filter's "Select a valid choice" 400 (which told existing ids from missing ones).
- A parameter the schema declares once (a filter, `page`) given several times is refused (400),
  rather than silently using the last value.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions


class IdFilter(filters.NumberFilter):
    """An integer (an id, a cycle): `IntegerField` form field, so `1.5` is refused, not
    truncated."""

    field_class = forms.IntegerField


class ScopedFilterSet(filters.FilterSet):
    """Base of the FilterSets the API builds from `filterset_fields`."""

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.ForeignKey: {"filter_class": IdFilter},
        models.OneToOneField: {"filter_class": IdFilter},
        models.ManyToManyField: {"filter_class": IdFilter},
        # Whole numbers (a cycle, a count) are integers too: `?cycle=0.5` is refused.
        **{
            field: {"filter_class": IdFilter}
            for field in (
                models.AutoField,
                models.BigAutoField,
                models.IntegerField,
                models.BigIntegerField,
                models.SmallIntegerField,
                models.PositiveIntegerField,
                models.PositiveSmallIntegerField,
                models.PositiveBigIntegerField,
            )
        },
    }


class StrictFilterBackend(filters.DjangoFilterBackend):
    filterset_base = ScopedFilterSet

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        single = {"page", *(filterset_class.base_filters if filterset_class else ())}
        repeated = sorted(
            key
            for key in request.query_params
            if key in single and len(request.query_params.getlist(key)) > 1
        )
        if repeated:
            raise exceptions.ValidationError(
                {key: [_("Give this parameter once.")] for key in repeated}
            )
        return super().filter_queryset(request, queryset, view)
