import pytest

from labourdesk.compliance import services
from labourdesk.compliance.models import ReportConsent
from labourdesk.compliance.tests.builders import answer_all, release
from labourdesk.core.models import AuditEntry


def test_buyer_lists_only_granted_factories_and_is_audited(client, world):
    release(world)
    client.force_login(world.buyer_user)
    assert client.get("/api/compliance/factories/").json()["results"] == []
    services.consent_grant(
        actor=world.factory_user, factory=world.factory, buyer=world.buyer, level="summary"
    )
    data = client.get("/api/compliance/factories/").json()
    assert [f["id"] for f in data["results"]] == [world.factory.pk]
    assert client.get("/api/compliance/findings/").json()["results"] == []
    assert AuditEntry.objects.filter(
        action="compliance.api.buyer_access", actor=world.buyer_user
    ).exists()


def test_factory_grants_and_revokes_through_the_api(client, world):
    client.force_login(world.factory_user)
    response = client.post(
        "/api/compliance/consents/",
        {"factory": world.factory.pk, "buyer": world.buyer.pk, "level": "full"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(f"/api/compliance/consents/{pk}/revoke/")
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert not ReportConsent.objects.active().exists()


def test_grant_for_another_factory_is_a_404_and_bad_level_a_400(client, world):
    client.force_login(world.factory_user)
    response = client.post(
        "/api/compliance/consents/",
        {"factory": world.other.pk, "buyer": world.buyer.pk, "level": "full"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert set(response.json()) == {"message", "extra"}
    response = client.post(
        "/api/compliance/consents/",
        {"factory": world.factory.pk, "buyer": world.buyer.pk, "level": "everything"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "level" in response.json()["extra"]["fields"]


def test_transition_through_the_api(client, world):
    client.force_login(world.advisor)
    url = f"/api/compliance/assessments/{world.assessment.pk}/transition/"
    response = client.post(url, {"to": "finalised"}, content_type="application/json")
    assert response.status_code == 400 and response.json()["message"]
    answer_all(world)
    response = client.post(url, {"to": "in_review"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "in_review"
    response = client.post(url, {"to": "finalised"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["message"]  # four eyes
    client.force_login(world.advisor_m)
    response = client.post(url, {"to": "finalised"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "finalised"
    client.force_login(world.factory_user)
    assert client.post(url, {"to": "released"}, content_type="application/json").status_code in (
        403,
        404,
    )


@pytest.mark.parametrize(
    "endpoint",
    [
        "programmes",
        "questionnaires",
        "questions",
        "factories",
        "buyers",
        "relationships",
        "consents",
        "assessments",
        "findings",
        "improvement-actions",
        "progress-reports",
        "advisory-visits",
        "picc-members",
        "picc-meetings",
        "imports",
    ],
)
def test_every_list_endpoint_answers_staff_and_refuses_anonymous(client, world, endpoint):
    assert client.get(f"/api/compliance/{endpoint}/").status_code in (401, 403)
    client.force_login(world.advisor)
    assert client.get(f"/api/compliance/{endpoint}/").status_code == 200


def test_improvement_plan_through_the_api(client, world):
    release(world)
    cp = world.version.questions.first().compliance_point
    client.force_login(world.factory_user)
    response = client.post(
        "/api/compliance/improvement-actions/",
        {
            "factory": world.factory.pk,
            "compliance_point": cp.pk,
            "description": "Fix exits",
            "owner": "HR",
            "status": "pending",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "self"
    url = f"/api/compliance/improvement-actions/{body['id']}/"
    response = client.patch(url, {"status": "completed"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "completed"
    assert client.post(url + "verify/").status_code in (403, 404)
    client.force_login(world.advisor)
    assert client.post(url + "verify/").json()["verified_by"] == world.advisor.pk
    # Another factory's user cannot add to this factory's plan (its factory id is answered like
    # one that does not exist); a buyer cannot write at all.
    client.force_login(world.other_factory_user)
    answers = [
        client.post(
            "/api/compliance/improvement-actions/",
            {"factory": pk, "compliance_point": cp.pk, "description": "x"},
            content_type="application/json",
        )
        for pk in (world.factory.pk, 999_999)
    ]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json()["extra"] == {
        "fields": {"factory": [f'Invalid pk "{world.factory.pk}" - object does not exist.']}
    }
    client.force_login(world.buyer_user)
    response = client.post(
        "/api/compliance/improvement-actions/",
        {"factory": world.factory.pk, "compliance_point": cp.pk, "description": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_picc_member_through_the_api_refuses_bad_dates(client, world):
    client.force_login(world.factory_user)
    response = client.post(
        "/api/compliance/picc-members/",
        {
            "factory": world.factory.pk,
            "name": "A",
            "category": "workers",
            "joined_on": "2024-02-01",
            "left_on": "2023-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and set(response.json()) == {"message", "extra"}
    response = client.post(
        "/api/compliance/picc-members/",
        {
            "factory": world.factory.pk,
            "name": "A",
            "category": "workers",
            "joined_on": "2024-02-01",
            "is_chair": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 201
