"""Anonymous portal pages: cached per language, with ETag / Last-Modified and 304.

The cache key carries a generation number that every publish and unpublish bumps (signals.py),
so a published change shows at the next request, on every web process that shares the cache,
without walking the tree to find which pages list the changed one.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

GENERATION_KEY = "knowledge:portal-generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    return int(value)


def invalidate() -> None:
    """Every cached portal page becomes stale at once."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD") or request.GET:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    if getattr(request, "is_preview", False):
        return False
    return not len(messages.get_messages(request))


def page_key(request) -> str:
    return (
        f"knowledge:page:{generation()}:{get_language()}:"
        f"{hashlib.sha256(request.path.encode()).hexdigest()}"
    )


def cached_response(request):
    """The cached answer for this anonymous request, before Wagtail routes it (routing a page
    costs the site, locale and tree queries: most of a request), or None. Filled by
    `CachedPageMixin.serve` on the first visit."""
    if not _cacheable(request):
        return None
    cached = cache.get(page_key(request))
    return None if cached is None else _respond(request, cached)


def _respond(request, cached: dict):
    # The website statistics count the page under its theme (labourdesk/analytics).
    request.analytics_theme = cached.get("theme", "")
    # The whole answer may be kept at the front of the stack (early_cache.py).
    request.portal_cached_page = True
    response = HttpResponse(cached["body"], content_type=cached["content_type"])
    response["ETag"] = cached["etag"]
    if cached["last_modified"]:
        response["Last-Modified"] = cached["last_modified"]
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    conditional = get_conditional_response(
        request,
        etag=cached["etag"],
        last_modified=None,
        response=response,
    )
    return conditional or response


class CachedPageMixin:
    """Page.serve with a per-language cache for anonymous visitors and conditional GET."""

    def serve(self, request, *args, **kwargs):
        # A page behind a view restriction (password, sign-in, groups) is never cached: the
        # cache answers before Wagtail checks restrictions.
        if not _cacheable(request) or self.get_view_restrictions().exists():
            request.analytics_theme = self.analytics_theme()
            response = super().serve(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie", "Accept-Language"])
            return response
        key = page_key(request)
        cached = cache.get(key)
        if cached is None:
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if response.status_code != 200:
                return response
            body = response.content
            etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
            modified = self.last_published_at or self.latest_revision_created_at
            cached = {
                "body": body,
                "etag": etag,
                "last_modified": http_date(modified.timestamp()) if modified else None,
                "content_type": response.get("Content-Type", "text/html; charset=utf-8"),
                "theme": self.analytics_theme(),
            }
            cache.set(key, cached, settings.PORTAL_CACHE_SECONDS)
        return _respond(request, cached)


def serve(request, path=""):
    """Wagtail's page view, answering from the cache first."""
    from wagtail.views import serve as wagtail_serve

    return cached_response(request) or wagtail_serve(request, path)
