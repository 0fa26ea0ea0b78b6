"""The whole self-assessment with the keyboard alone, in a real Chromium: Tab, Space, Enter and
the arrow keys, no click. At every stop the focused control shows a focus indicator and is on
screen; on every page every control is reached by Tab (a radio group is one stop)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Every control a visitor can use; hidden ones (a closed <details>, a `hidden` fieldset) have
# no box and are left out.
FOCUSABLE = (
    "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), "
    "select:not([disabled]), textarea:not([disabled]), summary, [tabindex='0']"
)

TAG = """sel => {
  let n = 0;
  for (const el of document.querySelectorAll(sel)) {
    if (!el.getClientRects().length || !el.checkVisibility({visibilityProperty: true})) continue;
    const closed = el.closest('details:not([open])');
    if (closed && el !== closed.querySelector('summary')) continue;
    el.dataset.kb = el.type === 'radio' ? 'radio:' + el.name : 'c' + (n++);
  }
  return [...new Set([...document.querySelectorAll('[data-kb]')].map(e => e.dataset.kb))];
}"""

ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  return {
    kb: el.dataset.kb || null,
    tag: el.tagName + (el.name ? '[' + el.name + ']' : '') + (el.id ? '#' + el.id : ''),
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== 'none',
    focusVisible: el.matches(':focus-visible'),
    onScreen: r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
  };
}"""


def _check_stop(page) -> dict | None:
    active = page.evaluate(ACTIVE)
    if active is not None:
        assert active["focusVisible"] and active["ring"], f"no visible focus on {active['tag']}"
        assert active["onScreen"], f"focused but off screen: {active['tag']}"
    return active


def _tab_to(page, selector: str, limit: int = 400) -> None:
    """Press Tab until the focused element matches `selector`, checking every stop."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        _check_stop(page)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached by Tab")


def _every_control_reachable(page) -> None:
    """From the top of the page, Tab through it once: every control is a stop."""
    controls = set(page.evaluate(TAG, FOCUSABLE))
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Escape")
    reached: list[str] = []
    outside = 0
    # Tab starts from the last focused place, so go round once: past the end of the page focus
    # leaves it (the browser's own controls), and the next Tab comes back at the top.
    for _ in range(len(controls) * 2 + 40):
        page.keyboard.press("Tab")
        active = _check_stop(page)
        if active is None:
            outside += 1
            if outside > 2:
                break
            continue
        if reached and active["kb"] == reached[0]:
            break  # round again
        if active["kb"]:
            reached.append(active["kb"])
    missing = controls - set(reached)
    if missing:
        names = page.evaluate(
            "ks => ks.map(k => { const e = document.querySelector(`[data-kb='${k}']`);"
            " return k + ' ' + e.outerHTML.slice(0, 80); })",
            sorted(missing),
        )
        raise AssertionError(f"not reached by Tab: {names}; reached in order: {reached}")


def _choose_by_keys(page, selector: str, value: str, typed: str) -> None:
    """A closed <select>: type the option's first letters, then arrows until it is chosen."""
    page.keyboard.type(typed)
    for _ in range(250):
        if page.locator(selector).input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value} not chosen in {selector}")


def test_the_whole_tool_with_the_keyboard_alone(browser, live_server, reference_data):
    from labourdesk.core.testing.a11y import assert_no_axe_violations
    from labourdesk.selfassessment.tests.test_comparison import _import, _row

    # Assessed factories, so that the result page has its comparison table (a scrolling region,
    # a stop of its own).
    _import([_row(f, "Child Labour", "Child Labourers", "CL1", str(f % 2)) for f in range(6)])
    context = browser.new_context(locale="en-GB", accept_downloads=True, **DESKTOP)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(f"{live_server.url}/en/self-assessment/")
    _every_control_reachable(page)

    # Start: a select by typing, a radio group by the arrow keys, the button by Enter.
    page.evaluate("() => document.activeElement.blur()")
    _tab_to(page, "select[name=country]")
    _choose_by_keys(page, "select[name=country]", "VNM", "Viet")
    _tab_to(page, "select[name=industry]")
    _choose_by_keys(page, "select[name=industry]", "apparel", "App")
    _tab_to(page, "input[name=entity_kind]")
    page.keyboard.press("ArrowDown")  # the next kind: a cooperative
    assert page.locator("input[name=entity_kind][value=cooperative]").is_checked()
    _tab_to(page, "form.form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/self-assessment/r/**")

    # The overview: its controls, then the way in.
    _every_control_reachable(page)
    _tab_to(page, "a.button[href*='/area/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/area/fundamental/")

    areas = 0
    while "/result/" not in page.url:
        areas += 1
        if areas == 1:
            # The guidance opens with Enter; its links are then stops too.
            _tab_to(page, "details.sa-guidance summary")
            page.keyboard.press("Enter")
            assert page.locator("details.sa-guidance").first.get_attribute("open") is not None
            _every_control_reachable(page)
        page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
        codes = page.locator("fieldset[data-code]").evaluate_all(
            "fs => fs.map(f => f.dataset.code)"
        )
        for n, code in enumerate(codes):
            _tab_to(page, f"input[name='q-{code}']")
            if n == 0:
                page.keyboard.press("ArrowRight")  # the second choice: "partly"
                page.keyboard.press("ArrowRight")  # the third: "no"
                assert page.locator(f"#q-{code}-no").is_checked()
            else:
                page.keyboard.press("Space")  # the first choice: "yes"
                assert page.locator(f"#q-{code}-yes").is_checked()
        _tab_to(page, "button[name=save_continue]")
        url = page.url
        page.keyboard.press("Enter")
        page.wait_for_function("u => location.href !== u", arg=url)
        assert page.locator(".error-summary").count() == 0, page.url
    assert areas >= 8  # every area, governance included, and the national-law area if any

    # The result: every control, then each export by Enter.
    assert page.locator("ol.sa-plan > li").count() == areas
    assert page.locator(".sa-compare").count() == 1
    assert_no_axe_violations(page)
    _every_control_reachable(page)
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    for fmt in ("pdf", "csv", "xlsx"):
        _tab_to(page, f".sa-downloads a[href$='result.{fmt}']")
        with page.expect_download() as download:
            page.keyboard.press("Enter")
        assert download.value.suggested_filename.endswith(f".{fmt}")
    _tab_to(page, "a[href*='/accounts/login/']")
    context.close()
