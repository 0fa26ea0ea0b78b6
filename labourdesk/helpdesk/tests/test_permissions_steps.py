"""Who may take each workflow step, on the pages and over the API: generated from one table.

Each step gets a case in the state the step starts from (built through the real services), so
an allowed role really takes the step (302 on a page, 2xx over the API) and a refused one
leaves the case as it was.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from labourdesk.helpdesk.models import Case, CaseEvent
from labourdesk.helpdesk.services import consultations, drafts, workflow
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = pytest.mark.django_db

from labourdesk.core.testing.actors import ACTORS, create_actor  # noqa: E402

ROLES = list(ACTORS)
# Who works on cases: the Helpdesk team and administrators (who may also clear).
TEAM = {"helpdesk_expert", "helpdesk_manager", "administrator"}
CLEARERS = {"helpdesk_manager", "administrator"}
# Steps managers only may take (four eyes); every other step is for the whole team.
MANAGERS_ONLY = {"clear", "return"}
STEPS = [
    "classify",
    "assign",
    "draft",
    "submit",
    "clear",
    "return",
    "send",
    "close",
    "consultation_answer",
]


def _prepare(step, author):
    """A case where `step` is possible, with the data the step posts."""
    case = ask()
    if step == "classify":
        return case, {"language": "en"}
    workflow.case_triage(actor=author, case=case, admissible=True)
    if step == "assign":
        return case, {"assignee": author.pk}
    workflow.case_assign(actor=author, case=case, assignee=author)
    if step == "consultation_answer":
        consultation = consultations.consultation_request(
            actor=author,
            case=case,
            question="What does C001 say?",
            due_date=timezone.localdate() + timedelta(days=3),
            consultee_email="department@example.org",
        )
        return case, {"answer": "It limits hours.", "_consultation": consultation.pk}
    if step == "draft":
        return case, {"body_markdown": "An answer"}
    draft = drafts.draft_save(actor=author, case=case, body_markdown="An answer")
    if step == "submit":
        return case, {"comment": ""}
    drafts.draft_submit(actor=author, draft=draft)
    if step in {"clear", "return"}:
        return case, {"comment": "Looks fine" if step == "clear" else "Cite C001"}
    drafts.draft_clear(actor=create_actor("helpdesk_manager"), draft=draft)
    if step == "send":
        return case, {}
    workflow.case_send(actor=author, case=Case.objects.get(pk=case.pk))
    return case, {"note": ""}


def _user(role, make_user):
    return create_actor(role)


def _allowed(role, step):
    if role not in TEAM:
        return False
    return role in CLEARERS or step not in MANAGERS_ONLY


def _state(case):
    case = Case.objects.get(pk=case.pk)
    return case.status, CaseEvent.objects.filter(case=case).count()


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", ROLES)
def test_page_step_permissions(client, reference_data, make_user, role, step):
    author = make_user("helpdesk_expert")
    case, data = _prepare(step, author)
    user = _user(role, make_user)
    if user is not None:
        client.force_login(user)
    if step == "consultation_answer":
        url = f"/en/helpdesk/cases/{case.pk}/consultations/{data.pop('_consultation')}/answer/"
    else:
        url = f"/en/helpdesk/cases/{case.pk}/{step}/"
    before = _state(case)
    response = client.post(url, data)
    if _allowed(role, step):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"].split("#")[0].endswith(f"/helpdesk/cases/{case.pk}/")
        assert _state(case) != before
    else:
        if role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"]
        else:
            assert response.status_code == 403
        assert _state(case) == before


@pytest.mark.parametrize("role", ROLES)
def test_case_page_permissions(client, reference_data, make_user, role):
    case = ask()
    user = _user(role, make_user)
    if user is not None:
        client.force_login(user)
    response = client.get(f"/en/helpdesk/cases/{case.pk}/")
    if role in TEAM:
        assert response.status_code == 200 and case.reference in response.content.decode()
    elif role == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    else:
        assert response.status_code == 403


API_STEPS = {
    "classify": "classify",
    "assign": "assign",
    "draft": "draft",
    "submit": "submit",
    "clear": "clear",
    "return": "return",
    "send": "send",
    "close": "close",
}


@pytest.mark.parametrize("step", [*API_STEPS, "consultation_answer"])
@pytest.mark.parametrize("role", ROLES)
def test_api_step_permissions(reference_data, make_user, role, step):
    author = make_user("helpdesk_expert")
    case, data = _prepare(step, author)
    if step == "assign":
        data = {"assignee": author.username}
    client = APIClient()
    user = _user(role, make_user)
    if user is not None:
        client.force_authenticate(user)
    if step == "consultation_answer":
        url = f"/api/helpdesk/cases/{case.pk}/consultations/{data.pop('_consultation')}/answer/"
    else:
        url = f"/api/helpdesk/cases/{case.pk}/{API_STEPS[step]}/"
    before = _state(case)
    response = client.post(url, data, format="json")
    if _allowed(role, step):
        assert response.status_code in {200, 201}, response.json()
        assert _state(case) != before
    else:
        # Outside the team the case does not exist (404); a team member refused gets 403.
        expected = {401, 403} if role == "anonymous" else ({403} if role in TEAM else {404})
        assert response.status_code in expected, response.json()
        assert set(response.json()) == {"message", "extra"}
        assert _state(case) == before
