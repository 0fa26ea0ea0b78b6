"""The IMAP poller against a real Dovecot on loopback."""

import pytest
from django.core.management import call_command

from labourdesk.core.testing.fixtures import shared_path
from labourdesk.helpdesk.models import Case, Inquiry
from labourdesk.mail import imap
from labourdesk.mail.imap import DEFAULT_PROCESSED_FLAG, poll_mailbox
from labourdesk.mail.models import InboundMail, MailboxState
from labourdesk.mail.tests.conftest import CORPUS
from labourdesk.mail.tests.factories import make_mail

pytestmark = [pytest.mark.mailserver, pytest.mark.django_db(transaction=True)]


def _processed(dovecot) -> int:
    return sum(DEFAULT_PROCESSED_FLAG in flags for flags in dovecot.keywords().values())


def test_poller_turns_mailbox_messages_into_inquiries_and_flags_them(dovecot, settings):
    settings.IMAP_URLS = [dovecot.url]
    dovecot.deliver(make_mail(subject="One"), make_mail(subject="Two"))
    call_command("fetch_mail")
    assert sorted(Inquiry.objects.values_list("subject", flat=True)) == ["One", "Two"]
    assert _processed(dovecot) == 2
    state = MailboxState.objects.get()
    assert state.uidvalidity and state.last_uid == 2 and not state.last_error
    assert "helpdesk-secret" not in state.mailbox and "mailbox-secret" not in state.mailbox
    # Nothing new: a second poll fetches nothing.
    assert poll_mailbox(dovecot.url).fetched == 0
    # The mailbox's \Seen flag is left as people left it (BODY.PEEK).
    assert all("\\Seen" not in flags for flags in dovecot.keywords().values())


def test_corpus_through_imap_nothing_crashes(dovecot):
    messages = sorted((shared_path(*CORPUS) / "messages").rglob("*.eml"))
    dovecot.deliver(*(m.read_bytes() for m in messages))
    result = poll_mailbox(dovecot.url)
    assert not result.errors
    assert result.fetched == len(messages)
    assert result.accepted + result.quarantined + result.duplicates == len(messages)
    assert _processed(dovecot) == len(messages)


def test_crash_between_commit_and_flag_duplicates_nothing(dovecot, monkeypatch):
    dovecot.deliver(make_mail(subject="Committed, not flagged"))
    real = imap._mark_processed

    def crash(*args, **kwargs):
        raise OSError("connection reset after commit")

    monkeypatch.setattr(imap, "_mark_processed", crash)
    first = poll_mailbox(dovecot.url)
    assert first.accepted == 1 and first.errors
    assert _processed(dovecot) == 0
    monkeypatch.setattr(imap, "_mark_processed", real)
    second = poll_mailbox(dovecot.url)
    assert second.fetched == 1 and second.duplicates == 1 and second.accepted == 0
    assert Inquiry.objects.count() == 1 and InboundMail.objects.count() == 1
    assert _processed(dovecot) == 1


def test_server_stopped_in_the_middle_of_a_fetch_loses_and_duplicates_nothing(dovecot, monkeypatch):
    dovecot.deliver(*(make_mail(subject=f"Message {n}") for n in range(12)))
    real_ingest = imap.mail_ingest
    seen = []

    def ingest_then_stop_server(**kwargs):
        result = real_ingest(**kwargs)
        seen.append(kwargs["uid"])
        if len(seen) == 5:
            dovecot.stop()  # the server dies while the poller holds fetched messages
        return result

    monkeypatch.setattr(imap, "mail_ingest", ingest_then_stop_server)
    first = poll_mailbox(dovecot.url, batch=4)
    assert first.errors  # the flag store or the next fetch failed
    assert MailboxState.objects.get().last_error  # visible to whoever looks at the mailbox
    monkeypatch.setattr(imap, "mail_ingest", real_ingest)
    assert poll_mailbox(dovecot.url).errors  # still down: reported, not raised
    dovecot.start()  # the same mail store comes back
    poll_mailbox(dovecot.url)
    subjects = sorted(Inquiry.objects.values_list("subject", flat=True))
    assert subjects == sorted(f"Message {n}" for n in range(12))
    assert Case.objects.count() == 12 and InboundMail.objects.count() == 12
    assert _processed(dovecot) == 12


def test_bad_input_is_quarantined_and_the_poller_goes_on(dovecot, settings):
    settings.MAIL_MAX_MESSAGE_BYTES = 20_000
    dovecot.deliver(
        make_mail(subject="Too big", body="x" * 40_000),
        make_mail(subject="Program", attachments=[("tool.exe", "application/x-msdownload", b"MZ")]),
        make_mail(subject="Nobody", sender=""),
        make_mail(subject="Out of office", headers={"Auto-Submitted": "auto-replied"}),
        make_mail(subject="A real question"),
    )
    result = poll_mailbox(dovecot.url)
    assert (result.fetched, result.quarantined, result.accepted) == (5, 4, 1)
    reasons = dict(InboundMail.objects.values_list("subject", "quarantine_reason"))
    assert reasons == {
        "Too big": InboundMail.Reason.OVERSIZE,
        "Program": InboundMail.Reason.ATTACHMENT_TYPE,
        "Nobody": InboundMail.Reason.NO_SENDER,
        "Out of office": InboundMail.Reason.AUTO_REPLY,
        "A real question": "",
    }
    assert list(Inquiry.objects.values_list("subject", flat=True)) == ["A real question"]
    assert _processed(dovecot) == 5


def test_processed_messages_can_be_moved_to_a_folder(dovecot):
    with dovecot.client() as conn:
        conn.create("Processed")
    dovecot.deliver(make_mail(subject="Move me"))
    result = poll_mailbox(dovecot.url + "?processed=Processed")
    assert result.accepted == 1 and not result.errors
    assert dovecot.keywords() == {}
    assert len(dovecot.keywords("Processed")) == 1


def test_fetch_mail_command_in_its_own_process(dovecot):
    """The poller as the worker runs it: a separate process, configured by IMAP_URLS."""
    from labourdesk.core.testing.processes import manage

    dovecot.deliver(make_mail(subject="Through the command"))
    done = manage("fetch_mail", IMAP_URLS=dovecot.url, TASK_BACKEND="immediate")
    assert done.returncode == 0, done.stderr
    assert "1 fetched, 1 accepted" in done.stdout, done.stdout + done.stderr
    assert "mailbox-secret" not in done.stdout  # the password never appears in output
    assert Inquiry.objects.get().subject == "Through the command"


def test_poll_is_declared_to_the_scheduler():
    from labourdesk.core.management.commands.scheduler import collect_schedules

    names = {name for name, _every, _task in collect_schedules()}
    assert {"mail.fetch", "mail.retry_outbound"} <= names
