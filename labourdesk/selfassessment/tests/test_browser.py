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


def test_answers_kept_only_in_the_browser(browser, live_server, reference_data):
    """The visitor's choice at the start: the answers stay in localStorage; the only request
    that carries them is the one for the result (and the downloads), which store nothing."""
    from labourdesk.selfassessment.models import Answer, SelfAssessment

    base = live_server.url
    # Without JavaScript the option is not offered, and the page says why.
    context = browser.new_context(locale="en-GB", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{base}/en/self-assessment/")
    assert not page.locator("#sa-storage").is_visible()
    # (Playwright's text search skips <noscript>; the browser shows it, scripts being off.)
    assert "Keeping them only in this browser needs JavaScript" in page.content()
    context.close()

    context = browser.new_context(locale="en-GB", **PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{base}/en/self-assessment/")
    page.locator("select[name=country]").select_option("VNM")
    page.locator("select[name=industry]").select_option("food")
    page.locator("input[name=entity_kind][value=enterprise]").check()
    page.locator("input[name=storage][value=browser]").check()
    page.locator("form.form button[type=submit]").click()
    assert "/self-assessment/browser/fundamental/" in page.url
    assert page.locator("#sa-mode[data-mode=browser]").is_visible()
    sizes = _weigh(page)
    page.reload()
    assert sum(sizes.values()) < STEP_LIMIT, sizes
    assert_no_axe_violations(page)
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    first = page.locator("fieldset[data-code]").first.get_attribute("data-code")
    page.locator("fieldset[data-code] input[value=no]").first.check()
    page.locator("fieldset[data-code] textarea").first.fill("only here")
    page.locator("#sa-status").filter(has_text="Kept in this browser").wait_for()
    page.reload()  # the browser kept it
    assert page.locator(f"#q-{first}-no").is_checked()
    assert page.locator(f"#n-{first}").input_value() == "only here"
    while True:
        for fieldset in page.locator("fieldset[data-code]").all():
            if not fieldset.locator("input:checked").count():
                fieldset.locator("input[type=radio][value=yes]").check()
        following = page.locator(".sa-buttons a.button")
        if not following.count():
            break
        following.click()
    kept = page.evaluate(
        "Object.keys(JSON.parse(localStorage.getItem('labourdesk.selfassessment.browser'))"
        ".answers).length"
    )
    assert posts == []  # nothing sent while answering
    assert SelfAssessment.objects.count() == 0 and Answer.objects.count() == 0
    page.locator("#sa-local-form button[type=submit]").click()
    assert page.url.endswith("/self-assessment/browser/result/")
    assert len(posts) == 1
    assert page.locator("#sa-mode[data-mode=browser]").is_visible()
    assert page.locator(".sa-notice").count() == 0  # every answer arrived
    assert page.locator("ol.sa-plan > li").count() == 1  # the one "no"
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        page.locator(".sa-downloads button").first.click()
    assert download.value.path().read_bytes().startswith(b"%PDF")
    assert SelfAssessment.objects.count() == 0 and Answer.objects.count() == 0
    # Back at the start, this browser offers to continue.
    page.goto(f"{base}/en/self-assessment/")
    page.locator("#sa-local-continue").click()
    assert page.locator(f"#q-{first}-no").is_checked()
    page.locator("#sa-local-form button[type=submit]").click()
    # Changing one's mind: a private link, and the browser's copy goes.
    page.locator("#sa-keep").click()
    assert "/self-assessment/r/" in page.url
    assert page.locator("#sa-mode[data-mode=link]").is_visible()
    assert SelfAssessment.objects.get().answers.count() == kept
    page.wait_for_function("localStorage.getItem('labourdesk.selfassessment.browser') === null")
    context.close()
