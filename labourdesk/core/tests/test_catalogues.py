"""Every user-facing string is translated in EN/FR/ES; catalogues are up to date and compile.

The check extracts the strings again with Django's makemessages (GNU gettext) into a copy of
each app and compares them with the committed catalogues.
"""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

APPS_ROOT = settings.BASE_DIR / "labourdesk"
COMPLETE = [lang for lang in settings.COMPLETE_LANGUAGES if lang != "en"]


def _catalogue_dirs():
    return sorted(p for p in APPS_ROOT.glob("*/locale") if p.is_dir())


def _extract(source: Path, tmp: Path, lang: str) -> set[str]:
    """msgids makemessages finds in `source` (an app, or the project's templates)."""
    work = tmp / source.name
    shutil.copytree(
        source, work, ignore=shutil.ignore_patterns("locale", "tests", "migrations", "__pycache__")
    )
    (work / "locale").mkdir()
    subprocess.run(
        [
            str(Path(settings.BASE_DIR) / ".venv/bin/django-admin"),
            "makemessages",
            "-l",
            lang,
            "--no-location",
            "--no-wrap",
            "-e",
            "html,txt,py",
            "--ignore",
            "tests/*",
        ],
        cwd=work,
        check=True,
        capture_output=True,
    )
    po = polib.pofile(str(work / "locale" / lang / "LC_MESSAGES" / "django.po"))
    return {e.msgid for e in po if not e.obsolete}


@pytest.mark.parametrize("lang", COMPLETE)
def test_every_string_is_translated(lang, tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    missing = {}
    for app in sorted(p for p in APPS_ROOT.iterdir() if (p / "apps.py").exists()):
        found = _extract(app, tmp_path / lang, lang)
        po_path = app / "locale" / lang / "LC_MESSAGES" / "django.po"
        translated = set()
        if po_path.exists():
            translated = {
                e.msgid
                for e in polib.pofile(str(po_path)).translated_entries()
                if "fuzzy" not in e.flags
            }
        gaps = sorted(found - translated)
        if gaps:
            missing[app.name] = gaps
    assert not missing, f"untranslated strings in {lang}: {missing}"


def test_catalogues_compile(tmp_path):
    """Every catalogue compiles; those of the complete languages are complete: every entry
    translated, none fuzzy (a fuzzy entry is not used at run time)."""
    incomplete = {}
    for directory in _catalogue_dirs():
        for po_path in directory.glob("*/LC_MESSAGES/django.po"):
            po = polib.pofile(str(po_path))
            po.save_as_mofile(str(tmp_path / "out.mo"))  # raises on a broken catalogue
            if po_path.parents[1].name in COMPLETE:
                gaps = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
                if gaps or po.percent_translated() != 100:
                    incomplete[str(po_path.relative_to(APPS_ROOT))] = gaps
    assert not incomplete, f"incomplete catalogues: {incomplete}"


# Chinese, Japanese and Vietnamese are the portal's "main pages" languages (SYSTEM.md); every app
# is complete in them too: every string makemessages finds is translated, as in EN/FR/ES.
PARTIAL = ["zh_Hans", "ja", "vi"]
COMPLETE_IN_PARTIAL = sorted(p.name for p in APPS_ROOT.iterdir() if (p / "apps.py").exists())


@pytest.mark.parametrize("lang", PARTIAL)
def test_main_apps_are_complete_in_chinese_japanese_and_vietnamese(lang, tmp_path):
    if not shutil.which("xgettext"):
        pytest.skip("GNU gettext (xgettext) is not installed: apt-get install gettext")
    missing = {}
    for name in COMPLETE_IN_PARTIAL:
        app = APPS_ROOT / name
        found = _extract(app, tmp_path / lang, lang)
        po = polib.pofile(str(app / "locale" / lang / "LC_MESSAGES" / "django.po"))
        translated = {e.msgid for e in po.translated_entries() if "fuzzy" not in e.flags}
        gaps = sorted(found - translated)
        if gaps:
            missing[name] = gaps
    assert not missing, f"untranslated strings in {lang}: {missing}"
