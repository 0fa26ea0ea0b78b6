"""The case page in real Chromium: the width at 1366 px with a long diff, the two columns and
the phone layout, the instruments picker's filter, and landing on the queue after sign-in."""

import pytest
from django.test import Client

from labourdesk.core.testing.actors import create_actor
from labourdesk.helpdesk.services import drafts, workflow
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff(browser, live_server, user, width=1366):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _drafting_case(expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    drafts.draft_save(actor=expert, case=case, body_markdown="Short first version.")
    long_line = "https://example.org/" + "a-very-long-path-without-spaces-" * 60
    drafts.draft_save(actor=expert, case=case, body_markdown=f"Second version.\n\n{long_line}")
    return case


def test_long_diff_never_widens_the_page_and_the_thread_sits_beside_the_work(
    browser, live_server, reference_data
):
    expert = create_actor("helpdesk_expert")
    case = _drafting_case(expert)
    page = _staff(browser, live_server, expert, width=1366)
    page.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    page.locator("details.diff-box summary").click()
    assert page.locator("pre.diff").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    thread = page.locator("#thread").bounding_box()
    work = page.locator("#work").bounding_box()
    assert thread["x"] + thread["width"] <= work["x"]  # side by side
    assert abs(thread["y"] - work["y"]) < 120

    phone = _staff(browser, live_server, expert, width=390)
    phone.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    phone.locator("details.diff-box summary").click()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    thread = phone.locator("#thread").bounding_box()
    work = phone.locator("#work").bounding_box()
    assert work["y"] >= thread["y"] + thread["height"] - 1  # stacked: thread, then work


def test_a_step_comes_back_to_its_section(browser, live_server, reference_data):
    expert = create_actor("helpdesk_expert")
    case = _drafting_case(expert)
    page = _staff(browser, live_server, expert)
    page.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    page.locator("summary", has_text="Add a note").click()
    page.locator("#id_note_body").fill("Ask the legal department.")
    page.get_by_role("button", name="Add the note").click()
    page.wait_for_url(f"**/helpdesk/cases/{case.pk}/#step-notes")
    assert page.locator("#step-notes .message").inner_text() == "Note added."
    assert page.evaluate("window.scrollY") > 0  # not back at the top of the page


def test_instruments_picker_filters_and_keeps_the_choice(browser, live_server, reference_data):
    expert = create_actor("helpdesk_expert")
    case = ask()
    page = _staff(browser, live_server, expert)
    page.goto(f"{live_server.url}/fr/helpdesk/cases/{case.pk}/")
    picker = page.locator("[data-picker]")
    box = picker.locator("[data-picker-filter]")
    assert box.is_visible()  # the script showed the filter box
    total = picker.locator(".picker-option").count()
    assert total > 200
    box.fill("milieu salubre")  # French words, accents or not, match the French titles
    visible = picker.locator(".picker-option:not([hidden])")
    assert visible.count() == 1
    assert "milieu de travail sûr" in visible.inner_text()  # C191's title in French
    box.fill("forced labour")  # English words too
    assert 0 < visible.count() < 10
    assert visible.filter(has_text="C029").count() == 1
    visible.filter(has_text="C029").locator("input").check()
    box.fill("187")
    assert picker.locator(".picker-option:not([hidden])").filter(has_text="C187").count() == 1
    # The chosen instrument stays in view and in the summary while the filter hides others.
    assert picker.locator(".picker-option:not([hidden])").filter(has_text="C029").count() == 1
    assert "C029" in picker.locator("[data-picker-selected]").inner_text()
    box.press("Enter")  # does not submit the form
    assert page.url.endswith(f"/fr/helpdesk/cases/{case.pk}/")
    page.get_by_role("button", name="Enregistrer la classification").click()
    page.wait_for_url("**#step-classify")
    case.refresh_from_db()
    assert list(case.instruments.values_list("code", flat=True)) == ["C029"]


def test_picker_works_without_javascript(browser, live_server, reference_data):
    expert = create_actor("helpdesk_expert")
    case = ask()
    client = Client()
    client.force_login(expert)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    assert not page.locator("[data-picker-filter]").is_visible()
    page.locator("#step-classify .picker-option", has_text="C087").locator("input").check()
    page.get_by_role("button", name="Save the classification").click()
    page.wait_for_url("**#step-classify")
    assert list(case.instruments.values_list("code", flat=True)) == ["C087"]
    context.close()


def test_signing_in_lands_on_the_queue(page, live_server, reference_data):
    expert = create_actor("helpdesk_expert")
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill(expert.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/en/helpdesk/")
    assert page.get_by_role("heading", name="Helpdesk queue").is_visible()
