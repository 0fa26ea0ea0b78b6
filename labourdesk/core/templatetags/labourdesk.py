"""Template helpers shared by every page: language alternates and the language switcher."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """The current page in every language: [{code, name, url, current}].

    Used for <link rel="alternate" hreflang> and for the switcher, so both keep the page.
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    result = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        result.append(
            {
                "code": code,
                "name": info["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return result


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
