from django.core.files.uploadedfile import SimpleUploadedFile

from labourdesk.compliance.importers.synthetic import export_rows, write_export
from labourdesk.compliance.models import (
    Assessment,
    CompliancePoint,
    Factory,
    Finding,
    ImportRun,
    QuestionnaireVersion,
)

JSON = "application/json"


def test_questionnaire_lifecycle_through_the_api(client, world):
    client.force_login(world.manager)
    response = client.post(
        f"/api/compliance/questionnaires/{world.version.pk}/clone/",
        {"name": "VN 2025"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    clone = response.json()
    assert clone["status"] == "draft" and clone["cloned_from"] == world.version.pk
    national = CompliancePoint.objects.get(code="overtime")
    response = client.post(
        "/api/compliance/questions/",
        {
            "version": clone["id"],
            "code": "N9",
            "global_key": "OT-9",
            "texts": {"en": "Overtime paid?", "fr": "Heures sup. payées ?"},
            "compliance_point": national.pk,
            "type": "NCQ",
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    core = CompliancePoint.objects.get(code="child_labourers")
    response = client.post(
        "/api/compliance/questions/",
        {
            "version": clone["id"],
            "code": "C9",
            "texts": {"en": "Children?"},
            "compliance_point": core.pk,
            "type": "NCQ",
        },
        content_type=JSON,
    )
    assert response.status_code == 403, response.content  # the core part is edited centrally
    response = client.post(f"/api/compliance/questionnaires/{clone['id']}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    q = QuestionnaireVersion.objects.get(pk=clone["id"]).questions.get(code="N9")
    response = client.patch(
        f"/api/compliance/questions/{q.pk}/", {"guidance": "x"}, content_type=JSON
    )
    assert response.status_code == 400 and "frozen" in str(response.json())


def test_plan_an_assessment_and_save_findings_through_the_api(client, world):
    client.force_login(world.advisor)
    response = client.post(
        "/api/compliance/assessments/",
        {
            "factory": world.other.pk,
            "version": world.version.pk,
            "cycle": 1,
            "start_date": "2024-06-01",
            "advisors": [world.advisor.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["advisor_warnings"]  # one advisor only
    questions = list(world.version.questions.all())
    url = f"/api/compliance/assessments/{body['id']}/findings/"
    bad = {"findings": [{"question": questions[0].pk, "value": "yes"}]}
    response = client.post(url, bad, content_type=JSON)
    assert response.status_code == 400 and set(response.json()) == {"message", "extra"}
    good = {
        "findings": [{"question": q.pk, "value": "0" if q.is_scored else "3"} for q in questions]
    }
    assert client.post(url, good, content_type=JSON).json() == {"changed": len(questions)}
    assert Finding.objects.filter(assessment_id=body["id"]).count() == len(questions)
    # Out of scope: an advisor of no programme gets a 404.
    assert Assessment.objects.filter(pk=body["id"]).exists()


def test_register_a_factory_through_the_api(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/api/compliance/factories/",
        {
            "name": "Kappa",
            "country": world.country.pk,
            "industry": "footwear",
            "workers_female": 10,
            "workers_male": 12,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    response = client.post(
        "/api/compliance/factories/",
        {"name": "Elsewhere", "country": world.country.pk + 1, "industry": "apparel"},
        content_type=JSON,
    )
    assert response.status_code in (400, 403)
    assert not Factory.objects.filter(name="Elsewhere").exists()


def test_upload_an_export_through_the_api(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)
    path = write_export(tmp_path / "e.xlsx", export_rows(assessments=1, questions=3))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/compliance/imports/",
            {"kind": "assessments", "file": SimpleUploadedFile("e.xlsx", path.read_bytes())},
        )
    assert response.status_code == 201, response.content
    run = ImportRun.objects.get(pk=response.json()["id"])
    assert run.status == "done", run.errors
    response = client.get(f"/api/compliance/imports/{run.pk}/")
    assert response.json()["summary"]["findings_created"] == 3
