"""The answer while the database is unreachable: 503 with Retry-After, never a traceback.

Django calls handler500 inside the `except` block of the failed request, so the exception is in
`sys.exc_info()`. A lost connection (OperationalError, InterfaceError: PostgreSQL restarting, the
network gone) is not a bug of ours: it gets a 503 that says to try again — a plain page, rendered
without context processors (they would need the database), or the API's JSON envelope. Django
closes a connection that raised, and CONN_HEALTH_CHECKS makes the next request open a new one, so
the application recovers by itself when the database is back.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30


def database_unavailable() -> bool:
    """True when the exception being handled is a lost or refused database connection."""
    exc = sys.exc_info()[1]
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def outage_response(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "message": _("The service is temporarily unavailable. Please try again shortly."),
                "extra": {"code": "service_unavailable", "retry_after": RETRY_AFTER_SECONDS},
            },
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
