"""Root URLs. Pages carry the language (/en/, /fr/, ...); the API and /healthz do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from drf_spectacular.views import SpectacularAPIView

from labourdesk.core import views as core_views
from labourdesk.core.api import docs as api_docs

# Each domain app owns its page paths (/ask/, /helpdesk/...) and its API under /api/<app>/.
DOMAIN_APPS = ["standards", "helpdesk", "mail", "compliance", "reports"]

api_patterns = [
    path("core/", include("labourdesk.core.api.urls")),
    *[path(f"{app}/", include(f"labourdesk.{app}.api.urls")) for app in DOMAIN_APPS],
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # From our static files, under the CSP: labourdesk/core/api/docs.py.
    path("docs/", api_docs.swagger, name="api-docs"),
    path("redoc/", api_docs.redoc, name="api-redoc"),
]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/", include(api_patterns)),
    path("", include("labourdesk.knowledge.urls_root")),  # /cms/, sitemaps, robots.txt
    path("", core_views.root_redirect, name="root"),
]

urlpatterns += i18n_patterns(
    # The portal's home, search and feed first: its "" is the home page of /<lang>/.
    path("", include("labourdesk.knowledge.urls")),
    path("", include("labourdesk.core.urls")),
    path("accounts/", include("labourdesk.accounts.urls")),
    *[path("", include(f"labourdesk.{app}.urls")) for app in DOMAIN_APPS],
    path("", include("labourdesk.analytics.urls")),
    path("", include("labourdesk.selfassessment.urls")),
    path("admin/", admin.site.urls),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    # Wagtail's pages last: its catch-all must not shadow the apps' own paths.
    path("", include("labourdesk.knowledge.urls_pages")),
    prefix_default_language=True,
)

handler400 = "labourdesk.core.views.bad_request"
handler403 = "labourdesk.core.views.permission_denied"
handler404 = "labourdesk.core.views.page_not_found"
handler500 = "labourdesk.core.views.server_error"

if settings.DEBUG:  # pragma: no cover - development only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
