"""Serializers of the report API: input (query parameters) and output (the report), apart."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from labourdesk.reports.periods import resolve_period

_PERIOD = RegexValidator(r"^[0-9]{4}-[0-9]{2}$", _("Expected YYYY-YY, for example 2022-23."))
_DAY = RegexValidator(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", _("Expected YYYY-MM-DD."))


class ReportQuerySerializer(serializers.Serializer):
    period = serializers.CharField(
        required=False,
        max_length=20,
        validators=[_PERIOD],
        help_text=_("Reference period YYYY-YY (1 March to the end of February)."),
    )
    start = serializers.CharField(
        required=False, max_length=20, validators=[_DAY], help_text=_("Or: first day, YYYY-MM-DD.")
    )
    end = serializers.CharField(
        required=False,
        max_length=20,
        validators=[_DAY],
        help_text=_("Last day (inclusive), YYYY-MM-DD."),
    )
    previous = serializers.BooleanField(
        required=False, default=False, help_text=_("Add the previous period to every table.")
    )
    language = serializers.ChoiceField(choices=["en", "fr", "es"], required=False, default="en")

    def validate(self, attrs):
        try:
            attrs["report_period"] = resolve_period(
                period=attrs.get("period"), start=attrs.get("start"), end=attrs.get("end")
            )
        except ValidationError as exc:
            raise serializers.ValidationError({"period": exc.messages}) from None
        return attrs


class PeriodSerializer(serializers.Serializer):
    code = serializers.CharField(allow_null=True)
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


def _missing_field():
    return serializers.ChoiceField(
        choices=["unknown", "no_data"],
        allow_null=True,
        help_text=_(
            "Why value is null: unknown (no published figure) or no_data (no published report "
            "and no case on the platform for the period; not a zero). null when value is known."
        ),
    )


class CellSerializer(serializers.Serializer):
    value = serializers.IntegerField(allow_null=True, help_text=_("null when not known."))
    from_baseline = serializers.BooleanField()
    missing = _missing_field()


class RowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    single_value = serializers.BooleanField()
    cells = serializers.DictField(child=CellSerializer())


class ColumnSerializer(serializers.Serializer):
    key = serializers.ChoiceField(choices=["previous", "period", "cumulative"])
    label = serializers.CharField()


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    number = serializers.IntegerField()
    title = serializers.CharField()
    caption = serializers.CharField()
    columns = ColumnSerializer(many=True)
    rows = RowSerializer(many=True)
    total = RowSerializer()
    footnotes = serializers.ListField(child=serializers.CharField())


class NarrativeSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    sentence = serializers.CharField()
    from_baseline = serializers.BooleanField()
    computed = serializers.IntegerField(allow_null=True)


class YearSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.IntegerField(allow_null=True)
    from_baseline = serializers.BooleanField()
    missing = _missing_field()


class WebsiteTableSerializer(serializers.Serializer):
    """A table of the website section: each row has a label, its cells (value, from_baseline,
    missing: unknown / no_data / not_measured / not_applicable) and table-specific keys
    (period, code, path, language, host)."""

    title = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.DictField())
    notes = serializers.ListField(child=serializers.CharField())


class ReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    language = serializers.CharField()
    tables = TableSerializer(many=True)
    narrative = NarrativeSerializer(many=True)
    per_year = YearSerializer(many=True)
    table_6_website = WebsiteTableSerializer()
    users_by_continent = WebsiteTableSerializer()
    top_countries = WebsiteTableSerializer()
    top_pages = WebsiteTableSerializer()
    traffic_sources = WebsiteTableSerializer()
    top_referrers = WebsiteTableSerializer()
