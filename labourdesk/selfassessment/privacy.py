"""The private link's token never reaches a log line.

`/<lang>/self-assessment/r/<token>/…` is a secret: anyone holding it reads and changes the
answers. The gunicorn access-log class (labourdesk/helpdesk/gunicorn.py) and the log filter of
Django's loggers (labourdesk/core/logfilters.py) mask it, as they do the Helpdesk's; the form
URL-encoded in a `?next=` (`%2Fself-assessment%2Fr%2F…`) is masked too.
"""

import logging
import re

TOKEN_IN_PATH = re.compile(r"(self-assessment(?:/|%2F)r(?:/|%2F))[A-Za-z0-9_-]+", re.IGNORECASE)
MASK = r"\1••••"


def mask_self_assessment_links(value: str) -> str:
    return TOKEN_IN_PATH.sub(MASK, value)


def private_page(response):
    """Headers of every page under the private link: never cached, never indexed, and the
    Referer sent to no other site."""
    from django.utils.cache import add_never_cache_headers

    add_never_cache_headers(response)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


class TokenMaskingFilter(logging.Filter):
    """On the console handler (settings.LOGGING): Django logs the path of a refused request
    ("Not Found: /en/self-assessment/r/<token>/…") and the development server every request
    line; the token is masked in both."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record is left to the handler
            return True
        if "self-assessment" in message.lower():
            record.msg, record.args = mask_self_assessment_links(message), None
        return True
