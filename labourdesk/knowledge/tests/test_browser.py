"""The portal in real Chromium: the journey from a closed case to a French Q&A found by search,
and axe-core on every page type in en, fr and zh-hans."""

import json
import re

import pytest
from django.test import Client

from labourdesk.core.testing.a11y import assert_no_axe_violations
from labourdesk.knowledge import services
from labourdesk.knowledge.models import QuestionPage
from labourdesk.knowledge.tests.conftest import closed_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    return page


def test_journey_case_to_french_qa(page, browser, live_server, reference_data, make_user):
    expert, manager = make_user("helpdesk_expert"), make_user("helpdesk_manager")
    editor = make_user("content_editor")
    case = closed_case(
        expert,
        manager,
        question="I am Zoé Quentin of Quentin Textiles. Mr Dupont asks about overtime records.",
        answer="Dear Zoé Quentin, overtime should be recorded in a register.",
        name="Zoé Quentin",
        organisation="Quentin Textiles",
    )
    # 1. The expert proposes the closed case.
    staff = _login(browser, live_server, expert)
    staff.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    staff.get_by_role("button", name="Propose for publication").click()
    staff.wait_for_load_state()
    qa = QuestionPage.objects.get(source_case=case)
    # 2. The editor reviews the anonymisation: replacements highlighted, suspects listed.
    ed = _login(browser, live_server, editor)
    ed.goto(f"{live_server.url}/cms/knowledge/qa/{qa.pk}/anonymisation/")
    assert ed.locator("mark.ld-replacement").count() >= 2
    assert "Zoé" not in ed.content()
    assert ed.locator("mark.ld-suspect", has_text="Mr Dupont").count() >= 1
    while ed.get_by_role("button", name="Fix").count():
        ed.get_by_role("button", name="Fix").first.click()
        ed.wait_for_load_state()
    assert ed.locator("mark.ld-suspect").count() == 0
    # 3. The editor submits to the "Portal review" workflow; a helpdesk manager approves, which
    # publishes. (Wagtail's own workflow API: the editor's action menu is not clicked here.)
    qa.refresh_from_db()
    revision = qa.get_latest_revision()
    state = qa.get_workflow().start(qa, editor)
    task_state = state.current_task_state
    assert task_state.task.specific.get_actions(qa, editor) == []  # not the submitter
    task_state.task.specific.on_action(task_state, manager, "approve")
    qa.refresh_from_db()
    assert qa.live and qa.live_revision_id == revision.pk
    # 4. The French translation (wagtail-localize) is published.
    services.page_translate(
        actor=editor,
        page=qa,
        language="fr",
        strings={
            "title": "Registre des heures supplémentaires",
            "question": "Comment tenir le registre des heures supplémentaires ?",
            "answer": "Les heures supplémentaires devraient figurer dans un registre distinct.",
        },
    )
    fr = qa.get_translations().get(locale__language_code="fr")
    # 5. A visitor searches in French and finds it.
    page.goto(f"{live_server.url}/fr/search/?q=registre")
    page.get_by_role("link", name="Registre des heures supplémentaires").click()
    page.wait_for_load_state()
    html = page.content()
    docs = [json.loads(d) for d in re.findall(r'application/ld\+json">(.*?)</script>', html, re.S)]
    assert any(d["@type"] == "QAPage" for d in docs)
    en_url = f"{live_server.url}{qa.url}"
    assert f'hreflang="en" href="{en_url}"' in html.replace("&amp;", "&")
    page.goto(en_url)
    assert f'hreflang="fr" href="{live_server.url}{fr.url}"' in page.content()
    # 6. The English source changes: the French page says it may be out of date.
    source = QuestionPage.objects.get(pk=qa.pk)
    source.question = source.question + " (edited)"
    source.save_revision(user=manager).publish()
    page.goto(f"{live_server.url}{fr.url}")
    assert page.locator(".notice-outdated").count() == 1


PATHS = [
    "/{lang}/",
    "/{lang}/demo-working-time/",
    "/{lang}/qa/",
    "/{lang}/qa/demo-overtime-records/",
    "/{lang}/countries/",
    "/{lang}/countries/france/",
    "/{lang}/company-union-dialogue/",
    "/{lang}/partnerships/",
    "/{lang}/search/?q=demo",
    "/{lang}/dialogue/request/",
]


@pytest.mark.parametrize("lang", ["en", "fr", "zh-hans"])
def test_axe_every_page_type(page, live_server, portal, lang):
    for path in PATHS:
        if path.endswith("/partnerships/"):
            path = "/{lang}/public-private-partnerships/"
        response = page.goto(live_server.url + path.format(lang=lang))
        assert response.status == 200, path
        assert_no_axe_violations(page)
