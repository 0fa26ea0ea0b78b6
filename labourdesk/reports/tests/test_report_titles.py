"""Each table's title is printed once on the report page: its heading, not again as a visible
caption (the caption stays for screen readers, hidden from view)."""

from html.parser import HTMLParser

import pytest

from labourdesk.core.testing.permissions import login

pytestmark = pytest.mark.django_db


class VisibleText(HTMLParser):
    """The page's visible text, one string per element (text inside .visually-hidden, <title>,
    <desc>, <script> and <style> left out)."""

    HIDDEN = {"title", "desc", "script", "style"}
    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "path"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in self.HIDDEN or "visually-hidden" in classes
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if data.strip() and not (self.stack and self.stack[-1]):
            self.texts.append(" ".join(data.split()))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_each_table_title_is_printed_once(client, make_user, language):
    from django.utils import translation

    from labourdesk.reports.periods import parse_period
    from labourdesk.reports.selectors import build_report
    from labourdesk.reports.tests.factories import make_case, zurich

    make_case(zurich(2023, 5, 1), sectors=["mining"])
    login(client, make_user("helpdesk_manager"))
    html = client.get(f"/{language}/reports/helpdesk/?period=2023-24").content.decode()
    parser = VisibleText()
    parser.feed(html)
    with translation.override(language):
        report = build_report(parse_period("2023-24"), language=language)
        titles = [str(t.caption) for t in report.tables]
    assert len(titles) == 5
    for title in titles:
        assert sum(text.startswith(title) for text in parser.texts) == 1, (title, language)
    # The tables keep an accessible name, and the baseline's mark is still explained.
    assert html.count("<caption") >= 5
