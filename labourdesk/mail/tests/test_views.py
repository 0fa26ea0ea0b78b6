"""Quarantine pages: generated permission matrix, then the release/discard workflow."""

import pytest
from django.urls import reverse

from labourdesk.core.testing.permissions import assert_access, login, matrix
from labourdesk.mail.models import InboundMail
from labourdesk.mail.services import mail_ingest
from labourdesk.mail.tests.factories import make_mail

pytestmark = pytest.mark.django_db
STAFF = {"helpdesk_expert", "helpdesk_manager", "administrator"}


def _inquiry_of(mail):
    """The inquiry a mail became (the helpdesk's Inquiry points at its mail), or None."""
    from labourdesk.helpdesk.models import Inquiry

    return Inquiry.objects.filter(inbound_mail=mail).first()


@pytest.fixture
def held():
    raw = make_mail(
        subject="Out of office",
        body="I am away.\n\nOn Mon, 1 Jun 2026, Helpdesk wrote:\n> Our answer",
        headers={"Auto-Submitted": "auto-replied"},
    )
    return mail_ingest(raw=raw, source="test").mail


@pytest.mark.parametrize(("actor", "allowed"), matrix(allowed=STAFF))
def test_quarantine_pages(client, make_user, held, actor, allowed):
    user = make_user(actor, is_superuser=actor == "administrator")
    login(client, user)
    for url in (
        reverse("mail:quarantine_list"),
        reverse("mail:quarantine_detail", args=[held.pk]),
    ):
        assert_access(client.get(url), allowed, actor=actor)
    response = client.post(reverse("mail:quarantine_discard", args=[held.pk]))
    assert_access(response, allowed, ok=(302,), actor=actor)
    held.refresh_from_db()
    expected = InboundMail.Status.DISCARDED if allowed else InboundMail.Status.QUARANTINED
    assert held.status == expected


def test_expert_sees_the_reason_and_releases(client, make_user, held):
    client.force_login(make_user("helpdesk_expert"))
    page = client.get(reverse("mail:quarantine_list")).content.decode()
    assert "Out of office" in page and "Automatic reply" in page
    detail = client.get(reverse("mail:quarantine_detail", args=[held.pk])).content.decode()
    assert "I am away." in detail and "<details>" in detail  # quoted history folded
    response = client.post(reverse("mail:quarantine_release", args=[held.pk]))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == InboundMail.Status.RELEASED and _inquiry_of(held) is not None
    # Released mail leaves the queue; releasing twice is refused with a message, not a 500.
    assert "Out of office" not in client.get(reverse("mail:quarantine_list")).content.decode()
    again = client.post(reverse("mail:quarantine_release", args=[held.pk]), follow=True)
    assert "not in the quarantine" in again.content.decode()


def test_pages_are_translated(client, make_user, held):
    client.force_login(make_user("helpdesk_manager"))
    page = client.get(reverse("mail:quarantine_list").replace("/en/", "/fr/"))
    assert "Quarantaine du courrier" in page.content.decode()
