"""Six languages in the URL, alternates on every page, the browser's language picks the first."""

import re

import pytest
from django.conf import settings

LANGS = [code for code, _ in settings.LANGUAGES]


@pytest.mark.parametrize("lang", LANGS)
def test_home_in_every_language(client, db, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    # One alternate per language plus x-default, all absolute.
    alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html)
    assert {h for h, _ in alternates} == {*LANGS, "x-default"}
    assert all(href.startswith("http://testserver/") for _, href in alternates)
    # The switcher links keep the page.
    for other in LANGS:
        assert f'href="/{other}/" lang="{other}"' in html


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("fr-CH,fr;q=0.9", "/fr/"),
        ("es", "/es/"),
        ("zh-CN,zh;q=0.9", "/zh-hans/"),
        ("ja", "/ja/"),
        ("vi", "/vi/"),
        ("de-DE", "/en/"),
        ("", "/en/"),
    ],
)
def test_root_redirects_to_the_browsers_language(client, db, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == expected


def test_translated_home_says_what_labourdesk_is(client, db):
    assert "Helpdesk for Business" in client.get("/en/").content.decode()
    assert "Helpdesk pour les entreprises" in client.get("/fr/").content.decode()
    assert "Helpdesk para empresas" in client.get("/es/").content.decode()


def test_unknown_language_prefix_is_a_404_in_the_default_language(client, db):
    response = client.get("/de/", HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Page not found" in html


def test_skip_link_and_landmarks(client, db):
    html = client.get("/en/").content.decode()
    assert 'class="skip-link" href="#main"' in html
    for landmark in ("<header", '<main id="main"', "<footer", "<nav"):
        assert landmark in html
