"""Links to instrument pages from other apps' templates (helpdesk cases, questionnaires)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.filter
def instrument_link(instrument):
    """`{{ instrument|instrument_link }}` → a link to the instrument's page, titled."""
    if not instrument:
        return ""
    return format_html(
        '<a href="{}" title="{}">{}</a>',
        reverse("standards:instrument_detail", kwargs={"code": instrument.code}),
        instrument.display_title,
        instrument.code,
    )


@register.filter
def instrument_links(instruments):
    """A comma-separated list of links for a queryset or list of instruments."""
    return format_html_join(", ", "{}", ((instrument_link(i),) for i in instruments))


@register.simple_tag
def instrument_title(instrument, language):
    """The title in the page's language where known; else English, marked as such (and with
    `lang="en"` for screen readers); else the number and year."""
    from django.utils.translation import gettext as _

    title, title_language = instrument.title_in(language)
    if not title:
        return instrument.display_title
    if title_language == language:
        return title
    return format_html(
        '<span lang="{}">{}</span> <span class="badge">{}</span>',
        title_language,
        title,
        _("in English") if title_language == "en" else title_language,
    )


@register.simple_tag
def country_name(state):
    return state.localized_name()
