"""Wagtail's page URLs under /<lang>/, last in the i18n patterns.

Wagtail's own pattern matches every path, which would make Django's LocaleMiddleware take any
unknown address (/de/, /xx/…) for a page of the default language and redirect it there instead
of answering 404. Here a path is a page path only when its first segment is a section of the
portal (a page directly under a locale's home), so unknown addresses stay plain 404s.
"""

from django.core.cache import cache
from django.urls import path, register_converter
from wagtail import views
from wagtail.models import Page

from labourdesk.knowledge import caching


def _section_slugs() -> frozenset[str]:
    key = f"knowledge:sections:{caching.generation()}"
    slugs = cache.get(key)
    if slugs is None:
        slugs = frozenset(Page.objects.filter(depth=3).values_list("slug", flat=True))
        cache.set(key, slugs, 3600)
    return slugs


class PagePathConverter:
    regex = r"(?:[\w\-]+/)*"

    def to_python(self, value: str) -> str:
        if value and value.split("/", 1)[0] not in _section_slugs():
            raise ValueError("not a portal section")
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(PagePathConverter, "portalpage")

urlpatterns = [
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        views.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    # Wagtail's page view, answering an anonymous visitor from the page cache first.
    path("<portalpage:path>", caching.serve, name="wagtail_serve"),
]
