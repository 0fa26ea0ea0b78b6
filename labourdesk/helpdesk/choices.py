"""Option lists of the public Ask form, built once per language and process.

The Ask page lists 187 countries, a dozen user types and two dozen sectors. Rendering each
<option> through Django's widget templates cost about 17 ms a request, most of the page's time.
The lists change only when a manager edits a term or the reference data is reloaded, so each
process keeps the escaped <option> markup per language and rebuilds it when the version number
in the shared cache moves (bumped by the save and delete listeners below, which apps.py connects).
Only the option lists are kept: the CSRF token, the fill-time stamp and the submission key are
rendered afresh for every request.
"""

import unicodedata
from collections.abc import Callable

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language

VERSION_KEY = "helpdesk:choice-lists:version"
_built: dict[tuple[str, str], tuple[int, list[tuple[str, str, str]]]] = {}


def sort_key(label: str) -> str:
    """Alphabetical order that ignores accents and case ("Côte d'Ivoire" sorts under C)."""
    decomposed = unicodedata.normalize("NFKD", label)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _user_types(language: str) -> list[tuple[str, str]]:
    from labourdesk.helpdesk.models import UserType

    return [(t.code, t.label_in(language)) for t in UserType.objects.active()]


def _sectors(language: str) -> list[tuple[str, str]]:
    from labourdesk.helpdesk.models import Sector

    return [(t.code, t.label_in(language)) for t in Sector.objects.active()]


def _countries(language: str) -> list[tuple[str, str]]:
    from labourdesk.standards.models import MemberState

    names = [(m.iso2, m.localized_name(language)) for m in MemberState.objects.all()]
    return sorted(names, key=lambda pair: sort_key(pair[1]))


LISTS: dict[str, Callable[[str], list[tuple[str, str]]]] = {
    "user_type": _user_types,
    "sector": _sectors,
    "country": _countries,
}


def lists_version() -> int:
    return cache.get(VERSION_KEY, 0)


def lists_changed(**kwargs) -> None:
    """Signal receiver: a term or a member state changed; every process rebuilds its lists."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def options(kind: str, language: str | None = None) -> list[tuple[str, str, str]]:
    """[(value, <option> markup, the same selected)] for one list in one language, escaped."""
    language = language or get_language() or "en"
    version = lists_version()
    hit = _built.get((kind, language))
    if hit is not None and hit[0] == version:
        return hit[1]
    markup = [
        (
            value,
            format_html('<option value="{}">{}</option>', value, label),
            format_html('<option value="{}" selected>{}</option>', value, label),
        )
        for value, label in LISTS[kind](language)
    ]
    _built[(kind, language)] = (version, markup)
    return markup


class CachedSelect(forms.Select):
    """A <select> whose options come from `options(kind)`, not from the widget templates."""

    def __init__(self, kind: str, *, empty_label="", attrs=None):
        super().__init__(attrs)
        self.kind = kind
        self.empty_label = empty_label

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.kind, copy.empty_label = self.kind, self.empty_label
        return copy

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        empty = (
            '<option value="" selected>{}</option>'
            if selected == ""
            else '<option value="">{}</option>'
        )
        parts = [format_html(empty, self.empty_label)]
        for option_value, markup, markup_selected in options(self.kind):
            parts.append(markup_selected if option_value == selected else markup)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(final),
            format_html_join("", "{}", ((part,) for part in parts)),
        )
