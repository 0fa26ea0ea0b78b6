"""Request parsers of the API."""

import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser

# No request of ours nests deeper than a handful of levels; a document nested deeper than this
# is refused before any serializer, JSON field or database encoder walks it recursively.
MAX_JSON_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "request_too_large"


def json_depth_exceeds(value, limit: int) -> bool:
    """True when `value` nests lists/objects more than `limit` deep (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with three limits DRF does not set:

    - a body larger than `DATA_UPLOAD_MAX_MEMORY_SIZE` answers 413 (DRF reads the stream itself,
      so Django's own check of that setting never runs for JSON);
    - a body nested deeper than Python's recursion limit (a hundred thousand `[`) answers 400
      like any malformed JSON, not a `RecursionError` (500);
    - so does one nested deeper than `MAX_JSON_DEPTH`.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is not None and limit is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                raise RequestTooLarge(
                    _("The request body is larger than %(n)s bytes.") % {"n": limit}
                )
            stream = io.BytesIO(body)
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(
                _("JSON parse error: the document is nested too deeply.")
            ) from None
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            raise exceptions.ParseError(
                _("JSON parse error: the document is nested more than %(n)s levels deep.")
                % {"n": MAX_JSON_DEPTH}
            )
        return data
