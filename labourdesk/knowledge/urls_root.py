"""Portal URLs without a language prefix: Wagtail's admin, documents, sitemaps, robots.txt."""

from django.urls import include, path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from labourdesk.knowledge import views

urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", views.sitemap_index, name="knowledge_sitemap_index"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="knowledge_sitemap"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
