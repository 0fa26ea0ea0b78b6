"""Planning an assessment from the factory page, through `assessment_create`."""

import pytest

from labourdesk.compliance import services
from labourdesk.compliance.models import Assessment


def _url(world):
    return f"/en/compliance/factories/{world.factory.pk}/assessments/new/"


def _data(world, **over):
    return {
        "version": world.version.pk,
        "cycle": 2,
        "start_date": "2025-03-03",
        "end_date": "2025-03-05",
        "advisor_1": world.advisor.pk,
        "advisor_2": world.advisor_m.pk,
        **over,
    }


def test_factory_page_links_to_planning_for_staff_only(client, world):
    client.force_login(world.manager)
    assert (
        _url(world) in client.get(f"/en/compliance/factories/{world.factory.pk}/").content.decode()
    )
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="full"
    )
    client.force_login(world.factory_user)
    assert (
        _url(world)
        not in client.get(f"/en/compliance/factories/{world.factory.pk}/").content.decode()
    )


@pytest.mark.parametrize("who", ["advisor", "manager"])
def test_staff_plans_an_assessment(client, world, who):
    client.force_login(getattr(world, who))
    page = client.get(_url(world))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'for="id_advisor_1"' in html and 'for="id_start_date"' in html
    response = client.post(_url(world), _data(world))
    assert response.status_code == 302
    created = Assessment.objects.get(factory=world.factory, cycle=2)
    assert response["Location"] == f"/en/compliance/assessments/{created.pk}/"
    assert set(created.advisors.all()) == {world.advisor, world.advisor_m}
    assert "warning" not in client.get(response["Location"]).content.decode().lower()


def test_the_service_warning_is_shown_for_two_women(client, world, make_user):
    second_woman = make_user("enterprise_advisor", sex="F")
    services.programme_add_staff(actor=world.admin, programme=world.programme, user=second_woman)
    client.force_login(world.advisor)
    response = client.post(_url(world), _data(world, advisor_2=second_woman.pk), follow=True)
    assert response.status_code == 200
    assert "Where possible, the two advisors are a woman and a man." in response.content.decode()
    assert Assessment.objects.filter(cycle=2).exists()


@pytest.mark.parametrize("who,status", [("factory_user", 403), ("buyer_user", 404)])
def test_factory_and_buyer_users_are_refused(client, world, who, status):
    client.force_login(getattr(world, who))
    assert client.get(_url(world)).status_code == status
    assert client.post(_url(world), _data(world)).status_code == status
    assert not Assessment.objects.filter(cycle=2).exists()


def test_staff_of_another_country_gets_404(client, world, make_user):
    client.force_login(make_user("enterprise_advisor"))
    assert client.get(_url(world)).status_code == 404


@pytest.mark.parametrize(
    "over,field",
    [
        ({"start_date": "31/02/2025"}, "start_date"),
        ({"end_date": "2025-03-01"}, "end_date"),
        ({"advisor_2": None}, None),  # same advisor twice, filled in below
        ({"cycle": 1}, None),  # cycle 1 exists already: the model's constraint, via the service
    ],
)
def test_bad_input_is_shown_and_nothing_is_written(client, world, over, field):
    if "advisor_2" in over:
        over = {"advisor_2": world.advisor.pk}
        field = "advisor_2"
    client.force_login(world.advisor)
    before = Assessment.objects.count()
    response = client.post(_url(world), _data(world, **over))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors
        assert f'id="id_{field}_error"' in response.content.decode()
    else:
        assert 'class="error-summary"' in response.content.decode()
    assert Assessment.objects.count() == before


def test_a_draft_version_is_not_offered_and_refused(client, world):
    draft = services.questionnaire_version_clone(
        actor=world.admin, source=world.version, name="Viet Nam apparel 2025"
    )
    client.force_login(world.manager)
    page = client.get(_url(world))
    assert draft not in page.context["form"].fields["version"].queryset
    response = client.post(_url(world), _data(world, version=draft.pk))
    assert response.status_code == 400 and "version" in response.context["form"].errors
    assert not Assessment.objects.filter(cycle=2).exists()
