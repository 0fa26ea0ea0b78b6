"""Display helpers for e-mail text: quoted history folded, never removed from the raw."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from labourdesk.mail.parsing import split_quoted

register = template.Library()


@register.filter
def fold_quoted(text: str):
    """The new part of a message, then its quoted history in a closed <details>."""
    new, quoted = split_quoted(text or "")
    if not quoted:
        return format_html('<pre class="mail-text">{}</pre>', new)
    return format_html(
        '<pre class="mail-text">{}</pre><details><summary>{}</summary>'
        '<pre class="mail-text">{}</pre></details>',
        new,
        _("Quoted history"),
        quoted,
    )
