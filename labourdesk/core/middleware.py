"""Project middleware: response headers that every view must get, whoever wrote the view."""

import re

from django.utils.cache import add_never_cache_headers

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
