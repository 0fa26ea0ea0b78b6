"""How a case thread shows its messages: rendered, sanitised HTML, line breaks kept, quoted
history folded."""

from django import template
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from labourdesk.helpdesk.services.markdown import sanitise_html
from labourdesk.mail.templatetags.mail_display import fold_quoted

register = template.Library()


@register.filter
def outbound_html(message) -> str:
    """An e-mail we sent: its HTML part sanitised again (defence in depth), or its text with
    paragraphs, line breaks and links."""
    if message.body_html:
        return mark_safe(sanitise_html(message.body_html))  # noqa: S308 (nh3 output)
    return mark_safe(linebreaks(urlize(message.body_text, autoescape=True)))  # noqa: S308


@register.filter
def inquiry_html(inquiry) -> str:
    """A message we received: its new text, then its quoted history folded away."""
    return fold_quoted(inquiry.body_text)
