"""The API: the workflow step by step, four eyes, the error envelope, partner intake by token."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from labourdesk.core.testing.actors import create_actor
from labourdesk.helpdesk.models import Case, Inquiry
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def step(client, case, name, data=None):
    return client.post(f"/api/helpdesk/cases/{case.pk}/{name}/", data or {}, format="json")


def test_full_workflow_over_the_api(
    reference_data, expert, manager, manager2, django_capture_on_commit_callbacks, mailoutbox
):
    case = ask()
    e, m = api(expert), api(manager)
    assert step(e, case, "triage", {"admissible": True}).json()["status"] == "triaged"
    r = step(
        e,
        case,
        "classify",
        {
            "user_type": "workers_unions",
            "regions_concerned": ["africa"],
            "topics": ["respect_national_law"],
            "language": "fr",
        },
    )
    assert r.status_code == 200, r.json()
    assert step(e, case, "assign", {"assignee": expert.username}).json()["status"] == "assigned"
    r = step(e, case, "draft", {"body_markdown": "*Réponse*"})
    assert r.status_code == 201 and "<em>Réponse</em>" in r.json()["body_html"]
    assert step(e, case, "submit").json()["status"] == "in_clearance"
    # Four eyes over the API: the expert may not clear; neither may the author.
    assert step(e, case, "clear").status_code == 403
    assert step(m, case, "return", {"comment": "Cite C087"}).json()["status"] == "drafting"
    step(e, case, "draft", {"body_markdown": "*Réponse* C087"})
    step(e, case, "submit")
    assert step(m, case, "clear").json()["status"] == "cleared"
    with django_capture_on_commit_callbacks(execute=True):
        assert step(e, case, "send").json()["status"] == "sent"
    assert step(e, case, "close").json()["status"] == "closed"
    case.refresh_from_db()
    assert case.topics.get().code == "respect_national_law" and case.language == "fr"
    drafts = e.get(f"/api/helpdesk/drafts/?case={case.pk}").json()["results"]
    assert [d["version"] for d in drafts] == [1, 2]


def test_manager_cannot_clear_own_draft_over_api(reference_data, manager, manager2):
    case = ask()
    m = api(manager)
    step(m, case, "triage", {"admissible": True})
    step(m, case, "assign", {"assignee": manager.username})
    step(m, case, "draft", {"body_markdown": "Mine"})
    step(m, case, "submit")
    r = step(m, case, "clear")
    assert r.status_code == 403 and set(r.json()) == {"message", "extra"}
    assert step(api(manager2), case, "clear").status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("triage", {}, "admissible"),
        ("triage", {"admissible": False}, "reason"),
        ("classify", {"topics": ["no-such-topic"]}, "topics"),
        ("classify", {"user_type": "martians"}, "user_type"),
        ("assign", {"assignee": "nobody-at-all"}, "assignee"),
        ("send", {}, None),
    ],
)
def test_bad_input_is_400_in_the_envelope(reference_data, expert, name, data, field):
    case = ask()
    if name == "assign":
        step(api(expert), case, "triage", {"admissible": True})
    r = step(api(expert), case, name, data)
    assert r.status_code == 400
    body = r.json()
    assert set(body) == {"message", "extra"}
    if field:
        assert field in str(body["extra"])


def test_illegal_transition_is_400_with_a_message(reference_data, expert):
    case = ask()
    r = step(api(expert), case, "submit")
    assert r.status_code == 400 and "no draft" in str(r.json()).lower()
    r = step(api(expert), case, "close")
    assert r.status_code == 400 and "not possible" in str(r.json())


@pytest.fixture
def partner_token(reference_data):
    user = create_actor("no_role")
    user.user_permissions.add(Permission.objects.get(codename="add_inquiry"))
    return Token.objects.create(user=user).key


INTAKE = {
    "question": "How to apply C155?",
    "name": "Partner Person",
    "email": "p@example.org",
    "user_type": "workers_unions",
    "country": "FR",
    "language": "es",
}


def test_partner_intake_with_token(partner_token, django_capture_on_commit_callbacks, mailoutbox):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {partner_token}")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            "/api/helpdesk/intake/", {**INTAKE, "idempotency_key": "abc"}, format="json"
        )
        r2 = client.post(
            "/api/helpdesk/intake/", {**INTAKE, "idempotency_key": "abc"}, format="json"
        )
    assert r.status_code == 201 and r2.status_code == 201
    assert r.json() == r2.json()
    inquiry = Inquiry.objects.get()
    assert inquiry.channel == "api" and inquiry.case.language == "es"
    assert len(mailoutbox) == 1 and "/es/helpdesk/c/" in mailoutbox[0].body


def test_intake_without_token_is_refused(reference_data):
    r = APIClient().post("/api/helpdesk/intake/", INTAKE, format="json")
    assert r.status_code in (401, 403) and set(r.json()) == {"message", "extra"}
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("question", ""),
        ("question", "  "),
        ("question", "x" * 10_001),
        ("email", "nope"),
        ("country", "ZZ"),
        ("user_type", "martians"),
        ("sector", "nonsense"),
        ("language", "de"),
    ],
)
def test_intake_bad_input_is_400(partner_token, field, value):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {partner_token}")
    r = client.post("/api/helpdesk/intake/", {**INTAKE, field: value}, format="json")
    assert r.status_code == 400
    assert field in r.json()["extra"]["fields"]
    assert not Case.objects.exists()


def test_consult_note_await_and_revoke_over_the_api(
    reference_data, expert, manager, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from labourdesk.helpdesk.services import drafts, workflow

    with django_capture_on_commit_callbacks(execute=True):
        case = ask()  # the acknowledgement's delivery issues the private link
    e = api(expert)
    step(e, case, "triage", {"admissible": True})
    step(e, case, "assign", {"assignee": expert.username})
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    r = step(e, case, "consult", {"consultee_email": "norms@example.org", "question": "C001?",
                                  "due_date": due})  # fmt: skip
    assert r.status_code == 200 and r.json()["status"] == "in_consultation", r.json()
    consultation = case.consultations.get()
    assert consultation.consultee_email == "norms@example.org"
    r = step(e, case, "consult", {"consultee": "nobody-here", "question": "?", "due_date": due})
    assert r.status_code == 400 and "consultee" in r.json()["extra"]["fields"]
    r = e.post(
        f"/api/helpdesk/cases/{case.pk}/consultations/{consultation.pk}/answer/",
        {"answer": "It limits hours to 8 a day."},
        format="json",
    )
    assert r.status_code == 200
    consultation.refresh_from_db()
    assert consultation.answer == "It limits hours to 8 a day."
    r = step(e, case, "note", {"body": "Call the requester on Monday."})
    assert r.status_code == 201 and case.notes.get().pk == r.json()["note"]
    assert step(e, case, "note", {"body": ""}).status_code == 400
    draft = drafts.draft_save(actor=expert, case=case, body_markdown="Answer")
    r = step(e, case, "submit", {"comment": "Check the figures."})
    draft.refresh_from_db()
    assert r.status_code == 200 and draft.submission_comment == "Check the figures."
    drafts.draft_clear(actor=manager, draft=draft)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_send(actor=expert, case=Case.objects.get(pk=case.pk))
    assert step(e, case, "await", {"note": "Asked for the payslips."}).json()["status"] == (
        "awaiting_requester"
    )
    case.refresh_from_db()
    assert case.access_token_hash
    assert step(e, case, "revoke-link").status_code == 200
    case.refresh_from_db()
    assert case.access_token_hash == ""
