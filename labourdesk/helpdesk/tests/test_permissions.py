"""The permission matrix: every helpdesk page and endpoint × every actor."""

import pytest
from django.contrib.auth.models import Permission

from labourdesk.core.testing.actors import create_actor
from labourdesk.core.testing.permissions import assert_access, login, matrix
from labourdesk.helpdesk.tests.conftest import ask

STAFF = {"helpdesk_expert", "helpdesk_manager", "administrator"}
EVERYONE = matrix(
    allowed={
        "anonymous",
        "no_role",
        *__import__("labourdesk.core.roles", fromlist=["x"]).ROLE_CODES,
    }
)


@pytest.fixture
def partner(reference_data):
    user = create_actor("no_role")
    user.user_permissions.add(Permission.objects.get(codename="add_inquiry"))
    return user


def _actor(make_user, actor, partner=None):
    if actor == "partner":
        return partner
    return make_user(actor)


@pytest.mark.parametrize(("actor", "allowed"), EVERYONE)
def test_ask_page_is_public(client, make_user, actor, allowed):
    login(client, make_user(actor))
    assert_access(client.get("/en/ask/"), allowed, actor=actor)
    assert_access(client.get("/en/ask/thanks/"), allowed, actor=actor)


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=set()))
def test_wrong_private_link_is_404_for_everyone(client, make_user, actor, allowed):
    login(client, make_user(actor))
    ask()
    response = client.get("/en/helpdesk/c/not-a-real-token-123/")
    assert response.status_code == 404


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=STAFF))
def test_staff_pages(client, make_user, actor, allowed):
    case = ask()
    login(client, make_user(actor))
    assert_access(client.get("/en/helpdesk/"), allowed, actor=actor)
    assert_access(client.get(f"/en/helpdesk/cases/{case.pk}/"), allowed, actor=actor)
    response = client.post(f"/en/helpdesk/cases/{case.pk}/note/", {"body": "internal"})
    assert_access(response, allowed, ok=(302,), actor=actor)
    assert case.notes.exists() == allowed


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=STAFF))
def test_requester_identity_only_for_helpdesk_roles(client, make_user, actor, allowed):
    case = ask(email="secret.person@example.org")
    login(client, make_user(actor))
    for url in (
        "/en/helpdesk/",
        f"/en/helpdesk/cases/{case.pk}/",
        "/api/helpdesk/cases/",
        f"/api/helpdesk/cases/{case.pk}/",
        "/api/helpdesk/inquiries/",
    ):
        assert ("secret.person@example.org" in client.get(url).content.decode()) == allowed, url


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=STAFF))
@pytest.mark.parametrize("path", ["cases/", "cases/{pk}/", "inquiries/", "drafts/"])
def test_api_reads(client, make_user, actor, allowed, path):
    case = ask()
    login(client, make_user(actor))
    response = client.get("/api/helpdesk/" + path.format(pk=case.pk))
    assert_access(response, allowed, actor=actor)
    if not allowed:
        assert set(response.json()) == {"message", "extra"}


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=STAFF))
def test_api_workflow_step(client, make_user, actor, allowed):
    case = ask()
    login(client, make_user(actor))
    response = client.post(
        f"/api/helpdesk/cases/{case.pk}/triage/",
        {"admissible": True},
        content_type="application/json",
    )
    assert_access(response, allowed, actor=actor)
    case.refresh_from_db()
    assert (case.status == "triaged") == allowed


@pytest.mark.parametrize(
    ("actor", "allowed"), matrix(allowed={"administrator", "partner"}, extra=["partner"])
)
def test_api_intake(client, make_user, partner, actor, allowed):
    user = _actor(make_user, actor, partner)
    login(client, user)
    response = client.post(
        "/api/helpdesk/intake/",
        {
            "question": "Q?",
            "name": "N",
            "email": "n@example.org",
            "user_type": "workers_unions",
            "country": "FR",
        },
        content_type="application/json",
    )
    assert_access(response, allowed, ok=(201,), actor=actor)
