"""The consent journey in a real Chromium: advisor → programme manager → factory → buyer."""

import pytest
from playwright.sync_api import expect

from labourdesk.compliance.tests.builders import build_world
from labourdesk.core.testing.a11y import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery staple")
    # Wait for the sign-in to land before the next goto (which would cancel it).
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_findings_release_grant_read_revoke(page, live_server, make_user):
    w = build_world(make_user, questions=4)
    a = w.assessment
    base = live_server.url

    # The advisor enters findings cluster by cluster and finalises.
    _sign_in(page, live_server, w.advisor)
    page.goto(f"{base}/en/compliance/assessments/{a.pk}/findings/")
    assert_no_axe_violations(page)
    # An answer not yet sent survives a reload (a dropped connection): the page keeps a draft.
    first = page.locator("input[type=radio][value='1']").first
    first.check()
    page.reload()
    assert page.locator("input[type=radio][value='1']").first.is_checked()
    while True:
        for radio in page.locator("input[type=radio][value='1']").all():
            radio.check()
        for box in page.locator("input[name^=value-]:not([type=radio])").all():
            box.fill("12")
        current = page.locator("nav[aria-label=Clusters] a[aria-current=page]").inner_text()
        page.get_by_role("button", name="Save and go to the next cluster").click()
        after = page.locator("nav[aria-label=Clusters] a[aria-current=page]").inner_text()
        if after == current:
            break
    page.goto(f"{base}/en/compliance/assessments/{a.pk}/")
    page.get_by_role("button", name="Submit for review").click()
    assert page.locator("#assessment-status").inner_text() == "In review"
    # Four eyes: the submitter is not offered "Finalise"; the second advisor is.
    assert page.get_by_role("button", name="Finalise").count() == 0
    _sign_in(page, live_server, w.advisor_m)
    page.goto(f"{base}/en/compliance/assessments/{a.pk}/")
    assert page.get_by_role("button", name="Release to the factory").count() == 0
    page.get_by_role("button", name="Finalise").click()
    assert page.locator("#assessment-status").inner_text() == "Finalised"
    assert page.get_by_role("button", name="Release to the factory").count() == 0
    assert_no_axe_violations(page)

    # The programme manager releases the report to the factory.
    _sign_in(page, live_server, w.manager)
    page.goto(f"{base}/en/compliance/assessments/{a.pk}/")
    page.get_by_role("button", name="Release to the factory").click()
    assert page.locator("#assessment-status").inner_text() == "Released to the factory"

    # The factory reads its report and grants the buyer.
    _sign_in(page, live_server, w.factory_user)
    page.goto(f"{base}/en/compliance/reports/{a.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().endswith(w.factory.name)
    page.goto(f"{base}/en/compliance/consents/")
    page.get_by_label("Buyer").select_option(label=w.buyer.name)
    page.get_by_label("Level").select_option("full")
    page.get_by_role("button", name="Grant", exact=True).click()
    assert page.get_by_role("button", name=f"Revoke {w.buyer.name}").is_visible()

    # The buyer reads it.
    _sign_in(page, live_server, w.buyer_user)
    page.goto(f"{base}/en/compliance/reports/")
    with page.expect_navigation():
        page.get_by_role("link", name=w.factory.name).click()
    expect(page.locator("main")).to_contain_text("Non-compliant")
    assert_no_axe_violations(page)
    report_url = page.url

    # The factory revokes; the buyer gets a 404 at once.
    _sign_in(page, live_server, w.factory_user)
    page.goto(f"{base}/en/compliance/consents/")
    page.get_by_role("button", name=f"Revoke {w.buyer.name}").click()
    _sign_in(page, live_server, w.buyer_user)
    response = page.goto(report_url)
    assert response.status == 404


def test_statistics_pages_and_dashboards_are_accessible(page, live_server, make_user, tmp_path):
    from labourdesk.compliance import services
    from labourdesk.compliance.tests.builders import import_statistics_world, release

    w = build_world(make_user, questions=4)
    import_statistics_world(tmp_path)
    base = live_server.url
    for lang in ("en", "fr"):
        page.goto(f"{base}/{lang}/compliance/dashboard/?country=VNM&country=IDN")
        assert page.locator("svg[role=img]").count() > 0
        assert_no_axe_violations(page)
    _sign_in(page, live_server, w.admin)
    page.goto(f"{base}/en/compliance/statistics/?country=VNM&cycle=2")
    assert page.locator("polyline").count() > 0
    assert_no_axe_violations(page)
    release(w)
    services.consent_grant(actor=w.factory_user, factory=w.factory, buyer=w.buyer, level="full")
    _sign_in(page, live_server, w.factory_user)
    page.goto(f"{base}/en/compliance/consents/")
    assert_no_axe_violations(page)
    page.goto(f"{base}/fr/compliance/reports/{w.assessment.pk}/")
    assert_no_axe_violations(page)
    _sign_in(page, live_server, w.buyer_user)
    page.goto(f"{base}/en/compliance/buyer/")
    assert w.factory.name in page.content()
    assert_no_axe_violations(page)
