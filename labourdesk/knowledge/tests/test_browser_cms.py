"""The CMS in real Chromium under the site's Content-Security-Policy: the pages editors and
translators use render and run, with no CSP violation (the `browser` fixture fails a test on any)
and no script error. Before the template overrides and the /cms/ style policy, the translation
editor was a blank page and the scheduled-publishing date pickers never started."""

import pytest
from django.test import Client
from wagtail.models import Locale

from labourdesk.knowledge.models import QuestionPage
from labourdesk.knowledge.tests.test_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


def _source_and_french():
    source = QuestionPage.objects.filter(locale__language_code="en").first()
    return source, source.get_translation(Locale.objects.get(language_code="fr"))


def test_an_editor_edits_and_schedules_under_the_csp(browser, live_server, portal, make_user):
    source, _ = _source_and_french()
    page = _login(browser, live_server, make_user("content_editor"))
    errors = _watch_errors(page)
    for url in ["/cms/", "/cms/pages/", f"/cms/pages/{source.get_parent().pk}/add_subpage/"]:
        assert page.goto(live_server.url + url).status == 200, url
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/cms/pages/{source.pk}/edit/")
    page.wait_for_load_state("networkidle")
    # The scheduled-publishing fields' pickers started (the jQuery plugin adds its calendar).
    assert page.locator("[data-ld-chooser][data-ld-started]").count() >= 2
    assert page.locator(".xdsoft_datetimepicker").count() >= 2
    assert errors == []


def test_a_translator_translates_under_the_csp(browser, live_server, portal, make_user):
    source, french = _source_and_french()
    page = _login(browser, live_server, make_user("translator"))
    errors = _watch_errors(page)
    page.goto(f"{live_server.url}/cms/pages/{french.pk}/edit/")
    # wagtail-localize's React editor draws the source segments beside their translations.
    page.get_by_text(source.question.split("(")[0].strip()).first.wait_for()
    page.get_by_text("Download PO file").first.wait_for()
    assert errors == []


def test_submitting_a_translation_runs_its_script(browser, live_server, portal, make_user):
    source, _ = _source_and_french()
    page = _login(browser, live_server, make_user("helpdesk_manager"))
    errors = _watch_errors(page)
    page.goto(f"{live_server.url}/cms/localize/submit/page/{source.pk}/")
    select_all = page.locator('[name="select_all"]')
    if select_all.count():  # offered when a locale is still untranslated
        select_all.check()
        boxes = page.locator('[name="locales"]')
        assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert errors == []


def test_only_the_cms_allows_inline_styles_and_nowhere_inline_scripts(make_user, portal):
    client = Client()
    client.force_login(make_user("content_editor"))

    def directives(url):
        header = client.get(url)["Content-Security-Policy"]
        return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}

    cms, public = directives("/cms/pages/"), directives("/en/")
    assert "'unsafe-inline'" not in cms["script-src"]
    assert "'unsafe-inline'" in cms["style-src"]
    assert "'unsafe-inline'" not in public["script-src"]
    assert "'unsafe-inline'" not in public["style-src"]
