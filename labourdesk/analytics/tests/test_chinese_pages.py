"""The report's website section and the staff statistics page read in Chinese: their headings,
table headers and notes are translated, none is left in English."""

import re

import pytest

from labourdesk.core.testing.permissions import login
from labourdesk.reports.tests.test_website import counted  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")


def _texts(html: str, tags: str) -> list[str]:
    """The text of every `tags` element; of th, only the column headers (the row headers are
    years, countries, hosts)."""
    found = re.findall(rf"<({tags})\b(?![^>]*scope=\"row\")[^>]*>(.*?)</\1>", html, re.S)
    return [re.sub(r"<[^>]+>|\s+", " ", text).strip() for _tag, text in found]


def _website_section(page: str) -> str:
    """From the section's heading to the next section's heading (or the end of the page)."""
    start = page.index('id="website-h"')
    end = page.find("<h2", start + 3)
    return page[start : end if end != -1 else page.index("</main>", start)]


def _assert_chinese(zh: list[str], en: list[str]) -> None:
    assert zh and len(zh) == len(en)
    for chinese, english in zip(zh, en, strict=True):
        # Each heading, header and note differs from the English one and is written in Chinese
        # (the figures, codes and names in them aside).
        assert chinese != english, english
        assert CJK.search(chinese), chinese


def test_the_reports_website_section_in_chinese(counted, client, make_user):  # noqa: F811
    login(client, make_user("helpdesk_manager"))
    pages = {
        language: _website_section(
            client.get(f"/{language}/reports/helpdesk/?period=2024-25").content.decode()
        )
        for language in ("en", "zh-hans")
    }
    zh, en = pages["zh-hans"], pages["en"]
    for key in (
        "表 6：服务台网站的活动",
        "按区域划分的用户",
        "流量来源",
        "用户 = 每日独立访客数之和",
    ):
        assert key in zh, key
    _assert_chinese(_texts(zh, "h2|h3|th|caption"), _texts(en, "h2|h3|th|caption"))
    notes = re.compile(r'<div class="footnotes">(.*?)</div>', re.S)
    _assert_chinese(
        _texts("".join(notes.findall(zh)), "p"), _texts("".join(notes.findall(en)), "p")
    )


def test_the_statistics_page_in_chinese(counted, client, make_user):  # noqa: F811
    login(client, make_user("helpdesk_manager"))
    query = "?start=2024-03-01&end=2024-03-31"
    pages = {
        language: client.get(f"/{language}/statistics/website/{query}").content.decode()
        for language in ("en", "zh-hans")
    }
    main = re.compile(r"<main\b.*?</main>", re.S)
    zh, en = main.search(pages["zh-hans"]).group(0), main.search(pages["en"]).group(0)
    for key in ("网站统计", "每日访问量", "流量来源", "来源网站", "国家和地区"):
        assert key in zh, key
    _assert_chinese(_texts(zh, "h1|h2|th|summary|dt"), _texts(en, "h1|h2|th|summary|dt"))
    help_ = re.compile(r'<p class="help">(.*?)</p>', re.S)
    _assert_chinese(help_.findall(zh), help_.findall(en))
