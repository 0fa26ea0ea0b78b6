"""National-law questions from a published questionnaire; the question set in the CMS."""

import pytest
from django.urls import reverse

from labourdesk.compliance.tests.builders import build_world
from labourdesk.selfassessment.models import SelfAssessment, SelfAssessmentQuestion
from labourdesk.selfassessment.selectors import NATIONAL_PREFIX, questions_for
from labourdesk.selfassessment.tests.helpers import answer_all, start

pytestmark = pytest.mark.django_db


def test_a_published_questionnaire_adds_its_national_law_questions(client, make_user):
    world = build_world(make_user, questions=6)
    version = world.assessment.version
    token = start(client, country="VNM", industry="apparel")
    assessment = SelfAssessment.objects.get(token_hash=SelfAssessment.hash_token(token))
    assert assessment.questionnaire == version
    national = [q for q in questions_for(assessment) if q.area == "national"]
    core = set(version.core_clusters.values_list("id", flat=True))
    expected = [q for q in version.questions.filter(type="NCQ") if q.part_in(core) == "national"]
    assert len(national) == len(expected) > 0
    assert all(q.code.startswith(NATIONAL_PREFIX) for q in national)
    assert client.get(reverse("selfassessment:area", args=[token, "national"])).status_code == 200
    answer_all(client, assessment, token, choose=lambda q: "no" if q.area == "national" else "yes")
    body = client.get(reverse("selfassessment:result", args=[token])).content.decode()
    assert "Apply the national law on" in body
    # Another country, or another industry, has no such questions.
    other = start(client, country="FRA", industry="apparel")
    other_assessment = SelfAssessment.objects.get(token_hash=SelfAssessment.hash_token(other))
    assert other_assessment.questionnaire is None
    assert not [q for q in questions_for(other_assessment) if q.area == "national"]


@pytest.mark.parametrize("role", ["content_editor", "translator"])
def test_editors_and_translators_reach_the_questions_in_the_cms(client, make_user, role):
    user = make_user(role)
    client.force_login(user)
    listing = client.get("/cms/snippets/selfassessment/selfassessmentquestion/")
    assert listing.status_code == 200
    row = SelfAssessmentQuestion.objects.get(code="osh-ppe", locale__language_code="fr")
    edit = client.get(f"/cms/snippets/selfassessment/selfassessmentquestion/edit/{row.pk}/")
    assert edit.status_code == 200
    assert "osh-ppe" in edit.content.decode()


def test_the_public_cannot_reach_the_cms_questions(client):
    response = client.get("/cms/snippets/selfassessment/selfassessmentquestion/")
    assert response.status_code in (302, 403)


def test_an_edit_saved_through_the_service_is_a_revision(make_user):
    row = SelfAssessmentQuestion.objects.get(code="osh-ppe", locale__language_code="es")
    row.text = "¿Texto revisado?"
    revision = row.save_revision(user=make_user("content_editor"))
    assert revision.content["text"] == "¿Texto revisado?"
    assert row.revisions.count() == 1
