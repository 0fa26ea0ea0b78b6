"""The portal as visitors and the CMS roles meet it: pages, SEO, search, bad input, rights."""

import json
import re

import pytest
from defusedxml import ElementTree as ET
from wagtail.models import Page

from labourdesk.knowledge.demo import create_demo
from labourdesk.knowledge.models import HomePage, QuestionPage
from labourdesk.knowledge.selectors import country_links

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def demo(reference_data, django_capture_on_commit_callbacks):
    # wagtail-localize publishes a translation on commit: run those callbacks.
    with django_capture_on_commit_callbacks(execute=True):
        create_demo()


def test_pages_sitemaps_and_reciprocal_alternates(client, demo):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SM}loc")]
    assert len(sections) == 6
    alternates = {}
    for section in sections:
        path = re.sub(r"^https?://[^/]+", "", section)
        tree = ET.fromstring(client.get(path).content)
        for url in tree.iter(f"{SM}url"):
            loc = url.find(f"{SM}loc").text
            alternates[loc] = {
                link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
            }
    assert alternates
    for loc, alts in alternates.items():
        assert client.get(re.sub(r"^https?://[^/]+", "", loc)).status_code == 200
        assert "x-default" in alts
        for lang, href in alts.items():
            if lang != "x-default":
                assert loc in alternates[href].values(), (loc, href)


def test_jsonld_qapage_and_faqpage(client, demo):
    body = client.get("/fr/qa/demo-overtime-records/").content.decode()
    docs = [
        json.loads(d)
        for d in re.findall(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    ]
    types = {d["@type"]: d for d in docs}
    assert {"QAPage", "BreadcrumbList", "Organization"} <= set(types)
    assert types["QAPage"]["mainEntity"]["acceptedAnswer"]["text"]
    theme = client.get("/en/demo-working-time/").content.decode()
    assert '"FAQPage"' in theme
    assert 'rel="canonical"' in body and 'hreflang="x-default"' in body
    assert "application/atom+xml" in body and 'property="og:title"' in body


def test_search_french_word_and_bad_input(client, demo):
    from labourdesk.knowledge.models import SearchEntry

    assert SearchEntry.objects.filter(language="fr", page_type="questionpage").count() == 3
    body = client.get("/fr/search/", {"q": "supplémentaires"}).content.decode()
    assert "/fr/qa/demo-overtime-records/" in body and "<mark>" in body
    for params in (
        {"q": "x", "page": "-1"},
        {"q": "x", "page": "abc"},
        {"q": "é" * 1000},
        {"q": "'; DROP TABLE x; --"},
        {"q": "\x00"},
        {"q": "a", "theme": "zz", "type": "?"},
    ):
        assert client.get("/en/search/", params).status_code == 200
    assert client.get("/xx/nothing/").status_code == 404
    assert client.get("/de/", HTTP_ACCEPT_LANGUAGE="de").status_code == 404


def _publish_question(index, slug, title, answer):
    page = QuestionPage(
        title=title, slug=slug, question=title, answer=f"<p>{answer}</p>", demo=True
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_search_short_cjk_queries_other_languages_and_pages(client, demo):
    """One- and two-character Chinese queries find what contains them; a match in another
    language is listed after the visitor's, marked with its language; results are paginated
    (entries and snippets loaded for the page shown)."""
    from labourdesk.knowledge.models import QAIndexPage

    zh_index = QAIndexPage.objects.get(locale__language_code="zh-hans")
    _publish_question(zh_index, "demo-zh-overtime", "加班记录（演示）", "加班时间应当记录。")
    for q in ("加班", "班"):
        body = client.get("/zh-hans/search/", {"q": q}).content.decode()
        assert "demo-zh-overtime" in body and f"<mark>{q}</mark>" in body, q
    assert ">培训课程</option>" in body  # the kinds of page, in the page's language
    english = client.get("/en/search/", {"q": "加班"}).content.decode()
    assert "demo-zh-overtime" in english and 'class="lang-tag"' in english
    en_index = QAIndexPage.objects.get(locale__language_code="en")
    for i in range(23):
        _publish_question(en_index, f"demo-paged-{i}", f"Paged question {i}", "pagination words")
    first = client.get("/en/search/", {"q": "pagination"}).content.decode()
    third = client.get("/en/search/", {"q": "pagination", "page": "3"}).content.decode()
    assert "23 results" in first and first.count("<mark>") >= 10
    assert "Page 3 of 3" in third and third.count('href="/en/qa/demo-paged-') == 3


def test_fallback_notice_and_switcher(client, demo):
    body = client.get("/ja/qa/demo-weekly-rest/").content.decode()
    assert "notice-fallback" in body
    assert 'class="lang-missing"' in body


def test_outdated_notice_after_source_changes(client, demo):
    source = QuestionPage.objects.get(slug="demo-weekly-rest", locale__language_code="en")
    assert "notice-outdated" not in client.get("/fr/qa/demo-weekly-rest/").content.decode()
    source.question = "Changed source."
    source.save_revision().publish()
    source.refresh_from_db()
    from labourdesk.knowledge.selectors import translation_outdated_since

    french = source.get_translation(
        source.get_translations().get(locale__language_code="fr").locale
    )
    assert translation_outdated_since(french), "the French page is not flagged as outdated"
    body = client.get("/fr/qa/demo-weekly-rest/").content.decode()
    assert "notice-outdated" in body  # also proves publishing invalidated the cache


def test_cache_etag_and_304(client, demo):
    first = client.get("/en/qa/")
    etag = first["ETag"]
    assert client.get("/en/qa/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("url", ["/en/", "/fr/demo-working-time/", "/es/qa/"])
def test_a_cached_page_is_answered_before_wagtail_routes_it(
    client, demo, django_assert_num_queries, url
):
    """Routing a page (site, locale, tree) was most of a cached request: the cache answers
    first, without one database query; the same bytes as the first, uncached answer."""
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_cookieless_visit_replays_the_whole_answer_and_a_signed_in_one_does_not(
    client, demo, make_user
):
    """early_cache.py: the second cookie-less request gets the first one's body and the headers
    the middlewares wrote (CSP, frame options, language, ETag), kept under the publish
    generation; a request with a session takes the full stack and sees its own chrome."""
    from django.core.cache import cache
    from django.test import Client

    from labourdesk.core.testing.permissions import login
    from labourdesk.knowledge.early_cache import _key

    url = "/fr/demo-working-time/"
    first = Client().get(url)
    assert cache.get(_key(url)) is not None, "the cookie-less answer was not kept"
    again = Client().get(url)
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "ETag"):
        assert again[header] == first[header], header
    assert again["Content-Language"] == "fr"
    assert Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    expert = make_user("helpdesk_expert")
    login(client, expert)
    signed_in = client.get(url).content.decode()
    assert expert.get_username() in signed_in and signed_in.encode() != first.content

    theme = Page.objects.get(slug="demo-working-time", locale__language_code="fr").specific
    theme.title = "Temps de travail, revu (démo)"
    theme.save_revision().publish()
    assert b"Temps de travail, revu" in Client().get(url).content


def test_restricting_or_moving_a_cached_page_empties_the_cache(client, demo):
    """Neither is a publish: without its own invalidation the cached page would still be
    answered to anonymous visitors (the early replay and the per-language cache)."""
    from django.test import Client
    from wagtail.models import PageViewRestriction

    theme = Page.objects.get(slug="demo-working-time", locale__language_code="en")
    url = theme.url
    for _ in range(2):
        assert b'name="password"' not in Client().get(url).content
    PageViewRestriction.objects.create(
        page=theme, restriction_type=PageViewRestriction.PASSWORD, password="demo-secret"
    )
    assert b'name="password"' in Client().get(url).content
    PageViewRestriction.objects.filter(page=theme).delete()
    Client().get(url)
    theme.refresh_from_db()
    theme.move(Page.objects.get(slug="qa", locale__language_code="en"), pos="last-child")
    moved = Client().get(url)  # Wagtail's automatic redirect, not the cached page
    assert moved.status_code == 301 and moved["Location"] == "/en/qa/demo-working-time/"


def test_a_restricted_page_is_never_served_from_the_cache(client, demo):
    from wagtail.models import PageViewRestriction

    theme = Page.objects.get(slug="demo-working-time", locale__language_code="en")
    PageViewRestriction.objects.create(
        page=theme, restriction_type=PageViewRestriction.PASSWORD, password="demo-secret"
    )
    url = theme.url
    form = client.get(url)
    assert b"demo-secret" not in form.content and b"password" in form.content.lower()
    restriction = PageViewRestriction.objects.get(page=theme)
    passed = client.post(
        f"/en/_util/authenticate_with_password/{restriction.pk}/{theme.pk}/",
        {"password": "demo-secret", "return_url": url},
    )
    assert passed.status_code == 302
    seen = client.get(url).content  # the visitor who knows the password sees the theme
    assert b"notice-fallback" not in seen and b'name="password"' not in seen
    from django.test import Client

    stranger = Client().get(url)  # another visitor gets the password form, not the cached page
    assert b'name="password"' in stranger.content and stranger.content != seen


def test_old_helpdesk_addresses_redirect(client, reference_data):
    response = client.get("/empent/areas/business-helpdesk/WCMS_872197/lang--fr/index.htm")
    assert response.status_code == 301 and response["Location"] == "/fr/countries/"


def test_robots_and_home_entry_points(client, demo):
    assert "Sitemap:" in client.get("/robots.txt").content.decode()
    home = client.get("/en/").content.decode()
    assert 'name="q"' in home and "/en/ask/" in home and "/en/standards/" in home
    assert "/en/compliance/dashboard/" in home and "demo-working-time" in home


def test_a_home_without_pages_in_its_language_lists_the_source_languages(client, demo):
    """The demo has no Chinese theme or Q&A: the Chinese home lists the English ones, marked
    as English and linked under /zh-hans/ (where each falls back with a notice), not nothing."""
    home = client.get("/zh-hans/").content.decode()
    assert "No theme has been published in this language yet." not in home
    assert home.count('class="notice notice-fallback"') == 3  # themes, Q&As, services
    link = re.search(r'<a href="(/zh-hans/[^"]*working-time/)" lang="en">', home)
    assert link, home
    theme = client.get(link.group(1))
    assert theme.status_code == 200 and "notice-fallback" in theme.content.decode()
    # A language with its own pages lists only those (the demo's themes, Q&As and service pages
    # are in French too).
    french = client.get("/fr/").content.decode()
    assert 'class="notice notice-fallback"' not in french
    assert 'href="/fr/demo-working-time/">' in french  # the French theme, no lang="en"
    assert "Facilitation du dialogue entre entreprises et syndicats" in french
    service = client.get("/es/company-union-dialogue/").content.decode()
    assert "Facilitación del diálogo" in service and "notice-fallback" not in service
    assert "seed 000" not in service


def test_country_links_shape(reference_data):
    links = country_links("FRA", "fr")
    assert links == {"country_page_url": None, "qa_count": 0, "qa_search_url": None}


# --- The CMS roles ----------------------------------------------------------------------------


def _perms(user, page):
    return page.permissions_for_user(user)


def test_cms_permission_matrix(make_user, reference_data):
    en = HomePage.objects.get(locale__language_code="en")
    fr = HomePage.objects.get(locale__language_code="fr")
    matrix = {
        # role: (en edit, en publish, fr edit, fr publish, add on en)
        "content_editor": (True, False, True, False, True),
        "translator": (False, False, True, False, False),
        "helpdesk_manager": (True, True, True, True, True),
        "helpdesk_expert": (False, False, False, False, False),
        "buyer_user": (False, False, False, False, False),
    }
    for role, expected in matrix.items():
        user = make_user(role)
        got = (
            _perms(user, en).can_edit(),
            _perms(user, en).can_publish(),
            _perms(user, fr).can_edit(),
            _perms(user, fr).can_publish(),
            _perms(user, en).can_add_subpage(),
        )
        assert got == expected, role
        assert user.has_perm("wagtailadmin.access_admin") == (
            role != "helpdesk_expert" and role != "buyer_user"
        )


def test_editor_cannot_see_a_case_and_translator_cannot_publish(client, make_user, reference_data):
    from labourdesk.helpdesk.tests.conftest import ask

    case = ask()
    editor = make_user("content_editor")
    client.force_login(editor)
    assert client.get(f"/en/helpdesk/cases/{case.pk}/").status_code in (403, 404)
    assert client.get("/cms/").status_code == 200
    translator = make_user("translator")
    fr_qa = Page.objects.get(slug="qa", locale__language_code="fr")
    assert not fr_qa.permissions_for_user(translator).can_publish()


def test_second_person_approval(make_user, reference_data):
    from labourdesk.knowledge.models import SecondPersonApprovalTask

    editor, other = make_user("content_editor"), make_user("content_editor")
    qa_index = Page.objects.get(slug="qa", locale__language_code="en")
    page = QuestionPage(title="T", slug="t", question="Q", answer="<p>A</p>")
    qa_index.add_child(instance=page)
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == "Portal review"
    workflow.start(page, editor)
    page.refresh_from_db()
    task = SecondPersonApprovalTask.objects.get()
    assert task.get_actions(page, editor) == []
    assert [a[0] for a in task.get_actions(page, other)][:2] == ["reject", "approve"]


def test_submit_with_pending_suspect_is_refused_by_the_editor_hook(
    client, make_user, reference_data
):
    from labourdesk.knowledge.models import AnonymisationFinding

    qa_index = Page.objects.get(slug="qa", locale__language_code="en")
    page = QuestionPage(title="T", slug="t-hook", question="Mr Dupont asks.", answer="<p>A</p>")
    qa_index.add_child(instance=page)
    AnonymisationFinding.objects.create(
        page=page, kind="suspect", category="name", text="Mr Dupont"
    )
    client.force_login(make_user("content_editor"))
    response = client.post(f"/cms/pages/{page.pk}/edit/", {"action-submit": "1", "title": "T"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cms/knowledge/qa/{page.pk}/anonymisation/")
    page.refresh_from_db()
    assert not page.workflow_in_progress
