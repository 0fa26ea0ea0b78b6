"""Query-count baselines and the small things a user trips over on the staff pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from labourdesk.helpdesk.services import consultations, workflow
from labourdesk.helpdesk.tests.conftest import ask

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _assigned_case(expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    return case


def test_queue_queries_do_not_grow_with_the_cases(client, expert, django_assert_max_num_queries):
    client.force_login(expert)
    for _ in range(2):
        _assigned_case(expert)
    few = _count(client, "/en/helpdesk/")
    for _ in range(8):
        _assigned_case(expert)
    assert _count(client, "/en/helpdesk/") == few
    with django_assert_max_num_queries(25):
        client.get("/en/helpdesk/?status=assigned&overdue=on")


def test_case_page_queries_do_not_grow_with_the_thread(client, expert, manager):
    import datetime

    client.force_login(expert)
    case = _assigned_case(expert)
    url = f"/en/helpdesk/cases/{case.pk}/"
    few = _count(client, url)
    for n in range(5):
        consultations.consultation_request(
            actor=expert,
            case=case,
            question=f"Question {n}",
            due_date=datetime.date.today(),
            consultee=manager,
        )
        consultations.note_add(actor=expert, case=case, body=f"Note {n}")
    more = _count(client, url)
    assert more <= few + 2, more - few  # not one query per consultation or note


def test_a_consultation_goes_to_office_staff_only(expert, make_user):
    import datetime

    from django.core.exceptions import ValidationError

    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    factory_user = make_user("factory_user")
    with pytest.raises(ValidationError) as exc:
        consultations.consultation_request(
            actor=expert,
            case=case,
            question="Input?",
            due_date=datetime.date.today(),
            consultee=factory_user,
        )
    assert "consultee" in exc.value.message_dict
    from labourdesk.helpdesk.forms import ConsultationForm

    assert factory_user not in ConsultationForm().fields["consultee"].queryset


def test_case_history_is_in_words(client, expert):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    client.force_login(expert)
    html = client.get(f"/en/helpdesk/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Triage recorded (New → Triaged)" in html
    assert "triaged (new" not in html
