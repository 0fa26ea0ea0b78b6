import pytest

from labourdesk.core.testing.permissions import login


@pytest.mark.parametrize(
    ("actor", "visible", "hidden"),
    [
        (
            "anonymous",
            ["/en/ask/", "/en/standards/", "/en/compliance/dashboard/"],
            ["/en/helpdesk/", "/en/compliance/imports/"],
        ),
        (
            "helpdesk_expert",
            ["/en/helpdesk/", "/en/reports/helpdesk/"],
            ["/en/compliance/imports/"],
        ),
        ("factory_user", ["/en/compliance/consents/"], ["/en/helpdesk/"]),
        ("buyer_user", ["/en/compliance/reports/"], ["/en/compliance/consents/", "/en/helpdesk/"]),
    ],
)
def test_navigation_shows_what_the_role_can_use(client, make_user, actor, visible, hidden):
    login(client, make_user(actor))
    html = client.get("/en/").content.decode()
    nav = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    for url in visible:
        assert f'href="{url}"' in nav, url
    for url in hidden:
        assert f'href="{url}"' not in nav, url
