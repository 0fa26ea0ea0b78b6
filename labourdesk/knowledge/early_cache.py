"""The portal's cached pages answered at the front of the middleware stack.

`caching.py` answers an anonymous portal page from the cache before Wagtail routes it; the
request still crossed sessions, locale, CSRF, authentication, messages, CSP and the other
middlewares on the way in and out, which cost as much again as the answer itself. A request that
carries no cookie at all and no query string cannot have a session, a message, a CSRF token or a
signed-in user, so the whole answer — body and the headers those middlewares wrote — is the same
for every such visitor: this middleware keeps it, keyed by the same generation number that every
publish bumps, and replays it right after WhiteNoise. The website statistics still count it
(`analytics.collector.count_after_response`); SecurityMiddleware, placed before, still sets its
headers. Any request with a cookie, a query string or another method takes the full stack.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

from labourdesk.knowledge.caching import generation

# Written per response by the server or recomputed here; never replayed.
_NOT_KEPT = {"set-cookie", "date", "content-length"}


def _eligible(request) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not request.META.get("HTTP_COOKIE")
    )


def _key(path: str) -> str:
    return f"knowledge:early:{generation()}:{hashlib.sha256(path.encode()).hexdigest()}"


class EarlyPortalCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = _key(request.path)
        kept = cache.get(key)
        if kept is not None:
            return self._replay(request, kept)
        response = self.get_response(request)
        if (
            getattr(request, "portal_cached_page", False)
            and response.status_code == 200
            and not response.cookies
            and "nonce-" not in response.get("Content-Security-Policy", "")
        ):
            cache.set(
                key,
                {
                    "body": response.content,
                    "headers": [
                        (name, value)
                        for name, value in response.items()
                        if name.lower() not in _NOT_KEPT
                    ],
                    "language": getattr(request, "LANGUAGE_CODE", ""),
                    "theme": getattr(request, "analytics_theme", ""),
                },
                settings.PORTAL_CACHE_SECONDS,
            )
        return response

    def _replay(self, request, kept: dict):
        from labourdesk.analytics.collector import count_after_response

        response = HttpResponse(kept["body"])
        for name, value in kept["headers"]:
            response[name] = value
        request.analytics_theme = kept["theme"]
        # Django answers the same response when no condition applies, else a 304 (not counted,
        # as in the full stack).
        response = get_conditional_response(request, etag=response.get("ETag"), response=response)
        count_after_response(request, response, language=kept["language"])
        return response
