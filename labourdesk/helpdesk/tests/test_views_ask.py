"""The public Ask page, the acknowledgement and the private link."""

import re

import pytest
from django.core import mail, signing
from django.utils import timezone

from labourdesk.helpdesk import forms as helpdesk_forms
from labourdesk.helpdesk.models import Case, Inquiry

pytestmark = pytest.mark.django_db
LANGS = ["en", "fr", "es", "zh-hans", "ja", "vi"]


def old_stamp(seconds=60):
    return signing.dumps(timezone.now().timestamp() - seconds, salt=helpdesk_forms._SALT)


def payload(**overrides):
    data = {
        "question": "How should our suppliers respect freedom of association?",
        "name": "Ana Requester",
        "email": "ana@example.org",
        "organisation": "Acme",
        "user_type": "workers_unions",
        "country": "FR",
        "sector": "",
        "website": "",
        "started": old_stamp(),
        "submission_key": "k-" + timezone.now().strftime("%f"),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("lang", LANGS)
def test_ask_page_in_every_language(client, reference_data, lang):
    response = client.get(f"/{lang}/ask/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert 'name="question"' in html and 'name="website"' in html
    if lang != "en":
        # The page is translated: the English title does not appear.
        assert "Ask the Helpdesk</h1>" not in html, lang


def test_ask_creates_inquiry_case_and_acknowledgement(
    client, reference_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/ask/", payload(sector="agriculture"))
    assert response.status_code == 302
    assert response["Location"] == "/fr/ask/thanks/"
    inquiry = Inquiry.objects.get()
    case = inquiry.case
    assert (case.status, case.language, case.requester_email) == ("new", "fr", "ana@example.org")
    assert case.user_type.code == "workers_unions" and case.requester_country.iso2 == "FR"
    assert list(case.sectors.values_list("code", flat=True)) == ["agriculture"]
    assert len(mail.outbox) == 1
    ack = mail.outbox[0]
    assert ack.to == ["ana@example.org"] and case.subject_tag in ack.subject
    link = re.search(r"http\S+/fr/helpdesk/c/(\S+)/", ack.body)
    assert link, ack.body
    # The private link shows the thread; revoked or wrong links are 404.
    page = client.get(link.group(0).split("127.0.0.1:8000")[-1])
    assert page.status_code == 200
    assert "freedom of association" in page.content.decode()
    assert client.get("/fr/helpdesk/c/wrong-token/").status_code == 404


def test_follow_up_through_private_link_reopens(
    client, reference_data, make_user, django_capture_on_commit_callbacks
):
    from labourdesk.helpdesk.services import workflow
    from labourdesk.helpdesk.services.requester import case_acknowledge, case_for_token

    client.post("/en/ask/", payload())
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        case_acknowledge(actor=None, case=case)  # a fresh link; the first one stops working
    token = re.search(r"/helpdesk/c/(\S+)/", mail.outbox[-1].body).group(1)
    assert case_for_token(token) == case
    expert = make_user("helpdesk_expert")
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_close(actor=expert, case=case)
    response = client.post(
        f"/en/helpdesk/c/{token}/", {"body_text": "Thanks, one more thing", "submission_key": "fu1"}
    )
    assert response.status_code == 302
    client.post(
        f"/en/helpdesk/c/{token}/", {"body_text": "Thanks, one more thing", "submission_key": "fu1"}
    )
    case.refresh_from_db()
    assert case.status == "triaged" and case.inquiries.count() == 2
    assert case.events.last().kind == "reopened"
    # Empty follow-up: error beside the field.
    response = client.post(f"/en/helpdesk/c/{token}/", {"body_text": "   "})
    assert response.status_code == 200 and "Write your message." in response.content.decode()


def test_revoked_link_is_404(client, reference_data, make_user, django_capture_on_commit_callbacks):
    from labourdesk.helpdesk.services.requester import case_access_revoke, case_acknowledge

    client.post("/en/ask/", payload())
    case = Case.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        case_acknowledge(actor=None, case=case)
    # Only the e-mail carries the link; the stored copy shows it masked.
    token = re.search(r"/helpdesk/c/(\S+)/", mail.outbox[-1].body).group(1)
    assert token not in Case.objects.get().outbound_messages.last().body_text
    assert "/c/••••/" in Case.objects.get().outbound_messages.last().body_text
    assert client.get(f"/en/helpdesk/c/{token}/").status_code == 200
    case_access_revoke(actor=make_user("helpdesk_expert"), case=case)
    assert client.get(f"/en/helpdesk/c/{token}/").status_code == 404


def test_double_submit_creates_one_inquiry(client, reference_data):
    data = payload(submission_key="same-key")
    client.post("/en/ask/", data)
    client.post("/en/ask/", data)
    assert Inquiry.objects.count() == 1 and Case.objects.count() == 1
    assert len(mail.outbox) <= 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("question", "", "This field is required."),
        ("question", "   \n ", "Write your question."),
        ("question", "x" * 10_001, "at most 10000 characters"),
        ("email", "not-an-email", "Enter a valid email address."),
        ("country", "ZZ", "Select a valid choice."),
        ("user_type", "martians", "Select a valid choice."),
        ("sector", "nonsense", "Select a valid choice."),
    ],
)
def test_bad_input_shows_error_beside_field_and_keeps_values(
    client, reference_data, field, value, message
):
    data = payload(**{field: value}, name="Zoë <b>Typed</b>")
    response = client.post("/en/ask/", data)
    assert response.status_code == 200
    html = response.content.decode()
    error_block = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', html, re.S)
    assert error_block and message in error_block.group(1)
    assert 'value="Zoë &lt;b&gt;Typed&lt;/b&gt;"' in html  # kept, escaped
    assert Inquiry.objects.count() == 0


def test_honeypot_discards_silently(client, reference_data):
    response = client.post("/en/ask/", payload(website="http://spam.example"))
    assert response.status_code == 302
    assert Inquiry.objects.count() == 0 and not mail.outbox


@pytest.mark.parametrize("stamp", ["", "garbage", "now"])
def test_too_fast_or_forged_timestamp_is_refused(client, reference_data, stamp):
    if stamp == "now":
        stamp = old_stamp(0)
    response = client.post("/en/ask/", payload(started=stamp))
    assert response.status_code == 200
    assert "very fast" in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_rate_limit_per_ip(client, reference_data, monkeypatch):
    from labourdesk.helpdesk.views import public

    monkeypatch.setattr(public, "ASK_RATE", "2/h")
    codes = [
        client.post(
            "/en/ask/", payload(submission_key=f"rl{i}"), REMOTE_ADDR="10.0.0.9"
        ).status_code
        for i in range(3)
    ]
    assert codes == [302, 302, 429]
    assert (
        client.post(
            "/en/ask/", payload(submission_key="other"), REMOTE_ADDR="10.0.0.10"
        ).status_code
        == 302
    )
    assert client.get("/en/ask/", REMOTE_ADDR="10.0.0.9").status_code == 200
