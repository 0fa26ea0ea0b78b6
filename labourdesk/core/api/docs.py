"""The API documentation pages, from our static files (drf-spectacular-sidecar), never a CDN.

Both work under the site's Content-Security-Policy without inline scripts: Swagger UI through
drf-spectacular's split view (its start-up script is a second same-origin request), ReDoc through
core/static/core/api/redoc_init.js. ReDoc's page alone relaxes two directives: its search runs in
a Web Worker made from a blob: URL, and styled-components and style-loader insert <style>
elements before ReDoc can give them a nonce, so styles (never scripts) may be inline there. Its
hard-wired "Redocly" logo from cdn.redoc.ly stays refused by img-src.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace, csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

swagger = SpectacularSwaggerSplitView.as_view(
    url_name="api-schema", template_name="core/api/swagger_ui.html"
)

redoc = csp_replace({"style-src": [SELF, UNSAFE_INLINE]})(
    csp_update({"worker-src": [SELF, "blob:"]})(
        SpectacularRedocView.as_view(url_name="api-schema", template_name="core/api/redoc.html")
    )
)
