"""Answers kept only in the browser: what the server receives and stores (nothing, until the
visitor asks for the result, which is computed without storing; or a private link after all)."""

import io

import pytest
from django.urls import reverse

from labourdesk.selfassessment.models import Answer, Contribution, SelfAssessment
from labourdesk.selfassessment.selectors import question_set

pytestmark = pytest.mark.django_db

SETUP = {"country": "VNM", "industry": "apparel", "entity_kind": "enterprise"}
QUERY = "country=VNM&industry=apparel&entity_kind=enterprise"


def _nothing_stored():
    assert SelfAssessment.objects.count() == 0
    assert Answer.objects.count() == 0
    assert Contribution.objects.count() == 0


def _answers(choose):
    data = dict(SETUP)
    for q in question_set(sse=False, language="en"):
        data[f"q-{q.code}"] = choose(q)
        data[f"n-{q.code}"] = "kept in the browser"
    return data


def test_the_choice_is_offered_only_to_the_script_and_explained_without_it(client):
    body = client.get("/en/self-assessment/").content.decode()
    assert '<fieldset class="field" id="sa-storage" aria-describedby="storage_help" hidden>' in body
    assert "Keeping them only in this browser needs JavaScript" in body
    assert "selfassessment/sa-local" in body
    # No choice posted (no script): a private link, as before.
    response = client.post("/en/self-assessment/", SETUP)
    assert "/self-assessment/r/" in response["Location"]


def test_starting_in_the_browser_creates_nothing(client):
    response = client.post("/en/self-assessment/", {**SETUP, "storage": "browser"})
    assert response.status_code == 302
    assert response["Location"] == f"/en/self-assessment/browser/fundamental/?{QUERY}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Your answers are kept only in this browser." in body
    assert 'data-local="' in body and 'id="sa-codes"' in body
    assert "no-store" in page["Cache-Control"]
    # The next area is a link: moving on sends no answer.
    assert f'href="/en/self-assessment/browser/osh/?{QUERY.replace("&", "&amp;")}"' in body
    _nothing_stored()


def test_the_result_is_computed_from_the_posted_answers_and_not_stored(client):
    from pypdf import PdfReader

    data = _answers(lambda q: "no" if q.area == "osh" else "yes")
    response = client.post(reverse("selfassessment:local_result"), data)
    assert response.status_code == 200
    body = response.content.decode().replace("&#x27;", "'")
    assert "Your answers are kept only in this browser." in body
    assert "0%" in body and "100%" in body
    for q in question_set(sse=False, language="en"):
        if q.area == "osh":
            assert q.action in body
    # The downloads and the private link post the same answers back.
    assert body.count('type="hidden" name="q-') == len(question_set(sse=False, language="en"))
    assert "Nothing is counted from answers kept only in this browser." in body
    pdf = client.post(reverse("selfassessment:local_export", args=["pdf"]), data)
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "Walk through the workplace with workers" in text
    csv = client.post(reverse("selfassessment:local_export", args=["csv"]), data)
    assert csv.status_code == 200 and "Occupational safety and health" in csv.content.decode(
        "utf-8-sig"
    )
    _nothing_stored()


def test_bad_input_in_the_browser_mode(client):
    bad = client.get("/en/self-assessment/browser/fundamental/?industry=spaceships&entity_kind=x")
    assert bad.status_code == 400 and 'class="errorlist"' in bad.content.decode()
    assert client.get(f"/en/self-assessment/browser/governance/?{QUERY}").status_code == 404
    assert client.get(reverse("selfassessment:local_result")).status_code == 405
    data = _answers(lambda q: "yes")
    first = question_set(sse=False, language="en")[0]
    data[f"q-{first.code}"] = "maybe"
    response = client.post(reverse("selfassessment:local_result"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "One answer sent was not one of the choices" in body
    assert "One question is not answered yet" in body
    assert (
        client.post(reverse("selfassessment:local_export", args=["docx"]), data).status_code == 404
    )
    _nothing_stored()


def test_the_answers_can_go_under_a_private_link_after_all(client):
    data = _answers(lambda q: "partly")
    response = client.post(reverse("selfassessment:local_keep"), data)
    assert response.status_code == 302 and "/self-assessment/r/" in response["Location"]
    assessment = SelfAssessment.objects.get()
    assert assessment.answers.count() == len(question_set(sse=False, language="en"))
    assert assessment.completed_at is not None
    overview = client.get(response["Location"]).content.decode()
    assert "now kept under the private link" in overview
    assert "kept on this site under your private link" in overview
