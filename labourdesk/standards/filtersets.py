"""One FilterSet per resource, for the pages' filters and the API's `?field=` parameters."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from labourdesk.standards.models import Instrument, Ratification, RatificationStatus, Subject


def _lower_choices(choices):
    return [(value.lower(), label) for value, label in choices]


class InstrumentFilterSet(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=_lower_choices(Instrument.Type.choices),
        method="filter_type",
        empty_label=_("All types"),
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=_lower_choices(Instrument.Category.choices),
        method="filter_category",
        empty_label=_("All categories"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(v or "unknown", label) for v, label in Instrument.Status.choices],
        method="filter_status",
        empty_label=_("All statuses"),
    )
    subject = django_filters.ModelChoiceFilter(
        label=_("Subject"),
        queryset=Subject.objects.all(),
        to_field_name="code",
        field_name="subjects",
        empty_label=_("All subjects"),
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")

    class Meta:
        model = Instrument
        fields = ["type", "category", "status", "subject", "q"]

    def filter_type(self, queryset, name, value):
        return queryset.filter(type__iexact=value)

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__iexact=value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status="" if value == "unknown" else value)

    def filter_search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        # Titles are JSON per language: search the text of the whole value (every language).
        query = Q(code__icontains=text) | Q(titles__icontains=text)
        if text.isdigit():
            query |= Q(number=int(text)) | Q(year=int(text))
        return queryset.filter(query)


class CountryCodeFilter(django_filters.CharFilter):
    """ISO 3166 alpha-2 (with aliases such as UK) or alpha-3, several separated by commas. A code
    that names no member state matches nothing, like any other value no row has."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        from labourdesk.standards.countries import CountryResolver

        resolver = CountryResolver()
        states = [state.pk for code in value.split(",") if (state := resolver.code(code))]
        return qs.filter(country_id__in=states)


class InstrumentCodeFilter(django_filters.CharFilter):
    """Instrument codes (C087, c87, P029), several separated by commas. A code of no instrument
    in the catalogue matches nothing, like any other value no row has."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 1000)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        from labourdesk.standards.importers.common import normalise_code

        codes = [code for raw in value.split(",") if (code := normalise_code(raw))]
        return qs.filter(instrument__code__in=codes)


class RatificationFilterSet(django_filters.FilterSet):
    instrument = InstrumentCodeFilter(label=_("Instrument code(s), e.g. C087"))
    country = CountryCodeFilter(label=_("Country (ISO alpha-2 or alpha-3)"), field_name="country")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RatificationStatus.choices)
    since = django_filters.DateFilter(
        label=_("Registered on or after"), field_name="registered_on", lookup_expr="gte"
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=_lower_choices(Instrument.Category.choices),
        method="filter_category",
    )

    class Meta:
        model = Ratification
        fields = ["instrument", "country", "status", "since", "category"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(instrument__category__iexact=value)


class InstrumentApiFilterSet(InstrumentFilterSet):
    """The API's instrument filters: a subject is named by its code, and a code of no subject
    matches nothing (the page's select offers only existing subjects)."""

    subject = django_filters.CharFilter(
        label=_("Subject code"), field_name="subjects__code", distinct=True, max_length=64
    )
