"""Free text has a maximum length everywhere (issue 10): oversized input is a clear 4xx or a form
error naming the field, never a 500 and never silently truncated; nothing is half-written."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from rest_framework.test import APIClient

from labourdesk.helpdesk import limits
from labourdesk.helpdesk.models import CaseEvent, Clearance, Consultation, Draft, Note, Paragraph
from labourdesk.helpdesk.services import consultations, drafts, workflow

pytestmark = pytest.mark.django_db

# Text the Office writes or a form/API takes; `Inquiry` keeps an arriving e-mail unchanged.
LIMITED = {
    (CaseEvent, "note"): limits.NOTE_MAX,
    (Consultation, "question"): limits.CONSULTATION_QUESTION_MAX,
    (Consultation, "answer"): limits.CONSULTATION_ANSWER_MAX,
    (Note, "body"): limits.INTERNAL_NOTE_MAX,
    (Draft, "body_markdown"): limits.ANSWER_MAX,
    (Draft, "submission_comment"): limits.COMMENT_MAX,
    (Clearance, "comment"): limits.COMMENT_MAX,
    (Paragraph, "body_markdown"): limits.ANSWER_MAX,
}


def test_every_staff_text_field_carries_its_limit():
    for (model, name), limit in LIMITED.items():
        field = model._meta.get_field(name)
        bounds = [v.limit_value for v in field.validators if isinstance(v, MaxLengthValidator)]
        assert bounds == [limit], (model.__name__, name, bounds)
    # No free-text field of these models is left without one.
    for model in {m for m, _ in LIMITED}:
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField):
                assert (model, field.name) in LIMITED, (model.__name__, field.name)


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_services_refuse_oversized_text_and_write_nothing(new_case, expert):
    case = new_case
    events = case.events.count()
    with pytest.raises(ValidationError) as caught:
        workflow.case_triage(
            actor=expert, case=case, admissible=True, note="x" * (limits.NOTE_MAX + 1)
        )
    assert "note" in caught.value.message_dict
    case.refresh_from_db()
    assert case.status == "new" and case.events.count() == events  # the case did not move on
    with pytest.raises(ValidationError) as caught:
        consultations.note_add(actor=expert, case=case, body="x" * (limits.INTERNAL_NOTE_MAX + 1))
    assert "body" in caught.value.message_dict and not case.notes.exists()
    with pytest.raises(ValidationError):
        drafts.draft_save(actor=expert, case=case, body_markdown="x" * (limits.ANSWER_MAX + 1))
    assert not Draft.objects.filter(case=case).exists()
    # At the limit itself, accepted.
    note = consultations.note_add(actor=expert, case=case, body="x" * limits.INTERNAL_NOTE_MAX)
    assert len(note.body) == limits.INTERNAL_NOTE_MAX


def test_api_answers_400_naming_the_field_and_documents_the_limit(client, new_case, expert):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    components = schema["components"]["schemas"]
    api = _api(expert)
    cases = (
        ("note", "NoteInputRequest", "body", limits.INTERNAL_NOTE_MAX),
        ("triage", "TriageInputRequest", "note", limits.NOTE_MAX),
    )
    for step, component, field, limit in cases:
        assert components[component]["properties"][field]["maxLength"] == limit
        payload = {field: "x" * (limit + 1)}
        if step == "triage":
            payload["admissible"] = True
        response = api.post(f"/api/helpdesk/cases/{new_case.pk}/{step}/", payload, format="json")
        assert response.status_code == 400, (step, response.content[:200])
        body = response.json()
        assert set(body) == {"message", "extra"} and field in body["extra"]["fields"]
    new_case.refresh_from_db()
    assert new_case.status == "new" and not new_case.notes.exists()


def test_staff_page_shows_a_form_error_not_a_500(client, new_case, expert):
    client.force_login(expert)
    response = client.post(
        f"/en/helpdesk/cases/{new_case.pk}/note/",
        {"body": "x" * (limits.INTERNAL_NOTE_MAX + 1)},
        follow=True,
    )
    assert response.status_code in (200, 400)
    text = response.content.decode()
    assert "at most 10000 characters" in text or "at most 10,000 characters" in text
    assert not new_case.notes.exists()
    # The form tells the browser too.
    page = client.get(f"/en/helpdesk/cases/{new_case.pk}/").content.decode()
    assert f'maxlength="{limits.INTERNAL_NOTE_MAX}"' in page
