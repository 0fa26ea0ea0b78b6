"""Editing the questions of a questionnaire version through the questionnaire services."""

import pytest

from labourdesk.compliance import services
from labourdesk.compliance.models import Cluster, CompliancePoint, Question, QuestionnaireVersion
from labourdesk.core.models import AuditEntry


@pytest.fixture
def draft(world):
    return services.questionnaire_version_clone(
        actor=world.admin, source=world.version, name="Viet Nam apparel 2025"
    )


def _point(core: bool):
    basis = Cluster.Basis.CORE_LABOUR_STANDARD if core else Cluster.Basis.NATIONAL_LAW
    return CompliancePoint.objects.filter(cluster__basis=basis).first()


def _data(**over):
    return {
        "code": "VN-NEW-1",
        "text_en": "Are overtime hours within the legal limit?",
        "text_fr": "Les heures supplémentaires respectent-elles la limite légale ?",
        "type": "NCQ",
        "compliance_point": _point(core=False).pk,
        "global_key": "OT-LIMIT",
        "guidance": "Check the time records.",
        "public_disclosure": "on",
        "national_law_articles": "Labour Code art. 107",
        "position": 5,
        **over,
    }


def test_detail_groups_by_part_and_cluster_and_links_editing(client, world, draft):
    client.force_login(world.manager)
    html = client.get(f"/en/compliance/questionnaires/{draft.pk}/").content.decode()
    assert f"/en/compliance/questionnaires/{draft.pk}/questions/new/" in html
    assert f"/en/compliance/questions/{draft.questions.first().pk}/edit/" in html
    published = client.get(f"/en/compliance/questionnaires/{world.version.pk}/").content.decode()
    assert "/questions/new/" not in published
    assert f"/en/compliance/questionnaires/{world.version.pk}/clone/" in published


def test_programme_manager_adds_a_national_question(client, world, draft):
    client.force_login(world.manager)
    url = f"/en/compliance/questionnaires/{draft.pk}/questions/new/"
    page = client.get(url)
    assert page.status_code == 200 and 'for="id_text_fr"' in page.content.decode()
    response = client.post(url, _data())
    assert response.status_code == 302, response.context["form"].errors
    q = Question.objects.get(version=draft, code="VN-NEW-1")
    assert q.texts == {
        "en": "Are overtime hours within the legal limit?",
        "fr": "Les heures supplémentaires respectent-elles la limite légale ?",
    }
    assert (q.global_key, q.public_disclosure, q.part) == ("OT-LIMIT", True, "national")
    assert AuditEntry.objects.filter(action="compliance.question.create").exists()


def test_programme_manager_may_not_add_to_the_core_part(client, world, draft):
    client.force_login(world.manager)
    url = f"/en/compliance/questionnaires/{draft.pk}/questions/new/"
    response = client.post(url, _data(compliance_point=_point(core=True).pk))
    assert response.status_code == 403
    assert "edited centrally" in response.content.decode()
    assert not Question.objects.filter(code="VN-NEW-1").exists()


def test_administrator_adds_a_core_question(client, world, draft):
    client.force_login(world.admin)
    url = f"/en/compliance/questionnaires/{draft.pk}/questions/new/"
    assert client.post(url, _data(compliance_point=_point(core=True).pk)).status_code == 302
    assert Question.objects.get(code="VN-NEW-1").part == "core"


@pytest.mark.parametrize(
    "over,field",
    [
        ({"text_en": "", "text_fr": ""}, "text_en"),
        ({"type": "XYZ"}, "type"),
        ({"compliance_point": 999999}, "compliance_point"),
        ({"code": "Q0"}, None),  # the code is taken in this version: the model's constraint
    ],
)
def test_bad_input_is_shown_and_nothing_is_written(client, world, draft, over, field):
    client.force_login(world.admin)
    before = Question.objects.count()
    url = f"/en/compliance/questionnaires/{draft.pk}/questions/new/"
    response = client.post(url, _data(**over))
    assert response.status_code == 400
    html = response.content.decode()
    if field:
        assert f'id="id_{field}_error"' in html
    else:
        assert 'class="error-summary"' in html and response.context["form"].errors
    assert Question.objects.count() == before


def test_programme_manager_changes_a_national_question(client, world, draft):
    client.force_login(world.admin)
    client.post(f"/en/compliance/questionnaires/{draft.pk}/questions/new/", _data())
    q = Question.objects.get(code="VN-NEW-1")
    client.force_login(world.manager)
    url = f"/en/compliance/questions/{q.pk}/edit/"
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].fields["code"].disabled
    response = client.post(
        url, _data(text_es="¿Las horas extraordinarias respetan el límite legal?", guidance="New")
    )
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.guidance == "New" and q.texts["es"].startswith("¿Las horas")
    assert q.code == "VN-NEW-1"
    bad = client.post(url, _data(text_en="", text_fr="", text_es=""))
    assert bad.status_code == 400 and 'id="id_text_en_error"' in bad.content.decode()
    q.refresh_from_db()
    assert q.texts["en"]


def test_programme_manager_may_not_change_a_core_question(client, world, draft):
    core = next(q for q in draft.questions.all() if q.part == "core")
    client.force_login(world.manager)
    url = f"/en/compliance/questions/{core.pk}/edit/"
    for response in (client.get(url), client.post(url, _data(guidance="x"))):
        assert response.status_code == 403
        assert "edited centrally" in response.content.decode()
    core.refresh_from_db()
    assert core.guidance == ""


@pytest.mark.parametrize("who", ["advisor", "factory_user", "buyer_user"])
def test_other_roles_are_refused(client, world, draft, who):
    client.force_login(getattr(world, who))
    q = draft.questions.first()
    for url in (
        f"/en/compliance/questionnaires/{draft.pk}/questions/new/",
        f"/en/compliance/questions/{q.pk}/edit/",
        f"/en/compliance/questionnaires/{draft.pk}/clone/",
    ):
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, _data(name="x")).status_code in (403, 404), url
    assert Question.objects.filter(version=draft).count() == world.version.questions.count()
    assert QuestionnaireVersion.objects.count() == 2


def test_a_published_version_is_refused_with_a_link_to_clone(client, world):
    client.force_login(world.manager)
    q = world.version.questions.first()
    for url in (
        f"/en/compliance/questionnaires/{world.version.pk}/questions/new/",
        f"/en/compliance/questions/{q.pk}/edit/",
    ):
        page = client.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and "frozen" in html and page.context["form"] is None
        assert f"/en/compliance/questionnaires/{world.version.pk}/clone/" in html
        response = client.post(url, _data(guidance="changed"))
        assert response.status_code == 400 and "frozen" in response.content.decode()
    q.refresh_from_db()
    assert q.guidance == "" and world.version.questions.count() == 6


def test_clone_makes_a_draft_through_the_service(client, world):
    client.force_login(world.manager)
    url = f"/en/compliance/questionnaires/{world.version.pk}/clone/"
    assert client.get(url).status_code == 200
    bad = client.post(url, {"name": world.version.name})  # names are unique
    assert bad.status_code == 400 and 'id="id_name_error"' in bad.content.decode()
    assert QuestionnaireVersion.objects.count() == 1
    response = client.post(url, {"name": "Viet Nam apparel 2025"})
    clone = QuestionnaireVersion.objects.get(name="Viet Nam apparel 2025")
    assert response["Location"] == f"/en/compliance/questionnaires/{clone.pk}/"
    assert (clone.number, clone.status, clone.cloned_from) == (2, "draft", world.version)
    assert clone.questions.count() == 6
