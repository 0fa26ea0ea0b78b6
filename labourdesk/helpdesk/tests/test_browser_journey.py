"""A visitor asks → an expert triages, classifies and drafts → a manager clears → the reply is
e-mailed → the requester follows up through the private link → the case reopens. Real Chromium."""

import re

import pytest
from django.core import mail

from labourdesk.core.testing.actors import create_actor
from labourdesk.helpdesk import forms as helpdesk_forms
from labourdesk.helpdesk.models import Case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user):
    from django.test import Client

    client = Client()  # one per user: logging another user in flushes the first session
    client.force_login(user)
    context = browser.new_context(locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


def test_ask_draft_clear_send_follow_up(page, browser, live_server, reference_data, monkeypatch):
    monkeypatch.setattr(helpdesk_forms, "MIN_FILL_SECONDS", 0)
    # 1. A visitor asks, with the keyboard.
    page.goto(f"{live_server.url}/en/ask/")
    page.get_by_role("textbox", name="Your question").fill(
        "How should we handle overtime in supplier factories?"
    )
    page.get_by_label("Your name").fill("Ana Requester")
    page.get_by_label("Your e-mail address").fill("ana@example.org")
    page.get_by_label("You are").select_option("workers_unions")
    page.get_by_label("Country").select_option("FR")
    page.get_by_role("button", name="Send my question").press("Enter")
    page.wait_for_url("**/en/ask/thanks/")
    case = Case.objects.get()
    ack = mail.outbox[-1]
    link = re.search(r"/en/helpdesk/c/\S+/", ack.body).group(0)

    # 2. An expert triages, classifies, assigns and drafts.
    expert = create_actor("helpdesk_expert")
    staff = _login(browser, live_server, expert)
    staff.goto(f"{live_server.url}/en/helpdesk/")
    staff.get_by_role("link", name=case.reference).click()
    staff.get_by_label("Admissible", exact=True).check()
    staff.get_by_role("button", name="Record the triage").click()
    staff.get_by_label("Respect for national law").check()
    staff.get_by_role("button", name="Save the classification").click()
    staff.get_by_label("Assign to").select_option(label=expert.username)
    staff.get_by_role("button", name="Assign", exact=True).click()
    staff.get_by_label("Answer (Markdown)").fill("Overtime should be **voluntary**.")
    staff.get_by_role("button", name="Save a new version").click()
    staff.get_by_role("button", name="Send for clearance").click()
    assert "In clearance" in staff.content()
    # The author sees no clear button: four eyes in the UI.
    assert staff.get_by_role("button", name="Clear the draft").count() == 0

    # 3. A manager clears; the expert sends.
    manager = create_actor("helpdesk_manager")
    mgr = _login(browser, live_server, manager)
    mgr.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    mgr.get_by_role("button", name="Clear the draft").click()
    assert "Draft cleared." in mgr.content()
    staff.goto(f"{live_server.url}/en/helpdesk/cases/{case.pk}/")
    staff.get_by_role("button", name="Send the cleared answer").click()
    staff.get_by_role("button", name="Wait for the requester").click()
    case.refresh_from_db()
    assert case.status == "awaiting_requester"
    reply = [m for m in mail.outbox if m.to == ["ana@example.org"] and "voluntary" in m.body]
    assert reply, [m.subject for m in mail.outbox]

    # 4. The requester reads the answer and follows up through the private link.
    page.goto(f"{live_server.url}{link}")
    assert "voluntary" in page.content()
    page.get_by_label("Your message").fill("Thank you. And for night work?")
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url("**?sent=1")
    case.refresh_from_db()
    assert case.status == "assigned"
    assert case.events.last().kind == "reopened"
    assert case.inquiries.count() == 2
