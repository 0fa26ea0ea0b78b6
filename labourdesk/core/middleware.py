"""Project middleware: response headers that every view must get, whoever wrote the view."""

import re

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# Pages that are confidential whoever asks: the requester's private link (/<lang>/helpdesk/c/…/),
# the admin (its login page included), and every API answer.
_CONFIDENTIAL_PATH = re.compile(r"^/(api/|[a-z]{2}(-[a-z]+)?/(helpdesk/c/|admin/))")


class NoStoreMiddleware:
    """`Cache-Control: no-store` (with private, no-cache, max-age=0) on every page a signed-in
    user sees, on the requester's private page, on the admin and on every API response.

    One place rather than a decorator per view: a new staff page cannot forget it. Public pages
    seen anonymously keep whatever caching their view chose. The `user` is looked at only if the
    authentication middleware set it, and `user.is_authenticated` reads the session lazily.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if _CONFIDENTIAL_PATH.match(request.path) or getattr(user, "is_authenticated", False):
            add_never_cache_headers(response)
        return response


class UploadLimitMiddleware:
    """413 for a request body larger than UPLOAD_MAX_BYTES, before anything reads it.

    It sits before the CSRF middleware (which reads the form) and after the locale middleware, so
    that the page is in the visitor's language; under /api/ the answer is the API's envelope.
    The declared Content-Length is what counts: a body without one is never read by Django
    beyond zero bytes, and a body longer than it declares is cut at it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES
        if length > limit:
            return request_too_large(request, limit)
        return self.get_response(request)


def request_too_large(request, limit: int):
    message = _("The upload is too large: at most %(max)s can be sent at once.") % {
        "max": filesizeformat(limit)
    }
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"message": message, "extra": {"code": "request_too_large", "max_bytes": limit}},
            status=413,
        )
    return render(request, "413.html", {"message": message}, status=413)


class AuditActorMiddleware:
    """Makes the signed-in user the actor of audit entries written by listeners during this
    request (labourdesk.core.audit.current_actor). Services keep passing `actor` explicitly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from labourdesk.core.audit import acting_as

        with acting_as(getattr(request, "user", None)):
            return self.get_response(request)
