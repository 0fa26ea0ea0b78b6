"""What we send, read back from a real SMTP server (aiosmtpd); replies come back through Dovecot."""

import email
from datetime import timedelta
from email import policy

import pytest
from django.utils import timezone

from labourdesk.helpdesk.models import Case, CaseEvent, OutboundMessage
from labourdesk.helpdesk.services.outbound import outbound_queue
from labourdesk.mail.imap import poll_mailbox
from labourdesk.mail.services import mail_ingest
from labourdesk.mail.tasks import deliver_outbound
from labourdesk.mail.tests.factories import make_mail

pytestmark = [pytest.mark.mailserver, pytest.mark.django_db(transaction=True)]


def _case(subject="Overtime in garment factories") -> Case:
    return mail_ingest(raw=make_mail(subject=subject), source="test").mail.inquiry.case


def _reply(case: Case, **kwargs) -> OutboundMessage:
    return outbound_queue(
        case=case,
        kind=OutboundMessage.Kind.REPLY,
        to_email=case.requester_email,
        subject=f"Re: {case.subject}",
        body_text="Dear Ms Pereira,\n\nConvention No. 1 limits hours of work.",
        **kwargs,
    )


def _sent(sink, message_id: str):
    for captured in sink.messages:
        parsed = email.message_from_bytes(captured.data, policy=policy.default)
        if parsed["Message-ID"] == f"<{message_id}>":
            return captured, parsed
    raise AssertionError(f"{message_id} was not sent; got {len(sink.messages)} messages")


def test_reply_is_sent_by_smtp_with_threading_headers_text_and_html(smtp_server):
    case = _case()
    first_id = case.inquiries.get().message_id
    message = _reply(case)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.attempts == 1
    captured, parsed = _sent(smtp_server, message.message_id)
    assert captured.rcpt_tos == ["ana@company.example"]
    assert parsed["In-Reply-To"] == f"<{message.in_reply_to}>"
    assert f"<{first_id}>" in parsed["References"]
    assert f"[{case.reference}]" in parsed["Subject"]
    assert parsed.get_content_type() == "multipart/alternative"
    text = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    assert "Convention No. 1 limits hours of work." in text and case.subject_tag in text
    assert "Convention No. 1 limits hours of work." in html and "<p>" in html
    assert parsed["X-LabourDesk-Loop"]


def test_templates_follow_the_case_language(smtp_server):
    case = _case()
    case.language = "fr"
    case.save(update_fields=["language"])
    message = _reply(case)
    _captured, parsed = _sent(smtp_server, message.message_id)
    assert "Helpdesk du BIT" in parsed.get_body(("plain",)).get_content()


def test_replies_thread_back_from_the_requesters_client(dovecot, smtp_server):
    dovecot.deliver(make_mail(subject="Child labour audit", message_id="<q1@company.example>"))
    poll_mailbox(dovecot.url)
    case = Case.objects.get()
    ours = _reply(case)
    _captured, sent = _sent(smtp_server, ours.message_id)

    # A client that keeps only In-Reply-To (and drops the tag from the subject).
    dovecot.deliver(
        make_mail(subject="Re: Child labour audit", in_reply_to=sent["Message-ID"]),
        # A client that keeps nothing but the subject with its tag.
        make_mail(subject=f"AW: {sent['Subject']}"),
        # Someone else, same subject, no headers, no tag: a new case, never a subject match.
        make_mail(subject="Re: Child labour audit", sender="other@elsewhere.example"),
    )
    result = poll_mailbox(dovecot.url)
    assert result.accepted == 3
    assert case.inquiries.count() == 3
    assert Case.objects.count() == 2
    stranger = Case.objects.exclude(pk=case.pk).get()
    assert stranger.requester_email == "other@elsewhere.example"


def test_failed_delivery_is_retried_with_backoff_then_marked_failed(smtp_server, settings):
    settings.MAIL_DELIVERY_ATTEMPTS = 3
    settings.MAIL_RETRY_BASE_SECONDS = 60
    case = _case()
    smtp_server.refuse = True
    message = _reply(case)
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.RETRYING
    assert message.attempts == 1 and "451" in message.last_error
    first_delay = message.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < first_delay <= timedelta(seconds=60)
    # Not due yet: a second task for it does nothing.
    assert deliver_outbound.call(message.pk) == "not due"

    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver_outbound.call(message.pk) == "retrying"
    message.refresh_from_db()
    assert message.attempts == 2
    assert message.next_attempt_at - timezone.now() > timedelta(seconds=110)  # doubled

    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver_outbound.call(message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.FAILED and "451" in message.last_error
    event = CaseEvent.objects.get(case=case, kind="delivery_failed")
    assert event.details["outbound"] == message.pk
    assert deliver_outbound.call(message.pk) == "not due"  # failed stays failed


def test_a_relay_that_recovers_gets_the_message(smtp_server):
    case = _case()
    smtp_server.refuse = True
    message = _reply(case)
    smtp_server.refuse = False
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert deliver_outbound.call(message.pk) == "sent"
    message.refresh_from_db()
    assert message.status == OutboundMessage.Status.SENT and message.last_error == ""
    _sent(smtp_server, message.message_id)


def test_retry_is_enqueued_with_run_after_on_the_database_queue(smtp_server, settings):
    from django_tasks_db.models import DBTaskResult

    case = _case()
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}
    }
    smtp_server.refuse = True
    message = _reply(case)  # enqueued on the database queue, not run
    assert deliver_outbound.call(message.pk) == "retrying"
    message.refresh_from_db()
    rows = DBTaskResult.objects.filter(task_path__endswith="deliver_outbound", queue_name="mail")
    assert rows.count() == 2  # the first delivery, then the retry
    retry = rows.get(run_after=message.next_attempt_at)
    assert retry.args_kwargs["args"] == [message.pk]
