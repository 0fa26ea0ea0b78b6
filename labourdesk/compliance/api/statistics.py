"""Non-compliance statistics over the API: public (suppressed) figures for everybody, full ones
for programme staff in their countries. `?export=csv` or `?export=xlsx` downloads the table."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from labourdesk.compliance import statistics as stats
from labourdesk.compliance.models import Industry
from labourdesk.compliance.querysets import STAFF_ROLES
from labourdesk.core import exports
from labourdesk.core.api.base import ErrorSerializer
from labourdesk.core.api.filters import refuse_empty_parameters
from labourdesk.core.roles import ADMINISTRATOR, has_role

_TEXT = {"type": "string", "minLength": 1}
PARAMETERS = [
    OpenApiParameter(
        "country",
        {"type": "array", "items": {**_TEXT, "maxLength": 1000}},
        description="ISO 3166 alpha-2 or alpha-3; repeat it to compare countries.",
    ),
    OpenApiParameter(
        "industry",
        {"type": "string", "enum": ["garment", *Industry.values]},
        description="garment (apparel), footwear…",
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Window start (assessment date)."),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Window end (inclusive)."),
    OpenApiParameter(
        "cycle",
        {"type": "integer", "minimum": 1, "maximum": stats.MAX_CYCLE},
        description="Assessment cycle (panel for trends).",
    ),
    OpenApiParameter(
        "compliance_point", {**_TEXT, "maxLength": 200}, description="A compliance point code."
    ),
    OpenApiParameter("export", OpenApiTypes.STR, enum=["csv", "xlsx"], description="Download."),
]
_TEXT_PARAMETERS = {"country", "compliance_point"}


class _RateFields(serializers.Serializer):
    country = serializers.CharField(allow_null=True, help_text="ISO alpha-3; null when pooled.")
    cluster = serializers.CharField()
    compliance_point = serializers.CharField()
    cluster_label = serializers.CharField()
    compliance_point_label = serializers.CharField()
    factories = serializers.IntegerField(allow_null=True)
    non_compliant = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class CompliancePointRateSerializer(_RateFields):
    pass


class QuestionRateSerializer(_RateFields):
    global_key = serializers.CharField()
    question = serializers.CharField()


class TrendRateSerializer(_RateFields):
    cycle = serializers.IntegerField()


class FactoryRateSerializer(serializers.Serializer):
    country = serializers.CharField()
    factory = serializers.CharField()
    factory_id = serializers.IntegerField()
    assessment = serializers.IntegerField()
    compliance_points = serializers.IntegerField()
    non_compliant = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)


def _answer(row_serializer, name):
    return inline_serializer(
        name,
        {
            "definition": serializers.CharField(),
            "cycle": serializers.IntegerField(allow_null=True),
            "window": inline_serializer(
                f"{name}Window",
                {
                    "from": serializers.DateField(allow_null=True),
                    "to": serializers.DateField(allow_null=True),
                },
                help_text="The date window answered (public figures: whole calendar years).",
            ),
            "results": row_serializer(many=True),
        },
    )


class _StatisticsView(APIView):
    kind = ""
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        # The pages read an empty value as "all"; the API says what a value is (the schema) and
        # refuses an empty one, like its filters.
        refuse_empty_parameters(
            request.query_params, [p.name for p in PARAMETERS], text=_TEXT_PARAMETERS
        )
        export = request.query_params.get("export")
        if export is not None and export not in ("csv", "xlsx"):
            raise serializers.ValidationError({"export": [_("One of csv, xlsx.")]})
        slice_ = stats.parse_slice(request.query_params)
        table = stats.published_table(self.kind, slice_, request.user, language=get_language())
        columns = stats.TABLE_COLUMNS[self.kind]
        if export in ("csv", "xlsx"):
            rows = [[row.get(c) for c in columns] for row in table["rows"]]
            filename = f"non-compliance-{self.kind.replace('_', '-')}.{export}"
            if export == "csv":
                return exports.csv_response(filename, columns, rows)
            return exports.xlsx_response(
                filename,
                [
                    (self.kind, columns, rows),
                    ("definition", ["definition"], [[table["definition"]]]),
                ],
            )
        return Response(
            {
                "definition": table["definition"],
                "cycle": table["cycle"],
                "window": table["window"],
                "results": table["rows"],
            }
        )


def _schema(row_serializer, name, summary):
    return extend_schema(
        summary=summary,
        parameters=PARAMETERS,
        responses={
            (200, "application/json"): _answer(row_serializer, name),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="With `?export=csv`: the table as CSV (UTF-8)."
            ),
            (200, exports.XLSX_CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.BINARY,
                description="With `?export=xlsx`: the table and its definition as XLSX.",
            ),
            400: ErrorSerializer,
        },
    )


class CompliancePointRates(_StatisticsView):
    kind = "compliance_points"

    @_schema(CompliancePointRateSerializer, "CompliancePointRates", "Non-compliance per CP")
    def get(self, request):
        return super().get(request)


class QuestionRates(_StatisticsView):
    kind = "questions"

    @_schema(QuestionRateSerializer, "QuestionRates", "Non-compliance per global question")
    def get(self, request):
        return super().get(request)


class TrendRates(_StatisticsView):
    kind = "trends"

    @_schema(TrendRateSerializer, "TrendRates", "Panel trends per cycle and CP")
    def get(self, request):
        return super().get(request)


class IsProgrammeStaff(permissions.BasePermission):
    def has_permission(self, request, view):
        return has_role(request.user, ADMINISTRATOR, *STAFF_ROLES)


class FactoryRates(_StatisticsView):
    """Per factory: programme staff only (each row is one factory)."""

    kind = "factories"
    permission_classes = [permissions.IsAuthenticated, IsProgrammeStaff]

    @_schema(FactoryRateSerializer, "FactoryRates", "Share of CPs non-compliant per factory")
    def get(self, request):
        return super().get(request)
