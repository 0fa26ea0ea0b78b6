"""Each translation in the Helpdesk's catalogues is the one its pages show.

Django merges every installed app's catalogue into one per language, and for a msgid that
several catalogues hold the first app in INSTALLED_APPS wins (Django's admin before ours,
`standards` before `helpdesk`). So "Filter" on the queue's button read "Filtre" (the admin's
noun), the case status "New" read "Nouvelle" and the e-mail "Subject" read "Sujet" (the
standards app's). A msgid whose meaning differs carries a context (pgettext); one that means
the same is translated the same everywhere.
"""

import polib
import pytest
from django.conf import settings
from django.utils import translation

APPS = ["helpdesk", "mail", "reports", "accounts"]
LANGUAGES = {"fr": "fr", "es": "es", "zh_Hans": "zh-hans", "ja": "ja", "vi": "vi"}


@pytest.mark.parametrize("app", APPS)
def test_every_translation_of_the_app_is_the_one_shown(app):
    wrong = []
    for directory, code in LANGUAGES.items():
        po_path = settings.BASE_DIR / "labourdesk" / app / "locale" / directory / "LC_MESSAGES"
        if not (po_path / "django.po").exists():
            continue
        with translation.override(code):
            for entry in polib.pofile(str(po_path / "django.po")).translated_entries():
                if entry.msgid_plural or "fuzzy" in entry.flags:
                    continue
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
                if shown != entry.msgstr:
                    wrong.append(f"{code} {entry.msgid!r}: shows {shown!r}, not {entry.msgstr!r}")
    assert not wrong, "\n".join(wrong)
