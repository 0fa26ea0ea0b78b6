"""Workflow and mail as staff and requesters meet them: clearance comments, e-mail parts, the
thread, the requester's pages, the acknowledgement target, every event kind's label."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from labourdesk.helpdesk.models import Case, CaseEvent, Inquiry, OutboundMessage
from labourdesk.helpdesk.selectors import overdue_q
from labourdesk.helpdesk.services import drafts, workflow
from labourdesk.helpdesk.services.intake import inquiry_receive
from labourdesk.helpdesk.tests.conftest import ask
from labourdesk.helpdesk.tests.test_views_ask import payload

pytestmark = pytest.mark.django_db

ANSWER = (
    "**Hours of work.** The Convention sets a limit.\n"
    "See [C001](https://www.ilo.org/c001) for the text.\n\n"
    "Kind regards,\nThe ILO Helpdesk for Business"
)


def _in_clearance(expert, comment="Please check the second paragraph."):
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    draft = drafts.draft_save(actor=expert, case=case, body_markdown=ANSWER)
    drafts.draft_submit(actor=expert, draft=draft, comment=comment)
    return Case.objects.get(pk=case.pk)


def test_clearance_comments_are_kept_and_shown_to_the_clearing_manager(
    client, reference_data, expert, manager
):
    client.force_login(expert)
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    drafts.draft_save(actor=expert, case=case, body_markdown=ANSWER)
    response = client.post(
        f"/en/helpdesk/cases/{case.pk}/submit/",
        {"comment": "I am unsure about the ratification date."},
    )
    assert response.status_code == 302
    draft = case.drafts.get()
    assert draft.submission_comment == "I am unsure about the ratification date."
    client.force_login(manager)
    page = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    assert "I am unsure about the ratification date." in page
    assert "Comments for the clearing manager" in page


def test_a_megabyte_of_comments_is_a_clear_error_and_changes_nothing(reference_data, expert):
    from django.core.exceptions import ValidationError

    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    draft = drafts.draft_save(actor=expert, case=case, body_markdown=ANSWER)
    with pytest.raises(ValidationError) as exc:
        drafts.draft_submit(actor=expert, draft=draft, comment="x" * 1_000_000)
    assert "comment" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.submission_comment == ""
    assert Case.objects.get(pk=case.pk).status == "drafting"


def test_the_reply_text_part_is_clean_text_and_the_html_part_has_links(
    reference_data, expert, manager, django_capture_on_commit_callbacks
):
    case = _in_clearance(expert)
    drafts.draft_clear(actor=manager, draft=case.drafts.get())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_send(actor=expert, case=case)
    sent = mail.outbox[-1]
    assert "**" not in sent.body and "[C001]" not in sent.body
    assert "Hours of work. The Convention sets a limit.\nSee C001" in sent.body
    assert "Kind regards,\nThe ILO Helpdesk for Business" in sent.body
    html = sent.alternatives[0][0]
    assert '<a href="https://www.ilo.org/c001"' in html
    assert "<strong>Hours of work.</strong>" in html
    assert "Kind regards,<br" in html


def test_the_acknowledgement_html_part_makes_the_private_link_a_link(
    client, reference_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/ask/", payload())
    sent = mail.outbox[-1]
    link = re.search(r"https?://\S+/helpdesk/c/\S+/", sent.body).group(0)
    assert f'<a href="{link}"' in sent.alternatives[0][0]


def test_site_url_follows_the_port_unless_set():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.SITE_URL)"
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(PORT="18811", DJANGO_SETTINGS_MODULE="labourdesk.settings")
    run = [sys.executable, "-c", f"import django; django.setup(); {code}"]
    out = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "http://127.0.0.1:18811"
    env["SITE_URL"] = "https://helpdesk.example.org"
    out = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "https://helpdesk.example.org"


def test_the_staff_thread_shows_rendered_markdown_and_folds_quoted_history(
    client, reference_data, expert, manager, django_capture_on_commit_callbacks
):
    case = _in_clearance(expert)
    drafts.draft_clear(actor=manager, draft=case.drafts.get())
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_send(actor=expert, case=case)
    inquiry_receive(
        channel=Inquiry.Channel.EMAIL,
        body_text="Thank you, one more question.\n\nOn Monday the Helpdesk wrote:\n> Old text\n",
        from_email=case.requester_email,
        subject=f"Re: {case.subject_tag}",
    )
    client.force_login(expert)
    page = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    thread = page[page.index('id="h-thread"') :]
    thread = thread[: thread.index("</section>")]
    assert "**Hours of work.**" not in thread
    assert "<strong>Hours of work.</strong>" in thread
    assert "Kind regards,<br" in thread
    assert "<details><summary>Quoted history</summary>" in thread


def test_the_thanks_page_names_the_reference(client, reference_data):
    response = client.post("/en/ask/", payload(), follow=True)
    case = Case.objects.get()
    assert case.reference in response.content.decode()


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("new", "has received your question"),
        ("drafting", "are preparing the answer"),
        ("sent", "has answered you by e-mail"),
        ("closed", "Your case is closed"),
    ],
)
def test_the_private_page_says_the_status_in_plain_words(
    client, reference_data, django_capture_on_commit_callbacks, status, words
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/ask/", payload())
    token = re.search(r"/helpdesk/c/(\S+)/", mail.outbox[-1].body).group(1)
    Case.objects.update(status=status)
    page = client.get(f"/en/helpdesk/c/{token}/").content.decode()
    assert words in page
    # The acknowledgement in the thread does not repeat the link (masked or not).
    thread = page[page.index('class="thread"') :]
    assert "/helpdesk/c/" not in thread
    assert "Thank you for your question" in thread


def test_the_acknowledgement_target_counts(reference_data, settings):
    settings.MAIL_ACKNOWLEDGE = False
    received = timezone.now() - timedelta(hours=30)
    inquiry = inquiry_receive(
        channel=Inquiry.Channel.EMAIL,
        body_text="A question by mail",
        from_email="someone@example.org",
        subject="Question",
        received_at=received,
    )
    case = inquiry.case
    assert case.acknowledge_due_at == received + timedelta(hours=24)
    assert Case.objects.filter(overdue_q()).filter(pk=case.pk).exists()
    Case.objects.filter(pk=case.pk).update(acknowledged_at=timezone.now())
    assert not Case.objects.filter(overdue_q()).filter(pk=case.pk).exists()


def test_the_case_page_shows_the_acknowledgement_overdue(client, reference_data, expert):
    inquiry = inquiry_receive(
        channel=Inquiry.Channel.EMAIL,
        body_text="A question by mail",
        from_email="someone@example.org",
        subject="Question",
        received_at=timezone.now() - timedelta(hours=30),
    )
    client.force_login(expert)
    page = client.get(f"/en/helpdesk/cases/{inquiry.case.pk}/").content.decode()
    ack = page[page.index("Acknowledgement due") :]
    assert "Overdue" in ack[: ack.index("</dd>")]
    queue = client.get("/en/helpdesk/?overdue=true").content.decode()
    assert inquiry.case.reference in queue
    assert inquiry.case.reference not in client.get("/en/helpdesk/?overdue=false").content.decode()


def test_every_event_kind_has_a_translated_label():
    for kind, label in CaseEvent.Kind.choices:
        assert str(label) != kind
        with translation.override("fr"):
            french = str(CaseEvent(kind=kind).kind_label)
        with translation.override("es"):
            spanish = str(CaseEvent(kind=kind).kind_label)
        assert french != str(label) and spanish != str(label), kind
    assert "delivery_failed" in CaseEvent.Kind.values


def test_an_event_kind_without_a_label_is_refused(reference_data):
    case = ask()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(case=case, kind="something_new")


def test_a_failed_delivery_shows_in_words_in_the_history(
    client, reference_data, expert, settings, django_capture_on_commit_callbacks
):
    from labourdesk.mail.tasks import _record_failure

    case = ask()
    message = case.outbound_messages.get()
    message.attempts = 99
    _record_failure(message, "SMTPRecipientsRefused: no such user")
    assert case.events.filter(kind="delivery_failed").exists()
    client.force_login(expert)
    page = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    assert "An e-mail could not be delivered" in page and "delivery_failed" not in page
    assert OutboundMessage.objects.get(pk=message.pk).status == "failed"


def test_an_inquiry_cannot_be_changed(reference_data):
    case = ask()
    inquiry = case.inquiries.get()
    original = (inquiry.body_text, inquiry.subject)
    inquiry.body_text = "Rewritten"
    with pytest.raises(PermissionError):
        inquiry.save()
    inquiry.refresh_from_db()
    assert (inquiry.body_text, inquiry.subject) == original


def test_inserting_a_reusable_paragraph_into_a_draft(client, reference_data, expert):
    from labourdesk.helpdesk.models import Paragraph

    paragraph = Paragraph.objects.create(
        title="Freedom of association (demo)",
        language="en",
        body_markdown="Convention No. 87 protects the right to organise.",
    )
    case = ask()
    workflow.case_triage(actor=expert, case=case, admissible=True)
    workflow.case_assign(actor=expert, case=case, assignee=expert)
    client.force_login(expert)
    response = client.post(
        f"/en/helpdesk/cases/{case.pk}/draft/",
        {"body_markdown": "Dear Ana,", "paragraph": paragraph.pk, "insert": "1"},
    )
    assert response.status_code == 200
    textarea = re.search(
        r'<textarea name="body_markdown"[^>]*>(.*?)</textarea>', response.content.decode(), re.S
    ).group(1)
    assert textarea.strip() == "Dear Ana,\n\nConvention No. 87 protects the right to organise."
    # Inserting saves nothing: the expert still reviews the text and saves a version.
    assert not case.drafts.exists()
    client.post(f"/en/helpdesk/cases/{case.pk}/draft/", {"body_markdown": textarea.strip()})
    assert "Convention No. 87" in case.drafts.get().body_markdown


def test_four_eyes_in_the_ui_when_a_manager_wrote_the_draft(client, reference_data, manager):
    case = ask()
    workflow.case_triage(actor=manager, case=case, admissible=True)
    workflow.case_assign(actor=manager, case=case, assignee=manager)
    draft = drafts.draft_save(actor=manager, case=case, body_markdown=ANSWER)
    drafts.draft_submit(actor=manager, draft=draft)
    client.force_login(manager)
    page = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    assert "You wrote this draft: another manager must clear it." in page
    assert f"/helpdesk/cases/{case.pk}/clear/" not in page
    # Posting anyway is refused with the reason, and the draft stays in clearance.
    response = client.post(f"/en/helpdesk/cases/{case.pk}/clear/", {"comment": ""})
    assert response.status_code == 403
    assert "You cannot clear your own draft" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "in_clearance" and not draft.clearances.exists()
    assert Case.objects.get(pk=case.pk).status == "in_clearance"
