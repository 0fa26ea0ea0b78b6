"""Our 403 page, /favicon.ico, and where each role lands after sign-in."""

import pytest

pytestmark = pytest.mark.django_db


def test_403_is_our_page_in_the_visitors_language(client, make_user):
    client.force_login(make_user("no_role"))
    response = client.get("/fr/helpdesk/")
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Accès refusé" in html
    assert "demandez à un administrateur" in html
    assert 'href="/fr/workspace/"' in html


def test_a_refused_form_token_is_our_403_page_saying_what_to_do(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/es/ask/", {"question": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Acceso denegado" in html and "recargue la página" in html


def test_favicon_ico_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO header


@pytest.mark.parametrize(
    ("actor", "landing"),
    [
        ("helpdesk_expert", "/en/helpdesk/"),
        ("helpdesk_manager", "/en/helpdesk/"),
        ("enterprise_advisor", "/en/compliance/"),
        ("programme_manager", "/en/compliance/"),
        ("factory_user", "/en/compliance/"),
        ("buyer_user", "/en/compliance/"),
        ("administrator", "/en/admin/"),
        ("no_role", "/en/"),
    ],
)
def test_each_role_lands_on_its_workspace_after_sign_in(client, make_user, actor, landing):
    user = make_user(actor)
    response = client.post(
        "/en/accounts/login/",
        {"username": user.username, "password": "correct horse battery staple"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == landing, response.redirect_chain


def test_sign_in_still_honours_next(client, make_user):
    user = make_user("helpdesk_expert")
    response = client.post(
        "/en/accounts/login/?next=/en/reports/helpdesk/",
        {
            "username": user.username,
            "password": "correct horse battery staple",
            "next": "/en/reports/helpdesk/",
        },
    )
    assert response["Location"] == "/en/reports/helpdesk/"
