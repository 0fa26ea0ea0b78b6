"""One error envelope for the whole API: {"message": ..., "extra": {...}}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _django_validation_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for m in errs.messages] if hasattr(errs, "messages") else errs
            for field, errs in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    # Services raise Django's ValidationError; the API answers 400 rather than 500.
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_validation_detail(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args[:1])
    elif isinstance(exc, RequestDataTooBig):
        from labourdesk.core.api.parsers import RequestTooLarge

        exc = RequestTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        # Too many form fields, a malformed multipart body...: the client's fault, said once.
        exc = exceptions.ParseError(_("The request could not be read."))

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500 handling and logging take over

    if isinstance(exc, exceptions.ValidationError):
        message = _("Validation error")
        extra = {"fields": response.data}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else response.data
        message = str(detail) if detail is not None else _("Error")
        extra = {}
        code = getattr(exc, "default_code", None)
        if code:
            extra["code"] = getattr(getattr(exc, "detail", None), "code", code)
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            extra["wait"] = exc.wait
    response.data = {"message": message, "extra": extra}
    # Errors are JSON whatever the endpoint renders otherwise (the YAML schema, the browsable
    # API's HTML): DRF renders the response with the request's negotiated renderer.
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    return response


def error_response(
    message: str, *, extra: dict | None = None, status_code=status.HTTP_400_BAD_REQUEST
):
    """Build an envelope response by hand (workflow views refusing a step)."""
    return Response({"message": message, "extra": extra or {}}, status=status_code)


def is_api_request(request) -> bool:
    return request.path_info.startswith("/api/")


def envelope_json(message: str, *, status_code: int, extra: dict | None = None) -> JsonResponse:
    """The envelope outside DRF: Django's own 400/403/404/500 and the rate-limit page, when the
    path is under /api/ (an unknown /api/ path, an error before or after the view)."""
    return JsonResponse({"message": str(message), "extra": extra or {}}, status=status_code)
