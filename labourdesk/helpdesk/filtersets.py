"""One FilterSet per model, serving the staff queue and the API `?field=` parameters."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourdesk.helpdesk.choices import sort_key
from labourdesk.helpdesk.models import Case, Region, Sector, Topic
from labourdesk.helpdesk.selectors import cases_awaiting_clearance_by, overdue_q
from labourdesk.standards.models import MemberState


def _countries():
    """Member states named in the page's language, in that language's alphabetical order."""
    names = [(m.iso2, m.localized_name()) for m in MemberState.objects.all()]
    return sorted(names, key=lambda pair: sort_key(pair[1]))


class CaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Case.Status.choices, empty_label=_("Any")
    )
    assignee = django_filters.ModelChoiceFilter(
        label=_("Assignee"),
        empty_label=_("Any"),
        queryset=get_user_model()
        .objects.filter(groups__name__in=["helpdesk_expert", "helpdesk_manager"])
        .distinct(),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        empty_label=_("Any"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="code",
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        empty_label=_("Any"),
        field_name="user_region",
        queryset=Region.objects.all(),
        to_field_name="code",
        method="filter_region",
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        empty_label=_("Any"),
        field_name="sectors",
        queryset=Sector.objects.all(),
        to_field_name="code",
    )
    country = django_filters.ChoiceFilter(
        label=_("Requester's country"),
        choices=_countries,
        field_name="requester_country__iso2",
        empty_label=_("Any"),
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"),
        empty_label=_("Any"),
        field_name="language",
        choices=settings.LANGUAGES,
    )
    my_clearance = django_filters.BooleanFilter(
        label=_("Waiting for my clearance"),
        method="filter_my_clearance",
        widget=forms.CheckboxInput,
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"),
        method="filter_overdue",
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("Overdue only")), ("false", _("Not overdue"))]
        ),
    )

    class Meta:
        model = Case
        fields = [
            "q",
            "my_clearance",
            "status",
            "assignee",
            "topic",
            "region",
            "sector",
            "country",
            "language",
            "overdue",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("helpdesk.clear_draft"):
            # Only those who clear drafts wait for their own clearance.
            self.filters.pop("my_clearance")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        cond = (
            Q(subject__icontains=value)
            | Q(requester_name__icontains=value)
            | Q(requester_email__icontains=value)
            | Q(requester_organisation__icontains=value)
            | Q(inquiries__body_text__icontains=value)
        )
        ref = value.upper().removeprefix("LD-")
        if ref.isdigit():
            cond |= Q(pk=int(ref))
        return queryset.filter(cond).distinct()

    def filter_region(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(user_region=value) | Q(regions_concerned=value)).distinct()

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(overdue_q()) if value else queryset.exclude(overdue_q())

    def filter_my_clearance(self, queryset, name, value):
        if not value:
            return queryset
        user = getattr(self.request, "user", None)
        return queryset.filter(pk__in=cases_awaiting_clearance_by(user).values("pk"))
