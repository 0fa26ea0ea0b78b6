"""How a case thread shows its messages: rendered, sanitised HTML, line breaks kept, quoted
history folded."""

import re

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from labourdesk.helpdesk.services.markdown import sanitise_html
from labourdesk.helpdesk.services.outbound import TOKEN_MASK
from labourdesk.mail.templatetags.mail_display import fold_quoted

register = template.Library()


@register.filter
def outbound_html(message) -> str:
    """An e-mail we sent: its HTML part sanitised again (defence in depth), or its text with
    paragraphs, line breaks and links."""
    if message.body_html:
        html = sanitise_html(message.body_html)
    else:
        html = linebreaks(urlize(message.body_text, autoescape=True))
    return mark_safe(_unlink_masked(html))  # noqa: S308 (nh3 or escaped output)


# The private link as staff see it has its token masked: as a link it would lead to a 404.
_MASKED_LINK = re.compile(r"<a\b[^>]*>([^<]*" + re.escape(TOKEN_MASK) + r"[^<]*)</a>")


def _unlink_masked(html: str) -> str:
    return _MASKED_LINK.sub(r"\1", html)


@register.filter
def inquiry_html(inquiry) -> str:
    """A message we received: its new text, then its quoted history folded away."""
    return fold_quoted(inquiry.body_text)
