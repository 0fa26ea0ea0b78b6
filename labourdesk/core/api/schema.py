"""The OpenAPI schema tells the truth about errors: a drf-spectacular postprocessing hook adds,
to every operation, the error statuses the API can answer, each in the envelope. The filter
parameters say what the filter backend accepts (`StrictFilterExtension`, loaded by the core app).

Adding them once here, rather than in every `extend_schema`, keeps new endpoints honest too.
An operation's own description of a status (written with `extend_schema`) is kept.
"""

import copy

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

ERROR_COMPONENT = "Error"
_ERROR_SCHEMA = {
    "type": "object",
    "description": "The error envelope.",
    "properties": {
        "message": {"type": "string", "description": "What went wrong, in plain language."},
        "extra": {
            "type": "object",
            "additionalProperties": {},
            "description": "Details: field errors, codes.",
        },
    },
    "required": ["message", "extra"],
}

# Every operation can answer these: bad parameters, not signed in, no permission, an unknown
# or out-of-scope object (or page), a content type it cannot render, and the throttle.
COMMON_ERRORS = {
    "400": _("Invalid input: field errors are in `extra.fields`."),
    "401": _("Not signed in (token or session)."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("No such object, or not one you may see (the two are not told apart)."),
    "406": _("The requested response type is not available."),
    "429": _("Too many requests: wait `Retry-After` seconds (also in `extra.wait`)."),
}
# Operations that take a body can also answer these.
BODY_ERRORS = {
    "413": _("The request body is too large."),
    "415": _("The request body's content type is not accepted."),
}
_METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


def _error_response(description: str, status: str) -> dict:
    response = {
        "description": str(description),
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}
        },
    }
    if status == "429":
        response["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": "Seconds to wait before the next request.",
            }
        }
    return response


# Answered by the web server (gunicorn) before Django sees the request: a request line longer than
# its limit (4094 bytes by default). Its page is plain HTML, not the envelope: said so here.
URI_TOO_LONG = {
    "description": "Request line too long: answered by the web server, before the API.",
    "content": {"text/html": {"schema": {"type": "string"}}},
}


def document_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault(ERROR_COMPONENT, _ERROR_SCHEMA)
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if "requestBody" in operation:
                errors.update(BODY_ERRORS)
            for status, description in errors.items():
                responses.setdefault(status, _error_response(description, status))
            responses.setdefault("414", copy.deepcopy(URI_TOO_LONG))
            for parameter in operation.get("parameters", []):
                _document_nul_refusal(parameter)
    return result


# A string parameter with a NUL character is refused (400: Django's form fields say "Null
# characters are not allowed."); without this the schema would call such a request valid.
NO_NUL_PATTERN = r"^[^\x00]*$"


def _document_nul_refusal(parameter: dict) -> None:
    schema = parameter.get("schema", {})
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    if parameter.get("in") != "query" or schema.get("type") != "string":
        return
    if not any(key in schema for key in ("enum", "format", "pattern")):
        schema["pattern"] = NO_NUL_PATTERN


class StrictFilterExtension(DjangoFilterExtension):
    """The `?field=` parameters of `StrictFilterBackend`, as it validates them: integers with
    their bounds, strings non-empty and no longer than the filter's `max_length`."""

    target_class = "labourdesk.core.api.filters.StrictFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        extra = filter_field.extra
        for parameter in parameters:
            schema = parameter["schema"]
            if schema.get("type") == "array":
                schema = schema.get("items", {})
            if schema.get("type") == "integer":
                if extra.get("min_value") is not None:
                    schema["minimum"] = extra["min_value"]
                if extra.get("max_value") is not None:
                    schema["maximum"] = extra["max_value"]
            elif schema.get("type") == "string" and "enum" not in schema:
                schema.setdefault("minLength", 1)
                if extra.get("max_length"):
                    schema["maxLength"] = extra["max_length"]
        return parameters
