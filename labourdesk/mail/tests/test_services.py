"""mail_ingest, import_mail and the quarantine, on the real database (no server needed)."""

import hashlib
import mailbox
from pathlib import Path

import pytest
from django.core import mail as django_mail
from django.core.files.storage import default_storage
from django.core.management import call_command

from labourdesk.core.testing.fixtures import shared_path
from labourdesk.helpdesk.models import Case, Inquiry
from labourdesk.mail.models import InboundMail, MailAttachment
from labourdesk.mail.parsing import parse_message
from labourdesk.mail.services import mail_ingest, quarantine_discard, quarantine_release
from labourdesk.mail.tests.conftest import CORPUS
from labourdesk.mail.tests.factories import make_mail

pytestmark = pytest.mark.django_db

R = InboundMail.Reason


def _inquiry_of(mail):
    """The inquiry a mail became (the helpdesk's Inquiry points at its mail), or None."""
    from labourdesk.helpdesk.models import Inquiry

    return Inquiry.objects.filter(inbound_mail=mail).first()


def _messages_dir() -> Path:
    return shared_path(*CORPUS) / "messages"


def test_import_of_the_whole_corpus_never_crashes_and_is_idempotent(capsys):
    files = sorted(_messages_dir().rglob("*.eml"))
    call_command("import_mail", str(_messages_dir()))
    out = capsys.readouterr().out
    for eml in files:
        raw = eml.read_bytes()
        sha = hashlib.sha256(raw).hexdigest()
        row = InboundMail.objects.filter(sha256=sha).first()
        if row is None:
            # The same message stored under another file name (CRLF/LF copies): found by its
            # Message-ID and content.
            parsed = parse_message(raw)
            assert parsed.message_id, eml
            row = InboundMail.objects.get(
                message_id=parsed.message_id, body_digest=parsed.body_digest
            )
        assert row.status in {InboundMail.Status.ACCEPTED, InboundMail.Status.QUARANTINED}, eml
        if row.status == InboundMail.Status.ACCEPTED:
            assert _inquiry_of(row) is not None
        else:
            assert row.quarantine_reason, eml
    stored = InboundMail.objects.count()
    assert stored + int(out.split(", ")[2].split()[0]) == len(files)
    # Raw kept byte for byte.
    eml = _messages_dir() / "attachment_8bit.eml"
    assert bytes(
        InboundMail.objects.get(sha256=hashlib.sha256(eml.read_bytes()).hexdigest()).raw
    ) == (eml.read_bytes())
    # Delivery reports never become cases.
    for report in (_messages_dir() / "multipart_report_emails").glob("*.eml"):
        sha = hashlib.sha256(report.read_bytes()).hexdigest()
        found = InboundMail.objects.filter(sha256=sha).first()
        if found:
            assert found.status == InboundMail.Status.QUARANTINED
            assert found.quarantine_reason == R.BOUNCE
    inquiries = Inquiry.objects.count()
    call_command("import_mail", str(_messages_dir()))
    assert InboundMail.objects.count() == stored
    assert Inquiry.objects.count() == inquiries


def test_rfc2822_thread_becomes_one_case_with_three_messages():
    rfc = _messages_dir() / "rfc2822"
    for name in ("example05.eml", "example06.eml", "example07.eml"):
        call_command("import_mail", str(rfc / name))
    inquiries = Inquiry.objects.order_by("id")
    assert inquiries.count() == 3
    assert {i.case_id for i in inquiries} == {inquiries[0].case_id}
    assert Case.objects.count() == 1


def test_mbox_files_are_imported(tmp_path):
    path = tmp_path / "archive.mbox"
    box = mailbox.mbox(str(path))
    box.add(make_mail(subject="First"))
    box.add(make_mail(subject="Second"))
    box.flush()
    box.close()
    call_command("import_mail", str(path))
    assert sorted(InboundMail.objects.values_list("subject", flat=True)) == ["First", "Second"]
    assert Case.objects.count() == 2


def test_accepted_mail_opens_a_case_and_is_acknowledged_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = mail_ingest(raw=make_mail(), source="test")
    assert result.created and result.mail.status == InboundMail.Status.ACCEPTED
    case = result.mail.inquiry.case
    assert case.requester_email == "ana@company.example"
    assert len(django_mail.outbox) == 1
    assert case.subject_tag in django_mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        again = mail_ingest(raw=make_mail(in_reply_to=f"<{result.mail.message_id}>"), source="t")
    assert again.mail.inquiry.case == case
    assert len(django_mail.outbox) == 1


@pytest.mark.parametrize(
    "kwargs,reason",
    [
        ({"sender": ""}, R.NO_SENDER),
        ({"sender": "Someone <not-an-address>"}, R.NO_SENDER),
        ({"headers": {"Auto-Submitted": "auto-replied"}}, R.AUTO_REPLY),
        ({"headers": {"X-Autoreply": "yes"}}, R.AUTO_REPLY),
        ({"headers": {"Precedence": "auto_reply"}}, R.AUTO_REPLY),
        ({"headers": {"Precedence": "bulk"}}, R.BULK),
        ({"sender": "MAILER-DAEMON@mx.example"}, R.BOUNCE),
        ({"headers": {"X-Spam-Flag": "YES"}}, R.SPAM),
        ({"headers": {"X-LabourDesk-Loop": "labourdesk.localhost"}}, R.LOOP),
        ({"sender": "helpdesk@labourdesk.localhost"}, R.LOOP),
        ({"attachments": [("setup.exe", "application/octet-stream", b"MZ")]}, R.ATTACHMENT_TYPE),
        ({"attachments": [("x.bin", "application/x-msdownload", b"MZ")]}, R.ATTACHMENT_TYPE),
    ],
)
def test_bad_or_automatic_mail_is_quarantined_with_its_reason(
    kwargs, reason, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = mail_ingest(raw=make_mail(**kwargs), source="test")
    assert result.mail.status == InboundMail.Status.QUARANTINED
    assert result.mail.quarantine_reason == reason
    assert _inquiry_of(result.mail) is None
    assert not Case.objects.exists()
    assert django_mail.outbox == []  # no acknowledgement


def test_oversize_message_is_quarantined_without_full_parse(settings):
    settings.MAIL_MAX_MESSAGE_BYTES = 2000
    result = mail_ingest(raw=make_mail(body="x" * 5000), source="test")
    assert result.mail.quarantine_reason == R.OVERSIZE
    assert "2000" in result.mail.quarantine_detail
    assert result.mail.size > 2000 and _inquiry_of(result.mail) is None
    assert result.mail.message_id  # the envelope is read even so


def test_oversize_attachment_is_quarantined(settings):
    settings.MAIL_MAX_ATTACHMENT_BYTES = 100
    raw = make_mail(attachments=[("scan.pdf", "application/pdf", b"%PDF" + b"0" * 500)])
    result = mail_ingest(raw=raw, source="test")
    assert result.mail.quarantine_reason == R.ATTACHMENT_SIZE
    assert MailAttachment.objects.get().refused


def test_attachments_are_stored_by_content_hash():
    pdf = b"%PDF-1.4 fake"
    raw = make_mail(attachments=[("report.pdf", "application/pdf", pdf)])
    result = mail_ingest(raw=raw, source="test")
    attachment = result.mail.attachments.get()
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "report.pdf",
        "application/pdf",
        len(pdf),
    )
    assert attachment.sha256 == hashlib.sha256(pdf).hexdigest()
    with default_storage.open(attachment.file.name) as handle:
        assert handle.read() == pdf


def test_same_message_twice_is_one_record():
    raw = make_mail()
    first = mail_ingest(raw=raw, source="imap://a")
    assert mail_ingest(raw=raw, source="imap://a").duplicate
    # The same message delivered to a second mailbox with an extra transport header.
    second = mail_ingest(raw=b"Received: from relay\r\n" + raw, source="imap://b")
    assert second.duplicate and second.mail == first.mail
    assert Inquiry.objects.count() == 1


def test_release_turns_quarantined_mail_into_an_inquiry_without_acknowledgement(
    make_user, django_capture_on_commit_callbacks
):
    expert = make_user("helpdesk_expert")
    held = mail_ingest(raw=make_mail(headers={"Precedence": "bulk"}), source="t").mail
    with django_capture_on_commit_callbacks(execute=True):
        released = quarantine_release(mail=held, actor=expert)
    assert released.status == InboundMail.Status.RELEASED
    assert released.inquiry.case.requester_email == "ana@company.example"
    assert released.decided_by == expert
    assert django_mail.outbox == []
    other = mail_ingest(raw=make_mail(headers={"X-Spam-Flag": "YES"}), source="t").mail
    discarded = quarantine_discard(mail=other, actor=expert)
    assert discarded.status == InboundMail.Status.DISCARDED and _inquiry_of(discarded) is None
    with pytest.raises(Exception, match="not in the quarantine"):
        quarantine_release(mail=discarded, actor=expert)
