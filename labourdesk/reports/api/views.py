"""The annual report over the API: JSON, and the files (XLSX, CSV, PDF, DOCX)."""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from labourdesk.core.api.base import ErrorSerializer
from labourdesk.core.api.exceptions import error_response
from labourdesk.core.api.filters import refuse_empty_parameters
from labourdesk.reports import exports
from labourdesk.reports.api.serializers import ReportQuerySerializer, ReportSerializer
from labourdesk.reports.selectors import build_report


class CanViewAnnualReport(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm("reports.view_annual_report"))


_ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Bad period or parameters."),
    401: ErrorSerializer,
    403: ErrorSerializer,
}


class _BadQuery(Exception):
    def __init__(self, response):
        self.response = response


def _report(request):
    repeated = sorted(k for k in request.query_params if len(request.query_params.getlist(k)) > 1)
    if repeated:
        raise _BadQuery(
            error_response(
                _("Give each parameter once."), extra={"fields": {k: [] for k in repeated}}
            )
        )
    # A query serializer reads an empty value as an absent one; the schema says what a value is.
    refuse_empty_parameters(request.query_params, list(ReportQuerySerializer().fields))
    query = ReportQuerySerializer(data=request.query_params)
    if not query.is_valid():
        errors = {k: [str(m) for m in v] for k, v in query.errors.items()}
        # The message names the problem itself ("2022-24 is not a reference period..."),
        # the field errors follow in `extra`.
        first = next(iter(errors.values()))[0]
        raise _BadQuery(error_response(first, extra={"fields": errors}))
    data = query.validated_data
    return build_report(
        data["report_period"],
        language=data["language"],
        previous=True if data["previous"] else None,
    )


class HelpdeskReportView(APIView):
    """Tables 1–5, the narrative figures and the questions per year, for one period."""

    permission_classes = [permissions.IsAuthenticated, CanViewAnnualReport]

    @extend_schema(
        operation_id="helpdesk_report",
        parameters=[ReportQuerySerializer],
        responses={200: ReportSerializer, **_ERRORS},
    )
    def get(self, request):
        try:
            report = _report(request)
        except _BadQuery as bad:
            return bad.response
        return Response(exports.report_as_dict(report))


FILE_FORMATS = ["xlsx", "csv", "pdf", "docx"]


class HelpdeskReportFileView(APIView):
    """The report as a file: XLSX (one sheet per table), CSV, PDF (A4) or DOCX."""

    permission_classes = [permissions.IsAuthenticated, CanViewAnnualReport]

    @extend_schema(
        operation_id="helpdesk_report_file",
        parameters=[
            ReportQuerySerializer,
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=FILE_FORMATS),
        ],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The file."
            ),
            404: ErrorSerializer,
            **_ERRORS,
        },
    )
    def get(self, request, fmt: str):
        if fmt not in FILE_FORMATS:
            return error_response(
                "Unknown format.", extra={"formats": FILE_FORMATS}, status_code=404
            )
        try:
            report = _report(request)
        except _BadQuery as bad:
            return bad.response
        response = HttpResponse(exports.export(report, fmt), content_type=exports.FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
        return response
