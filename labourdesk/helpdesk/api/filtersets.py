"""The case queue's filters over the API: the staff queue's FilterSet, with related objects named
by id or code without a "Select a valid choice" 400 (an unknown value simply matches nothing)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from labourdesk.core.api.filters import IdFilter
from labourdesk.helpdesk.filtersets import CaseFilterSet


class CaseApiFilterSet(CaseFilterSet):
    assignee = IdFilter(label=_("Assignee (user id)"), field_name="assignee")
    topic = django_filters.CharFilter(
        label=_("Topic code"), field_name="topics__code", distinct=True, max_length=64
    )
    region = django_filters.CharFilter(
        label=_("Region code"), method="filter_region_code", max_length=64
    )
    sector = django_filters.CharFilter(
        label=_("Sector code"), field_name="sectors__code", distinct=True, max_length=64
    )
    country = django_filters.CharFilter(
        label=_("Requester's country (ISO alpha-2)"),
        field_name="requester_country__iso2",
        lookup_expr="iexact",
        max_length=2,
    )
    language = django_filters.CharFilter(label=_("Language"), field_name="language", max_length=10)
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)

    # Strictly true/false (the staff queue's select ignores anything else; the API refuses it).
    overdue = django_filters.TypedChoiceFilter(
        label=_("Overdue"),
        choices=[("true", "true"), ("false", "false")],
        coerce=lambda value: value == "true",
        method="filter_overdue",
    )

    @extend_schema_field({"type": "string", "enum": ["true", "false"]})
    def filter_overdue(self, queryset, name, value):
        return super().filter_overdue(queryset, name, value)

    @extend_schema_field(OpenApiTypes.STR)
    def filter_region_code(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Q(user_region__code=value) | Q(regions_concerned__code=value)
        ).distinct()
