"""The open API: anonymous, read-only, paginated, with ETag / Last-Modified (304) and CORS."""

from django.http import Http404, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from labourdesk.core.api.pagination import PageNumberPagination
from labourdesk.standards import opendata
from labourdesk.standards.api.serializers import (
    DatasetSerializer,
    InstrumentSerializer,
    MemberStateDetailSerializer,
    MemberStateSerializer,
    RatificationSerializer,
)
from labourdesk.standards.filtersets import InstrumentApiFilterSet, RatificationFilterSet
from labourdesk.standards.models import Dataset, Instrument, MemberState, Ratification
from labourdesk.standards.selectors import CoverageIndex, last_modified

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Content-Disposition",
    "Access-Control-Max-Age": "86400",
}


def open_data_headers(response, method: str):
    """CORS for reads only (a write is refused anyway), Last-Modified from the newest dataset."""
    if method in ("GET", "HEAD", "OPTIONS"):
        for name, value in CORS_HEADERS.items():
            response[name] = value
        patch_vary_headers(response, ["Origin"])
    changed = last_modified()
    if changed and method in ("GET", "HEAD"):
        response["Last-Modified"] = http_date(changed.timestamp())
    return response


class OpenDataPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class OpenDataMixin:
    """Anonymous reads; the queryset still starts from `restrict(user, "view")` (public)."""

    permission_classes = [permissions.AllowAny]
    pagination_class = OpenDataPagination
    http_method_names = ["get", "head", "options"]

    @classmethod
    def as_view(cls, *args, **kwargs):
        # ConditionalGetMiddleware as a decorator: an ETag of the body, and 304 for a matching
        # If-None-Match or an unchanged If-Modified-Since.
        return conditional_page(super().as_view(*args, **kwargs))

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, "view")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return open_data_headers(response, request.method)


class InstrumentViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Open data, anonymous and read-only (CORS for GET; ETag and Last-Modified, 304).

    Conventions, protocols and recommendations. `ratification_coverage` says whether the
    loaded datasets cover its ratifications completely, partly, or not at all."""

    queryset = Instrument.objects.select_related("supplements", "revised_by").prefetch_related(
        "subjects"
    )
    serializer_class = InstrumentSerializer
    filterset_class = InstrumentApiFilterSet
    lookup_field = "code"
    lookup_value_regex = "[CPRcpr][0-9]{3}"

    def get_object(self):
        self.kwargs["code"] = self.kwargs["code"].upper()
        return super().get_object()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "coverage_index": CoverageIndex()}


class MemberStateViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """The 187 ILO member states. The detail carries the fundamental and governance profile,
    where `state` is `no_data` unless a dataset covers the instrument completely."""

    queryset = MemberState.objects.all()
    serializer_class = MemberStateSerializer
    filterset_fields = ["ilo_region", "income_group"]
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"

    def get_object(self):
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()

    def get_serializer_class(self):
        return MemberStateDetailSerializer if self.action == "retrieve" else MemberStateSerializer


class RatificationViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Open data, anonymous and read-only (CORS for GET; ETag and Last-Modified, 304).
    `country` takes ISO 3166 alpha-2 or alpha-3 codes (several separated by commas).

    Ratifications known to the loaded datasets (see `/api/standards/datasets/` for each
    dataset's coverage). A missing row is not a "not ratified"."""

    queryset = Ratification.objects.select_related("instrument", "country", "denounced_by")
    serializer_class = RatificationSerializer
    filterset_class = RatificationFilterSet


class DatasetViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    """Every import, its source, as-of date, file hash and coverage."""

    queryset = Dataset.objects.prefetch_related("coverage__instrument", "coverage__country")
    serializer_class = DatasetSerializer


DOWNLOAD_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class OpenDataView(APIView):
    permission_classes = [permissions.AllowAny]
    http_method_names = ["get", "head", "options"]

    @classmethod
    def as_view(cls, *args, **kwargs):
        return conditional_page(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return open_data_headers(response, request.method)


class DownloadIndexView(OpenDataView):
    """The bulk downloads: one file per table (CSV, JSON), a workbook (XLSX) with every table,
    the data dictionary and the sources."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        base = request.build_absolute_uri("/api/standards/downloads/")
        files = [
            {"table": t.name, "format": fmt, "url": f"{base}{t.name}.{fmt}"}
            for t in opendata.TABLES
            for fmt in ("csv", "json")
        ]
        files += [
            {"table": "data_dictionary", "format": fmt, "url": f"{base}data_dictionary.{fmt}"}
            for fmt in ("csv", "json")
        ]
        files.append({"table": "all", "format": "xlsx", "url": f"{base}standards.xlsx"})
        return Response({"files": files, "sources": opendata.sources()})


class DownloadView(OpenDataView):
    """One file of the bulk download: `<table>.csv`, `<table>.json`, `data_dictionary.csv|json`
    or `standards.xlsx`."""

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY),
        }
    )
    def get(self, request, name: str, fmt: str):
        if fmt not in DOWNLOAD_TYPES:
            raise Http404
        if name == "standards" and fmt == "xlsx":
            content = opendata.workbook()
        elif name == "data_dictionary" and fmt in ("csv", "json"):
            content = opendata.dictionary_csv() if fmt == "csv" else opendata.dictionary_json()
        elif name in opendata.TABLES_BY_NAME and fmt in ("csv", "json"):
            table = opendata.TABLES_BY_NAME[name]
            content = opendata.table_csv(table) if fmt == "csv" else opendata.table_json(table)
        else:
            raise Http404
        response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="labourdesk-{name}.{fmt}"'
        return response
