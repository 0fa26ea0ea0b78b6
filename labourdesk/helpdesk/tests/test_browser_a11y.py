"""Accessibility of the Helpdesk pages (axe-core in real Chromium) and the case page with the
keyboard alone."""

import pytest
from django.test import Client

from labourdesk.core.testing.a11y import assert_no_axe_violations
from labourdesk.core.testing.actors import create_actor
from labourdesk.helpdesk import demo
from labourdesk.helpdesk.models import Case
from labourdesk.helpdesk.services import workflow
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def _assert_unique_ids(page) -> None:
    """A label points at the first element of its id: a duplicate id mislabels a field."""
    duplicates = page.evaluate(
        """() => { const seen = {}; document.querySelectorAll('[id]').forEach(
             el => { seen[el.id] = (seen[el.id] || 0) + 1; });
           return Object.keys(seen).filter(k => seen[k] > 1); }"""
    )
    assert duplicates == []


@pytest.mark.parametrize("lang", ["en", "fr", "zh-hans"])
def test_ask_page(page, live_server, reference_data, lang):
    page.goto(f"{live_server.url}/{lang}/ask/")
    assert_no_axe_violations(page)


def test_ask_page_with_errors(page, live_server, reference_data):
    page.goto(f"{live_server.url}/en/ask/")
    page.get_by_label("Your e-mail address").fill("not an address")
    page.get_by_role("button", name="Send my question").click()
    page.wait_for_selector(".errorlist")
    assert_no_axe_violations(page)


def test_private_requester_page(page, live_server, reference_data):
    case = ask("What does the MNE Declaration say about subcontractors?")
    token = case.new_access_token()
    case.save(update_fields=["access_token_hash"])
    page.goto(f"{live_server.url}/en/helpdesk/c/{token}/")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Send", exact=True).click()  # empty: the error shows
    page.wait_for_selector(".errorlist")
    assert_no_axe_violations(page)


@pytest.fixture
def demo_cases(reference_data):
    from labourdesk.accounts.services import user_create

    expert = user_create(
        actor=None, username=demo.EXPERT, password="demo-pass-123", roles=["helpdesk_expert"]
    )
    manager = user_create(
        actor=None, username=demo.MANAGER, password="demo-pass-123", roles=["helpdesk_manager"]
    )
    demo.create_demo(stdout=open("/dev/null", "w"))  # noqa: SIM115
    return expert, manager


def test_staff_queue_and_case_pages(browser, live_server, demo_cases):
    expert, _manager = demo_cases
    staff = _staff_page(browser, live_server, expert)
    staff.goto(f"{live_server.url}/en/helpdesk/")
    assert_no_axe_violations(staff)
    for case in Case.objects.all():
        staff.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
        assert_no_axe_violations(staff)
        _assert_unique_ids(staff)
    # The manager's view of a draft in clearance has the clear and return forms.
    mgr = _staff_page(browser, live_server, create_actor("helpdesk_manager"))
    in_clearance = Case.objects.get(status="in_clearance")
    mgr.goto(f"{live_server.url}/en/helpdesk/cases/{in_clearance.pk}/")
    assert mgr.get_by_role("button", name="Clear the draft").count() == 1
    assert_no_axe_violations(mgr)
    _assert_unique_ids(mgr)


def test_staff_case_page_with_errors(browser, live_server, reference_data):
    expert = create_actor("helpdesk_expert")
    case = ask()
    staff = _staff_page(browser, live_server, expert)
    staff.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    staff.get_by_role("button", name="Record the triage").click()  # nothing chosen
    staff.wait_for_selector(".errorlist")
    assert_no_axe_violations(staff)


def _tab_to(page, role: str, name: str, limit: int = 400) -> None:
    """Press Tab until the element with this role and accessible name has the focus."""
    _tab_to_locator(page, page.get_by_role(role, name=name, exact=True), limit=limit)


def _tab_to_locator(page, target, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} not reachable with Tab")


def _open_with_keyboard(page, summary_text: str) -> None:
    """Open a folded form (<details>) with the keyboard: Tab to its summary, then Enter."""
    _tab_to_locator(page, page.locator("summary", has_text=summary_text))
    page.keyboard.press("Enter")


def test_case_page_keyboard_only(browser, live_server, reference_data):
    expert = create_actor("helpdesk_expert")
    case = ask()
    staff = _staff_page(browser, live_server, expert)
    url = f"{live_server.url}/en/helpdesk/cases/{case.pk}/"
    staff.goto(url)

    # Triage: choose "Admissible" with the keyboard, submit with Enter.
    _tab_to(staff, "radio", "Admissible")
    staff.keyboard.press("Space")
    _tab_to(staff, "button", "Record the triage")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    case.refresh_from_db()
    assert case.status == "triaged"

    # Every action a triaged case allows is reachable with Tab; the page offers no other.
    for role, name in [
        ("button", "Save the classification"),
        ("combobox", "Assign to"),
        ("button", "Assign"),
        ("button", "Close the case"),
    ]:
        staff.goto(url)
        _tab_to(staff, role, name)
    assert staff.get_by_role("button", name="Save a new version").count() == 0
    assert staff.get_by_role("button", name="Send the cleared answer").count() == 0

    # Once assigned: drafting, and the folded forms open with the keyboard.
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    for summary, role, name in [
        ("Consult a colleague", "button", "Ask a colleague"),
        ("Add a note", "button", "Add the note"),
        ("Reassign the case", "button", "Assign"),
    ]:
        staff.goto(url)
        _open_with_keyboard(staff, summary)
        _tab_to(staff, role, name)

    # Write and save a draft, then send it for clearance, with the keyboard alone.
    staff.goto(url)
    _tab_to(staff, "textbox", "Answer (Markdown)")
    staff.keyboard.type("Overtime must be voluntary.")
    _tab_to(staff, "button", "Save a new version")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    assert case.drafts.count() == 1
    _tab_to(staff, "button", "Send for clearance")
    with staff.expect_navigation():
        staff.keyboard.press("Enter")
    case.refresh_from_db()
    assert case.status == "in_clearance"
