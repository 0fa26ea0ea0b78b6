from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labourdesk.core.api.serializers import ScopedModelSerializer
from labourdesk.standards.models import Dataset, Instrument, MemberState, Ratification


class DatasetSerializer(ScopedModelSerializer):
    kind = serializers.CharField(
        read_only=True,
        help_text="sourced, normlex_instrument, normlex_country, csv, comments, law_links",
    )
    coverage = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = [
            "id",
            "name",
            "kind",
            "source",
            "source_url",
            "as_of",
            "as_of_note",
            "imported_at",
            "file_name",
            "file_sha256",
            "coverage",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "instrument": {"type": "string", "nullable": True},
                    "country": {"type": "string", "nullable": True},
                    "extent": {"type": "string", "enum": ["complete", "partial"]},
                    "known_total": {"type": "integer", "nullable": True},
                },
            },
        }
    )
    def get_coverage(self, obj):
        return [
            {
                "instrument": c.instrument.code if c.instrument else None,
                "country": c.country.iso3 if c.country else None,
                "extent": c.extent,
                "known_total": c.known_total,
            }
            for c in obj.coverage.all()
        ]


class InstrumentSerializer(ScopedModelSerializer):
    type = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    supplements = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    revised_by = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    subjects = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    ratification_coverage = serializers.SerializerMethodField()

    class Meta:
        model = Instrument
        fields = [
            "code",
            "type",
            "number",
            "year",
            "session",
            "title",
            "titles",
            "category",
            "status",
            "status_note",
            "gb_classification",
            "supplements",
            "revised_by",
            "subjects",
            "normlex_url",
            "title_verified",
            "ratification_coverage",
        ]
        read_only_fields = fields

    def get_type(self, obj) -> str:
        return obj.type.lower()

    def get_title(self, obj) -> str:
        """The English title; the number and year where no source gave a title."""
        return obj.titles.get("en") or ""

    @extend_schema_field(
        {"type": "string", "nullable": True, "enum": ["complete", "partial", None]}
    )
    def get_ratification_coverage(self, obj):
        index = self.context.get("coverage_index")
        return index.extent(obj.pk) if index else None


class MemberStateSerializer(ScopedModelSerializer):
    class Meta:
        model = MemberState
        fields = [
            "iso3",
            "iso2",
            "name",
            "ilo_region",
            "ilo_subregion_broad",
            "income_group",
            "un_member_since",
        ]
        read_only_fields = fields


class RatificationSerializer(ScopedModelSerializer):
    instrument = serializers.SlugRelatedField(slug_field="code", read_only=True)
    country = serializers.SlugRelatedField(slug_field="iso3", read_only=True)
    country_iso2 = serializers.CharField(source="country.iso2", read_only=True)
    denounced_by = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Ratification
        fields = [
            "instrument",
            "country",
            "country_iso2",
            "registered_on",
            "registered_year",
            "status",
            "entry_into_force_on",
            "denounced_on",
            "denounced_by",
            "declarations",
            "note",
            "dataset",
            "source_url",
            "source_as_of",
        ]
        read_only_fields = fields


class ProfileEntrySerializer(serializers.Serializer):
    instrument = serializers.CharField()
    category = serializers.CharField()
    state = serializers.ChoiceField(
        choices=["ratified", "not_ratified", "no_data"],
        help_text="not_ratified only where a dataset covers the instrument completely",
    )
    status = serializers.CharField(allow_null=True)
    registered_on = serializers.DateField(allow_null=True)
    sources = serializers.ListField(child=serializers.CharField())


class MemberStateDetailSerializer(MemberStateSerializer):
    profile = serializers.SerializerMethodField()

    class Meta(MemberStateSerializer.Meta):
        fields = [*MemberStateSerializer.Meta.fields, "profile"]
        read_only_fields = fields

    @extend_schema_field(ProfileEntrySerializer(many=True))
    def get_profile(self, obj):
        from labourdesk.standards.selectors import CoverageIndex, country_cells

        index = CoverageIndex()
        instruments = Instrument.objects.filter(
            category__in=[Instrument.Category.FUNDAMENTAL, Instrument.Category.GOVERNANCE]
        ).order_by("category", "code")
        return [
            {
                "instrument": cell.instrument.code,
                "category": cell.instrument.category.lower(),
                "state": cell.state,
                "status": cell.ratification.status if cell.ratification else None,
                "registered_on": cell.ratification.registered_on if cell.ratification else None,
                "sources": [d.name for d in index.datasets(cell.instrument.pk)],
            }
            for cell in country_cells(obj, instruments, index)
        ]
