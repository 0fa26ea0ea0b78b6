"""The self-assessment in a real Chromium on a phone-sized screen, with and without JavaScript:
answer every area, leave, come back through the private link, finish, download the PDF, sign in
as the factory's user, turn the plan into actions. axe-core on every step in en, fr, zh-hans."""

import io

import pytest

from labourdesk.core.testing.a11y import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True}
STEP_LIMIT = 100_000  # bytes of a step page with its style sheets and script


def _weigh(page):
    sizes = {}

    def on_response(response):
        if response.request.resource_type in ("document", "stylesheet", "script"):
            try:
                sizes[response.url] = len(response.body())
            except Exception:  # a redirect has no body
                sizes[response.url] = 0

    page.on("response", on_response)
    return sizes


def _answer_area(page, choice="yes"):
    for fieldset in page.locator("fieldset[data-code]").all():
        fieldset.locator(f"input[type=radio][value={choice}]").check()
    page.locator("button[name=save_continue]").click()


def _journey(page, live_server, make_user, *, lang="en", axe=True, javascript=True):
    from pypdf import PdfReader

    from labourdesk.compliance.models import Factory, ImprovementAction
    from labourdesk.standards.models import MemberState

    base = live_server.url
    page.goto(f"{base}/{lang}/self-assessment/")
    if axe:
        assert_no_axe_violations(page)
    page.locator("select[name=country]").select_option("VNM")
    page.locator("select[name=industry]").select_option("apparel")
    page.locator("input[name=entity_kind][value=cooperative]").check()
    page.locator("form.form button[type=submit]").click()
    link = page.locator("#private-link").input_value()
    assert "/self-assessment/r/" in link
    if axe:
        assert_no_axe_violations(page)
    # First area, with a skipped question: the message stands beside it, the rest is kept.
    page.locator("a.button[href*='/area/']").first.click()
    sizes = _weigh(page)
    page.reload()
    assert sum(sizes.values()) < STEP_LIMIT, sizes
    if axe:
        assert_no_axe_violations(page)
    fieldsets = page.locator("fieldset[data-code]").all()
    for fieldset in fieldsets[1:]:
        fieldset.locator("input[type=radio][value=yes]").check()
    fieldsets[1].locator("textarea").fill("<script>alert(1)</script> ' OR 1=1 --")
    page.locator("button[name=save_continue]").click()
    assert page.locator(".error-summary").is_visible()
    assert page.locator(".sa-q.has-error .errorlist").count() == 1
    assert (
        page.locator("fieldset[data-code] input[value=yes]:checked").count() == len(fieldsets) - 1
    )
    if axe:
        assert_no_axe_violations(page)
    # Leave, come back through the link.
    page.goto("about:blank")
    page.goto(link)
    assert page.locator("progress").get_attribute("value") == str(len(fieldsets) - 1)
    page.locator(
        "a.button[href*='/area/']"
    ).first.click()  # Continue: the first area, still unfinished
    fieldsets[0].locator("input[type=radio][value=no]").check()
    page.locator("button[name=save_continue]").click()
    first_other_area = True
    while "/result/" not in page.url:
        if axe and first_other_area:
            assert_no_axe_violations(page)
            first_other_area = False
        _answer_area(page, "yes" if "/osh/" not in page.url else "partly")
    assert page.locator("h1").count() == 1
    if axe:
        page.locator("details.sa-guidance").first.locator("summary").click()
        assert_no_axe_violations(page)
    plan_items = page.locator("ol.sa-plan > li").count()
    assert plan_items >= 1 + 11  # the child-labour "no" and every OSH "partly"
    first_action = page.locator("ol.sa-plan > li h3").first.inner_text()
    # The instrument links lead to the standards pages.
    href = page.locator("details.sa-guidance a").first.get_attribute("href")
    assert f"/{lang}/standards/instruments/C" in href
    # The PDF carries the plan.
    with page.expect_download() as download:
        page.locator(".sa-downloads a").first.click()
    data = download.value.path().read_bytes()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)
    assert "".join(first_action.split()) in text
    # A registered factory user turns the plan into actions of the factory's plan.
    user = make_user("factory_user")
    factory = Factory.objects.create(
        name="Cooperative workshop (test)",
        country=MemberState.objects.get(iso3="VNM"),
        organisation=user.organisation,
    )
    page.goto(link.replace("/?new=1", "/").rstrip("/") + "/result/")
    # No open sign-up: the page says who opens accounts and offers the factory user sign-in.
    page.locator("#actions ~ p a[href*='/accounts/login/']").click()
    page.locator("input[name=username]").fill(user.username)
    page.locator("input[name=password]").fill("correct horse battery staple")
    page.locator("form button[type=submit]").last.click()
    assert "/result/" in page.url
    page.locator("form[action$='/actions/'] button").click()
    assert f"/compliance/factories/{factory.pk}/plan/" in page.url
    actions = ImprovementAction.objects.filter(factory=factory)
    assert actions.count() == plan_items
    assert set(actions.values_list("source", flat=True)) == {"self"}


def test_phone_journey_with_javascript(browser, live_server, make_user):
    context = browser.new_context(locale="en-GB", **PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    _journey(page, live_server, make_user)
    context.close()


def test_phone_journey_without_javascript(browser, live_server, make_user):
    context = browser.new_context(locale="en-GB", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    _journey(page, live_server, make_user, axe=False)
    context.close()


@pytest.mark.parametrize("lang", ["fr", "zh-hans"])
def test_every_step_passes_axe(browser, live_server, make_user, lang):
    context = browser.new_context(locale=lang, **PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    _journey(page, live_server, make_user, lang=lang)
    context.close()


def test_autosave_keeps_an_answer_without_pressing_save(browser, live_server, reference_data):
    context = browser.new_context(locale="en-GB", **PHONE)
    page = context.new_page()
    base = live_server.url
    page.goto(f"{base}/en/self-assessment/")
    page.locator("select[name=country]").select_option("VNM")
    page.locator("select[name=industry]").select_option("apparel")
    page.locator("input[name=entity_kind][value=enterprise]").check()
    page.locator("form.form button[type=submit]").click()
    page.locator("a.button[href*='/area/']").first.click()
    assert "/area/" in page.url, page.url
    page.locator("fieldset[data-code] input[value=partly]").first.check()
    page.locator("#sa-status").filter(has_text="Saved").wait_for()
    page.reload()
    assert page.locator("fieldset[data-code] input[value=partly]").first.is_checked()
    context.close()
