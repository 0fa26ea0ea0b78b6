"""One sitemap per language (Wagtail's sitemap of that locale's tree) behind one index."""

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap


class LocaleSitemap(Sitemap):
    def __init__(self, language: str, request=None):
        super().__init__(request=request)
        self.language = language

    def items(self):
        from labourdesk.knowledge.models import HomePage

        home = HomePage.objects.filter(locale__language_code=self.language).first()
        if home is None:
            return []
        return home.get_descendants(inclusive=True).live().public().order_by("path").specific()


def sitemaps_for(request) -> dict:
    return {code: LocaleSitemap(code, request=request) for code, _name in settings.LANGUAGES}
