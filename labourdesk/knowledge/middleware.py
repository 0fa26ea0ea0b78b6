"""The CMS under the site's Content-Security-Policy.

Scripts stay as strict in Wagtail's admin as everywhere: no inline script runs without the nonce
(the few inline scripts of Wagtail and wagtail-localize carry it through template overrides, and
the date pickers start from a static file). Styles are the one exception, under /cms/ only: the
translation editor of wagtail-localize (styled-components) and Wagtail's panels write inline
styles, which a nonce cannot cover (a policy with a nonce ignores 'unsafe-inline', and style
attributes take no nonce). Without it the translation editor is a blank page.
"""

from csp.constants import SELF, UNSAFE_INLINE
from django.urls import reverse

CMS_STYLE_SRC = [SELF, UNSAFE_INLINE]


class CmsContentSecurityPolicy:
    """Placed after django-csp's middleware, so that its answer is set before that one writes the
    header."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if self.prefix is None:
            self.prefix = reverse("wagtailadmin_home")
        if request.path.startswith(self.prefix):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace["style-src"] = CMS_STYLE_SRC
            response._csp_replace = replace
        return response
