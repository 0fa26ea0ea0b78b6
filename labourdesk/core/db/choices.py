"""`get_FOO_display()` without rebuilding the choices on every call.

Django's `Model._get_FIELD_display` builds a dict of the field's choices, hashing every lazy
label (a translation lookup each), on each call: on a list of 266 instruments with three such
columns that was half of the page's 180 ms. `ChoiceLabelsMixin` keeps, per field and language,
the labels as plain strings.
"""

from functools import lru_cache

from django.utils.encoding import force_str
from django.utils.translation import get_language


@lru_cache(maxsize=1024)
def _labels(field, language: str | None) -> dict:
    # Called with `language` active: str() resolves each lazy label in it.
    return {value: force_str(label) for value, label in field.flatchoices}


class ChoiceLabelsMixin:
    """For models whose choice labels are shown in long lists."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            return _labels(field, get_language()).get(value, force_str(value, strings_only=True))
        except TypeError:  # an unhashable value: Django's own way
            return super()._get_FIELD_display(field)
