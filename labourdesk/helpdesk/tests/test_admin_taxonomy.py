"""The helpdesk manager keeps the taxonomies in the admin: labels change, codes never do (the
annual report and the historical baselines refer to them); an expert may only read them."""

import json

import pytest

from labourdesk.helpdesk.models import Paragraph, Region, Sector, Topic, TopicDomain, UserType

pytestmark = pytest.mark.django_db

TERMS = [UserType, Region, Sector, TopicDomain, Topic]


def _url(model, action, pk=None):
    base = f"/en/admin/helpdesk/{model._meta.model_name}/"
    return f"{base}{pk}/change/" if action == "change" else f"{base}add/"


def _form_data(term, **changes) -> dict:
    data = {
        "labels": json.dumps({**term.labels, **changes.pop("labels", {})}),
        "position": term.position,
        "active": "on" if term.active else "",
        "code": changes.pop("code", term.code),
    }
    if isinstance(term, Region):
        data.update(is_user_region="on", is_region_concerned="on")
    if isinstance(term, Topic):
        data["domain"] = term.domain_id
    return data


@pytest.mark.parametrize("model", TERMS, ids=lambda m: m.__name__)
def test_manager_edits_a_label_but_never_the_code(client, make_user, model):
    manager = make_user("helpdesk_manager")
    client.force_login(manager)
    term = model.objects.order_by("pk").first()
    code = term.code

    page = client.get(_url(model, "change", term.pk))
    assert page.status_code == 200
    assert 'name="code"' not in page.content.decode()  # shown read-only
    assert code in page.content.decode()

    response = client.post(
        _url(model, "change", term.pk),
        _form_data(term, labels={"en": "Edited label"}, code="renamed-code"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    term.refresh_from_db()
    assert term.labels["en"] == "Edited label"
    assert term.code == code


def test_manager_adds_a_term_with_its_code(client, make_user):
    client.force_login(make_user("helpdesk_manager"))
    response = client.post(
        _url(Sector, "add"),
        {
            "code": "tourism",
            "labels": json.dumps({"en": "Tourism"}),
            "position": 99,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Sector.objects.get(code="tourism").labels == {"en": "Tourism"}


def test_terms_cannot_be_deleted(client, make_user):
    client.force_login(make_user("helpdesk_manager"))
    term = Sector.objects.order_by("pk").first()
    response = client.post(f"/en/admin/helpdesk/sector/{term.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Sector.objects.filter(pk=term.pk).exists()


@pytest.mark.parametrize("model", TERMS, ids=lambda m: m.__name__)
def test_expert_reads_but_cannot_edit(client, make_user, model):
    client.force_login(make_user("helpdesk_expert"))
    term = model.objects.order_by("pk").first()
    before = dict(term.labels)
    page = client.get(_url(model, "change", term.pk))
    assert page.status_code == 200  # view permission: read-only page
    assert 'name="labels"' not in page.content.decode()
    response = client.post(_url(model, "change", term.pk), _form_data(term, labels={"en": "X"}))
    assert response.status_code == 403
    assert client.get(_url(model, "add")).status_code == 403
    term.refresh_from_db()
    assert term.labels == before


@pytest.mark.parametrize("role", ["content_editor", "enterprise_advisor"])
def test_other_staff_roles_do_not_reach_the_taxonomies(client, make_user, role):
    client.force_login(make_user(role))
    term = Sector.objects.order_by("pk").first()
    assert client.get(_url(Sector, "change", term.pk)).status_code in (403, 302)


def test_manager_keeps_the_reusable_paragraphs(client, make_user):
    client.force_login(make_user("helpdesk_manager"))
    response = client.post(
        _url(Paragraph, "add"),
        {
            "title": "Child labour basics",
            "language": "en",
            "body_markdown": "C138 sets…",
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Paragraph.objects.filter(title="Child labour basics").exists()


@pytest.mark.django_db
def test_every_classification_term_is_named_in_every_language(reference_data):
    """The report's tables and the Ask page name each term in the page's language: the six
    languages of the site, no fallback to English (data/helpdesk/*.csv)."""
    from django.conf import settings

    from labourdesk.helpdesk.models import Region, Sector, Topic, TopicDomain, UserType

    languages = {code for code, _name in settings.LANGUAGES}
    for model in (UserType, Sector, Region, TopicDomain, Topic):
        for term in model.objects.all():
            assert languages <= set(term.labels), (model.__name__, term.code, term.labels)
