from django.core.files.uploadedfile import SimpleUploadedFile

from labourdesk.compliance.importers.synthetic import export_rows, write_export
from labourdesk.compliance.models import Finding, ImportRun
from labourdesk.compliance.tests.builders import release


def test_upload_page_imports_and_shows_progress(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)
    assert client.get("/en/compliance/imports/").status_code == 200
    path = write_export(tmp_path / "e.csv", export_rows(assessments=2, questions=4))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/compliance/imports/",
            {"kind": "assessments", "file": SimpleUploadedFile("e.csv", path.read_bytes())},
        )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == "done" and run.progress == 100, run.errors
    page = client.get(response["Location"]).content.decode()
    assert "<progress" in page and "findings_created" in page
    assert Finding.objects.count() == 8


def test_upload_page_lists_every_error_and_writes_nothing(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)
    rows = list(export_rows(assessments=1, questions=4))
    rows[0][8], rows[2][5] = "Nope", "31/02/2020"
    path = write_export(tmp_path / "bad.csv", rows, r_names=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/compliance/imports/",
            {"kind": "assessments", "file": SimpleUploadedFile("bad.csv", path.read_bytes())},
        )
    response = client.get(response["Location"])
    html = response.content.decode()
    assert "Assesment.Start.Date" in html and "31/02/2020" in html and "Nope" in html
    assert not Finding.objects.exists()


def test_upload_page_refuses_other_files_with_a_400(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/en/compliance/imports/",
        {"kind": "assessments", "file": SimpleUploadedFile("x.pdf", b"%PDF")},
    )
    assert response.status_code == 400


def test_findings_entry_groups_by_cluster_and_keeps_bad_input(client, world):
    client.force_login(world.advisor)
    url = f"/en/compliance/assessments/{world.assessment.pk}/findings/"
    page = client.get(url)
    assert page.status_code == 200 and b"<progress" in page.content
    cluster = page.context["current"]
    q = cluster["questions"][0]
    response = client.post(url + f"{cluster['cluster'].pk}/", {f"value-{q.pk}": "7", "save": "1"})
    assert response.status_code == 400 and not Finding.objects.exists()
    response = client.post(
        url + f"{cluster['cluster'].pk}/",
        {f"value-{q.pk}": "1", f"evidence-{q.pk}": "payroll", "save": "1"},
    )
    assert response.status_code == 302
    assert Finding.objects.get().evidence == "payroll"


def test_report_is_in_the_factory_language(client, world):
    world.factory.language = "fr"
    world.factory.save()
    release(world)
    client.force_login(world.factory_user)
    html = client.get(f"/en/compliance/reports/{world.assessment.pk}/").content.decode()
    assert "Rapport d" in html and "Non conforme" in html


def test_factory_list_shows_only_the_visible_factories(client, world):
    client.force_login(world.factory_user)
    html = client.get("/en/compliance/factories/").content.decode()
    assert world.factory.name in html and world.other.name not in html


def test_factory_plan_page_adds_and_updates_actions(client, world):
    from labourdesk.compliance.models import ImprovementAction, PiccMember

    cp = world.version.questions.first().compliance_point
    client.force_login(world.factory_user)
    url = f"/en/compliance/factories/{world.factory.pk}/plan/"
    response = client.post(
        url,
        {
            "add_action": "1",
            "action-compliance_point": cp.pk,
            "action-description": "Train",
            "action-owner": "HR",
        },
    )
    assert response.status_code == 302
    action = ImprovementAction.objects.get()
    assert action.source == "self"
    client.post(url, {"set_status": "in_progress", "action_id": action.pk})
    action.refresh_from_db()
    assert action.status == "in_progress"
    response = client.post(
        url,
        {
            "add_member": "1",
            "member-name": "Lan",
            "member-category": "workers",
            "member-joined_on": "2024-01-02",
        },
    )
    assert response.status_code == 302 and PiccMember.objects.get().name == "Lan"
    response = client.post(url, {"set_status": "bogus", "action_id": action.pk})
    assert response.status_code == 400
    client.force_login(world.other_factory_user)
    assert client.get(url).status_code == 404


def test_questionnaire_page_shows_parts(client, world):
    client.force_login(world.manager)
    html = client.get(f"/en/compliance/questionnaires/{world.version.pk}/").content.decode()
    assert "Core" in html and "National law" in html and "Q0" in html
    assert client.get("/en/compliance/").status_code == 200


def test_tampered_form_values_are_refused_not_a_500(client, world):
    client.force_login(world.factory_user)
    assert client.post("/en/compliance/consents/", {"revoke": "abc"}).status_code == 404
    response = client.post(
        f"/en/compliance/factories/{world.factory.pk}/plan/",
        {"set_status": "completed", "action_id": "1 OR 1=1"},
    )
    assert response.status_code == 400
    client.force_login(world.advisor)
    response = client.post(
        f"/en/compliance/assessments/{world.assessment.pk}/step/", {"to": "nonsense"}
    )
    assert response.status_code == 302
