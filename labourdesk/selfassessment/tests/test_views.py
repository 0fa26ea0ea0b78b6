"""The journey through the pages (Django's test client) and its bad input."""

import io
import json
import logging

import pytest
from django.urls import reverse

from labourdesk.core.testing.fixtures import shared_path
from labourdesk.selfassessment.models import Answer, Contribution, ContributionArea, SelfAssessment
from labourdesk.selfassessment.selectors import MIN_ENTITIES, aggregates, questions_for
from labourdesk.selfassessment.tests.helpers import answer_all, start

pytestmark = pytest.mark.django_db


def _assessment(token):
    return SelfAssessment.objects.get(token_hash=SelfAssessment.hash_token(token))


def test_start_keeps_only_the_hash_of_the_token(client):
    token = start(client)
    assessment = _assessment(token)
    assert token not in assessment.token_hash
    assert len(token) >= 40
    response = client.get(reverse("selfassessment:overview", args=[token]) + "?new=1")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"
    assert "Keep this private link" in response.content.decode()


def test_start_refuses_a_choice_outside_the_lists(client):
    response = client.post(
        "/en/self-assessment/", {"country": "XXX", "industry": "spaceships", "entity_kind": "x"}
    )
    assert response.status_code == 400
    assert SelfAssessment.objects.count() == 0
    body = response.content.decode()
    assert body.count('class="errorlist"') == 3  # one message beside each field


@pytest.mark.parametrize("path", ["", "area/fundamental/", "result/", "result.pdf", "result.csv"])
def test_a_tampered_link_is_a_404_page(client, path):
    token = start(client)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.get(f"/en/self-assessment/r/{tampered}/{path}")
    assert response.status_code == 404
    assert b"<html" in response.content
    assert client.get(f"/en/self-assessment/r/{'x' * 500}/").status_code == 404


def test_an_unknown_area_and_format_are_404(client):
    token = start(client)
    assert client.get(reverse("selfassessment:area", args=[token, "nowhere"])).status_code == 404
    assert client.get(f"/en/self-assessment/r/{token}/result.docx").status_code == 404
    # Governance is for social and solidarity economy entities only.
    assert client.get(reverse("selfassessment:area", args=[token, "governance"])).status_code == 404


def test_bad_answers_get_a_message_beside_the_question_and_nothing_is_lost(client):
    token = start(client)
    assessment = _assessment(token)
    fundamental = [q for q in questions_for(assessment) if q.area == "fundamental"]
    first, second, third = fundamental[:3]
    data = {
        "save_continue": "1",
        f"q-{first.code}": "yes",
        f"n-{first.code}": "We check IDs.",
        f"q-{second.code}": "maybe",  # not a choice
        # third skipped
    }
    response = client.post(reverse("selfassessment:area", args=[token, "fundamental"]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="err-' + second.code + '"' in body
    assert "This answer is not one of the choices" in body
    assert 'id="err-' + third.code + '"' in body
    assert "Choose an answer to this question." in body
    # The good answer and its note are kept; the refused one is not stored.
    stored = {a.question_code: a for a in assessment.answers.all()}
    assert stored[first.code].choice == "yes" and stored[first.code].note == "We check IDs."
    assert second.code not in stored
    # "not applicable" is refused where the question does not allow it
    strict = next(q for q in fundamental if not q.allow_not_applicable)
    response = client.post(
        reverse("selfassessment:area", args=[token, "fundamental"]),
        {"save_later": "1", f"q-{strict.code}": "na"},
    )
    assert response.status_code == 400


def test_save_for_later_needs_no_complete_area(client):
    token = start(client)
    assessment = _assessment(token)
    q = next(q for q in questions_for(assessment) if q.area == "osh")
    response = client.post(
        reverse("selfassessment:area", args=[token, "osh"]),
        {"save_later": "1", f"q-{q.code}": "no"},
    )
    assert response.status_code == 302
    assert assessment.answers.get(question_code=q.code).choice == "no"


def test_naughty_strings_in_notes(client):
    strings = json.loads(
        shared_path("data", "test-corpora", "naughty-strings", "blns.json").read_text()
    )
    token = start(client)
    assessment = _assessment(token)
    questions = questions_for(assessment)
    for i in range(0, len(strings), len(questions)):
        batch = strings[i : i + len(questions)]
        data = {"save_later": "1"}
        for q, note in zip(questions, batch, strict=False):
            data[f"q-{q.code}"] = "partly"
            data[f"n-{q.code}"] = note
        for area in {q.area for q in questions}:
            response = client.post(reverse("selfassessment:area", args=[token, area]), data)
            assert response.status_code == 302
    assert assessment.answers.count() == len(questions)
    # Every page and every export still works with them.
    assert client.get(reverse("selfassessment:result", args=[token])).status_code == 200
    for fmt in ("pdf", "csv", "xlsx"):
        assert client.get(reverse("selfassessment:export", args=[token, fmt])).status_code == 200
    for q in questions:
        assert client.get(reverse("selfassessment:area", args=[token, q.area])).status_code == 200


def test_replaced_link_and_deleted_answers(client):
    token = start(client)
    response = client.post(reverse("selfassessment:replace_link", args=[token]))
    new = response["Location"].split("/r/")[1].split("/")[0]
    assert client.get(reverse("selfassessment:overview", args=[token])).status_code == 404
    assert client.get(reverse("selfassessment:overview", args=[new])).status_code == 200
    # Deleting asks for the box to be ticked
    client.post(reverse("selfassessment:delete", args=[new]))
    assert SelfAssessment.objects.count() == 1
    client.post(reverse("selfassessment:delete", args=[new]), {"confirm": "yes"})
    assert SelfAssessment.objects.count() == 0 and Answer.objects.count() == 0
    assert client.get(reverse("selfassessment:overview", args=[new])).status_code == 404


def test_result_plan_and_exports(client):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    token = start(client, kind="cooperative")
    assessment = _assessment(token)
    answer_all(client, assessment, token, choose=lambda q: "no" if q.area == "osh" else "yes")
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    body = client.get(reverse("selfassessment:result", args=[token])).content.decode()
    assert "Occupational safety and health" in body and "0%" in body and "100%" in body
    osh = [q for q in questions_for(assessment) if q.area == "osh"]
    for q in osh:
        assert q.action in body.replace("&#x27;", "'")
    pdf = client.get(reverse("selfassessment:export", args=[token, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Improvement plan" in text
    assert "Walk through the workplace with workers" in " ".join(text.split())
    csv = client.get(reverse("selfassessment:export", args=[token, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "Member participation and democratic governance" in csv
    assert csv.count("\n") > len(osh)
    xlsx = client.get(reverse("selfassessment:export", args=[token, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [ws.title for ws in book.worksheets] == ["Scores", "Improvement plan"]
    assert book["Improvement plan"].max_row == len(osh) + 1


def test_exports_escape_formulas_and_pdf_markup(client):
    from pypdf import PdfReader

    token = start(client)
    assessment = _assessment(token)
    q = questions_for(assessment)[0]
    client.post(
        reverse("selfassessment:area", args=[token, q.area]),
        {
            "save_later": "1",
            f"q-{q.code}": "no",
            f"n-{q.code}": '=HYPERLINK("http://x")<b>bold</b>',
        },
    )
    csv = client.get(reverse("selfassessment:export", args=[token, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in csv
    pdf = client.get(reverse("selfassessment:export", args=[token, "pdf"]))
    text = PdfReader(io.BytesIO(pdf.content)).pages[-1].extract_text()
    assert "<b>bold</b>" in text


def test_chinese_pdf(client):
    from pypdf import PdfReader

    token = start(client, lang="zh-hans")
    assessment = _assessment(token)
    q = questions_for(assessment)[0]
    client.post(
        f"/zh-hans/self-assessment/r/{token}/area/{q.area}/",
        {"save_later": "1", f"q-{q.code}": "no"},
    )
    pdf = client.get(f"/zh-hans/self-assessment/r/{token}/result.pdf")
    assert pdf.status_code == 200
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "身份证件" in "".join(text.split())


def test_without_opt_in_nothing_reaches_an_aggregate(client):
    tokens = []
    for _ in range(MIN_ENTITIES + 1):
        token = start(client)
        answer_all(client, _assessment(token), token)
        tokens.append(token)
    # Finished, but nobody agreed: no contribution, no figure.
    assert Contribution.objects.count() == 0 and ContributionArea.objects.count() == 0
    assert aggregates() == []
    # The box unticked is not an agreement.
    client.post(reverse("selfassessment:contribute", args=[tokens[0]]))
    assert Contribution.objects.count() == 0
    # Four agree: the row exists but shows no figure (fewer than five).
    for token in tokens[:4]:
        client.post(reverse("selfassessment:contribute", args=[token]), {"consent": "yes"})
    rows = aggregates()
    assert len(rows) == 1 and rows[0].entities is None and rows[0].areas == {}
    # Twice is once.
    client.post(reverse("selfassessment:contribute", args=[tokens[0]]), {"consent": "yes"})
    assert Contribution.objects.count() == 4
    client.post(reverse("selfassessment:contribute", args=[tokens[4]]), {"consent": "yes"})
    rows = aggregates()
    assert rows[0].entities == 5
    assert rows[0].areas["osh"] == {"entities": 5, "average": 100, "with_gaps": 0}
    # The copy carries no key back to an assessment, and survives its deletion.
    client.post(reverse("selfassessment:delete", args=[tokens[0]]), {"confirm": "yes"})
    assert Contribution.objects.count() == 5
    field_names = {f.name for f in Contribution._meta.get_fields()}
    assert not field_names & {"assessment", "token_hash", "answers", "note"}


def test_an_unfinished_assessment_cannot_be_counted(client):
    token = start(client)
    client.post(reverse("selfassessment:contribute", args=[token]), {"consent": "yes"})
    assert Contribution.objects.count() == 0


def test_factory_user_turns_the_plan_into_self_diagnosed_actions(client, make_user):
    from labourdesk.compliance.models import Factory, ImprovementAction
    from labourdesk.standards.models import MemberState

    user = make_user("factory_user")
    factory = Factory.objects.create(
        name="Small Workshop (test)",
        country=MemberState.objects.get(iso3="VNM"),
        organisation=user.organisation,
    )
    token = start(client)
    assessment = _assessment(token)
    answer_all(client, assessment, token, choose=lambda q: "partly" if q.area == "wages" else "yes")
    url = reverse("selfassessment:to_actions", args=[token])
    # Anonymous: sent to sign in, nothing created.
    assert client.post(url, {"factory": factory.pk})["Location"].startswith("/en/accounts/login/")
    # Another factory's user cannot add to this factory.
    other = make_user("factory_user")
    client.force_login(other)
    client.post(url, {"factory": factory.pk})
    assert ImprovementAction.objects.count() == 0
    client.force_login(user)
    assert (
        "Add these actions"
        in client.get(reverse("selfassessment:result", args=[token])).content.decode()
    )
    response = client.post(url, {"factory": factory.pk})
    assert response.status_code == 302
    actions = list(ImprovementAction.objects.filter(factory=factory))
    wages = [q for q in questions_for(assessment) if q.area == "wages"]
    assert len(actions) == len(wages)
    assert all(a.source == "self" and a.status == "pending" and a.due_date for a in actions)
    assert {a.compliance_point.code for a in actions} == {q.compliance_point for q in wages}
    # Once only.
    client.post(url, {"factory": factory.pk})
    assert ImprovementAction.objects.count() == len(wages)


def test_autosave_json(client):
    token = start(client)
    assessment = _assessment(token)
    q = questions_for(assessment)[0]
    url = reverse("selfassessment:autosave", args=[token])
    ok = client.post(
        url, {"answers": {q.code: {"choice": "yes", "note": "n"}}}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["answered"] == 1
    bad = client.post(
        url, {"answers": {q.code: {"choice": "perhaps"}}}, content_type="application/json"
    )
    assert bad.status_code == 400 and q.code in bad.json()["extra"]["errors"]
    assert assessment.answers.get().choice == "yes"
    broken = client.post(url, "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["message"]
    assert client.post(url, {"answers": []}, content_type="application/json").status_code == 400


def test_the_token_is_masked_in_log_lines(client, caplog):
    from labourdesk.helpdesk.gunicorn import mask_private_links
    from labourdesk.selfassessment.privacy import TokenMaskingFilter

    token = start(client)
    line = (
        f"GET /en/self-assessment/r/{token}/area/osh/ next=%2Fen%2Fself-assessment%2Fr%2F{token}%2F"
    )
    assert token not in mask_private_links(line)
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        "",
        0,
        "Not Found: %s",
        (f"/en/self-assessment/r/{token}/",),
        None,
    )
    TokenMaskingFilter().filter(record)
    assert token not in record.getMessage() and "••••" in record.getMessage()


def test_the_public_dashboard_shows_the_counts_with_suppression(client):
    url = "/en/compliance/dashboard/"
    assert "No self-assessment has been counted yet." in client.get(url).content.decode()
    for n in range(MIN_ENTITIES):
        token = start(client)
        answer_all(
            client, _assessment(token), token, choose=lambda q: "no" if q.area == "osh" else "yes"
        )
        client.post(reverse("selfassessment:contribute", args=[token]), {"consent": "yes"})
        body = client.get(url).content.decode()
        if n + 1 < MIN_ENTITIES:
            assert "fewer than 5" in body and "% average" not in body
    assert "0% average; 100% with a gap" in body  # OSH
    assert "100% average; 0% with a gap" in body


def test_the_result_page_says_how_an_enterprise_registers_and_offers_sign_in(client):
    """No open sign-up: factory accounts are opened by programme staff (accounts.services:
    only a superuser grants a role; compliance.services.registry: only the country's programme
    manager registers a factory). The page says so and offers the factory user's sign-in."""
    from labourdesk.compliance.models import CountryProgramme
    from labourdesk.standards.models import MemberState

    token = start(client, country="KHM")
    result_url = reverse("selfassessment:result", args=[token])
    body = client.get(result_url).content.decode()
    assert "no open sign-up" in body
    assert "Sign in as a factory user" in body
    assert reverse("accounts:login") + "?next=" + result_url in body
    # No programme in the country on this platform: said, and the Helpdesk offered instead.
    assert "No compliance programme in Cambodia is registered on this platform" in body
    assert reverse("helpdesk:ask") in body
    CountryProgramme.objects.create(
        country=MemberState.objects.get(iso3="KHM"), name="Better Factories Cambodia (test)"
    )
    body = client.get(result_url).content.decode()
    assert "Better Factories Cambodia (test)" in body
    assert "No compliance programme" not in body
    # Without a country, the page says the programme depends on it.
    token = start(client, country="")
    body = client.get(reverse("selfassessment:result", args=[token])).content.decode()
    assert "the programme of the country where you work" in body
