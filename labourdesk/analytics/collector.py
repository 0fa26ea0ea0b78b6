"""Collection: one page view for every successful GET of a public page, recorded after the
response has gone out and written in batches, so that counting never slows a page.

Excluded: signed-in users (staff), robots (crawlerdetect's maintained list), prefetch and
preview requests, HEAD and every other method, errors and redirects, anything that is not an
HTML page, and the non-public areas (API, admin, CMS, staff workspaces, the requester's private
page, static and media files).

The buffer lives in each web process: ANALYTICS_BUFFER_SIZE views or ANALYTICS_FLUSH_SECONDS,
whichever comes first, then one bulk insert (and at process exit). A crash loses at most one
buffer of page views, never a page.
"""

import atexit
import ipaddress
import logging
import re
import threading
import time
import uuid
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from labourdesk.analytics import geo, privacy, sources
from labourdesk.analytics.models import Device, PageView

logger = logging.getLogger("labourdesk.analytics")

VISIT_SECONDS = 30 * 60
PRIVATE_AREAS = (
    "helpdesk/",
    "self-assessment/r/",  # the private link
    "accounts/",
    "admin/",
    "cms/",
    "reports/",
    "statistics/",
    "standards/import/",
    "jsi18n/",
)
NEVER = ("/api/", "/static/", "/media/", "/cms/", "/admin/", "/i18n/", "/healthz", "/favicon")
PREFETCH_HEADERS = ("HTTP_PURPOSE", "HTTP_SEC_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)


def client_ip(request) -> str:
    """The socket's address, or — behind TRUSTED_PROXY_COUNT proxies — the address the
    outermost trusted proxy saw, from X-Forwarded-For. A malformed header gives ""."""
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if trusted <= 0:
        return remote
    forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "")[:2048].split(",")]
    forwarded = [p for p in forwarded if p]
    if len(forwarded) < trusted:
        return ""
    candidate = forwarded[-trusted]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return ""


@lru_cache(maxsize=1)
def _crawlers():
    """One detector per process: its patterns and its cache of answers serve every request."""
    from crawlerdetect import CrawlerDetect

    return CrawlerDetect()


def is_bot(user_agent: str) -> bool:
    if not user_agent:
        return True
    return _crawlers().is_crawler(user_agent[:1000])


def device_of(user_agent: str) -> str:
    ua = user_agent[:1000]
    if re.search(r"iPad|Tablet|Kindle|Silk|PlayBook|Android(?!.*Mobile)", ua):
        return Device.TABLET
    if re.search(r"Mobi|iPhone|iPod|Android.*Mobile|Windows Phone", ua):
        return Device.MOBILE
    if re.search(r"Windows|Macintosh|X11|Linux|CrOS", ua):
        return Device.DESKTOP
    return Device.OTHER


@lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    return frozenset(code for code, _name in settings.LANGUAGES)


def _public_path(path: str) -> bool:
    if path.startswith(NEVER):
        return False
    parts = path.lstrip("/").split("/", 1)
    rest = parts[1] if len(parts) > 1 and parts[0] in _languages() else path.lstrip("/")
    return not rest.startswith(PRIVATE_AREAS)


def should_count(request, response) -> bool:
    if request.method != "GET" or not 200 <= response.status_code < 300:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if any(
        request.META.get(h, "").lower() in {"prefetch", "preview", "prerender"}
        for h in PREFETCH_HEADERS
    ):
        return False
    if not _public_path(request.path):
        return False
    return not is_bot(request.META.get("HTTP_USER_AGENT", ""))


def _title(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    match = TITLE.search(response.content[:8192])
    if not match:
        return ""
    text = match.group(1).decode("utf-8", "replace")
    return re.sub(r"\s+", " ", text).split(" · LabourDesk")[0].strip()[:300]


class Buffer:
    def __init__(self):
        self.lock = threading.Lock()
        self.items: list[PageView] = []
        self.since = time.monotonic()

    def add(self, view: PageView) -> None:
        with self.lock:
            self.items.append(view)
            full = len(self.items) >= settings.ANALYTICS_BUFFER_SIZE
            old = time.monotonic() - self.since >= settings.ANALYTICS_FLUSH_SECONDS
        if full or old:
            self.flush()

    def flush(self) -> int:
        with self.lock:
            items, self.items, self.since = self.items, [], time.monotonic()
        if items:
            try:
                PageView.objects.bulk_create(items, batch_size=500)
            except Exception:  # never let counting break anything; say what was lost
                logger.exception("analytics: %d page views could not be written", len(items))
                return 0
        return len(items)


buffer = Buffer()
atexit.register(buffer.flush)


def _now():
    return timezone.now()


def build_page_view(request, response) -> PageView | None:
    now = _now()
    day = privacy.local_day(now)
    host = request.get_host().lower()[:255] if request.META.get("HTTP_HOST") else ""
    ip = client_ip(request)
    ua = request.META.get("HTTP_USER_AGENT", "")[:1000]
    today_salt = privacy.salt_for(day, create=True)
    yesterday = privacy.salt_for(day - timezone.timedelta(days=1), create=False)
    visitor = privacy.visitor_hash(today_salt, ip, ua, host)
    candidates = [visitor]
    if yesterday is not None:
        candidates.append(privacy.visitor_hash(yesterday, ip, ua, host))
    visit = None
    for key in candidates:
        found = cache.get(f"analytics:visit:{key}")
        # A visit ends after 30 minutes without a page view (the time is kept in the entry
        # itself; the cache's own expiry only clears it away).
        if found and 0 <= now.timestamp() - found["last"] <= VISIT_SECONDS:
            visit = found
            break
    entry = visit is None
    if entry:
        source, ref_host = sources.classify(
            referrer=request.META.get("HTTP_REFERER", ""),
            query_string=request.META.get("QUERY_STRING", ""),
            own_host=host,
        )
        visit = {"id": uuid.uuid4().hex, "visitor": visitor, "source": source, "ref": ref_host}
    visit["last"] = now.timestamp()
    cache.set(f"analytics:visit:{visit['visitor']}", visit, VISIT_SECONDS + 60)
    return PageView(
        at=now,
        day=day,
        path=request.path[:500],
        title=_title(response),
        language=(get_language() or "")[:10],
        theme=str(getattr(request, "analytics_theme", "") or "")[:100],
        country=geo.country_of(ip),
        referrer_host=visit["ref"],
        source=visit["source"],
        device=device_of(ua),
        visitor=visit["visitor"],
        visit=visit["id"],
        entry=entry,
    )


def count_after_response(request, response, *, language: str | None = None) -> None:
    """Count this response as a page view once the server has sent it, if it is one to count."""
    if not settings.ANALYTICS_ENABLED:
        return
    try:
        counted = should_count(request, response)
    except Exception:
        logger.exception("analytics: could not decide whether to count %s", request.path)
        counted = False
    if not counted:
        return
    language = language or get_language()

    def record():
        try:
            from django.utils import translation

            with translation.override(language):
                view = build_page_view(request, response)
            if view is not None:
                buffer.add(view)
        except Exception:
            logger.exception("analytics: a page view was dropped")

    response._resource_closers.append(record)


class PageViewMiddleware:
    """Counts after the response is sent: the work runs when the server closes the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        count_after_response(request, response)
        return response
