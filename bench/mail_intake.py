"""Benchmark: N messages delivered to a real Dovecot, fetched by the poller, turned into inquiries.

    .venv/bin/python bench/mail_intake.py --count 10000

Runs against a fresh SQLite database in a temporary directory (or DATABASE_URL if given with
--use-database-url), with the database task queue as in production (acknowledgements are
enqueued, not sent). The mix: 70 % new questions, 20 % follow-ups threaded by In-Reply-To,
5 % with a PDF attachment, 5 % automatic replies (quarantined). Prints messages per second of
the poll (fetch + parse + store + inquiry + flag), then of the acknowledgements it enqueued (run
here as the worker would), and the process's peak memory.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _messages(count: int):
    from email.message import EmailMessage
    from email.utils import formatdate

    pdf = b"%PDF-1.4\n" + b"0" * 20_000
    for n in range(count):
        msg = EmailMessage()
        msg["From"] = f"Requester {n} <requester{n}@company{n % 97}.example>"
        msg["To"] = "helpdesk@labourdesk.localhost"
        msg["Date"] = formatdate(localtime=False)
        msg["Message-ID"] = f"<bench-{n}@company.example>"
        kind = n % 20
        if kind in (3, 7, 11, 15) and n >= 20:
            parent = n - 17
            msg["Subject"] = f"Re: Question {parent} on working time"
            msg["In-Reply-To"] = f"<bench-{parent}@company.example>"
            msg["References"] = f"<bench-{parent}@company.example>"
        else:
            msg["Subject"] = f"Question {n} on working time"
        if kind == 19:
            msg["Auto-Submitted"] = "auto-replied"
        body = (
            "Dear Helpdesk,\n\nOur company operates garment factories in three countries. "
            "How should we apply the ILO standards on working time and overtime?\n" * 3
        )
        msg.set_content(body + f"\nReference {n}\n")
        if kind == 5:
            msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="policy.pdf")
        yield msg.as_bytes()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100, help="UIDs per IMAP FETCH")
    parser.add_argument("--use-database-url", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the poll, top 30")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ld-bench-mail-"))
    if not args.use_database_url:
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ["TASK_BACKEND"] = "database"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from labourdesk.helpdesk.models import Case, Inquiry
    from labourdesk.mail.imap import poll_mailbox
    from labourdesk.mail.models import InboundMail
    from labourdesk.mail.tests.servers import Dovecot, dovecot_available

    reason = dovecot_available()
    if reason:
        print(f"skipped: {reason}")
        return 2
    call_command("migrate", verbosity=0)
    server = Dovecot().start()
    try:
        started = time.perf_counter()
        with server.client() as conn:
            for raw in _messages(args.count):
                typ, data = conn.append("INBOX", None, None, raw)
                assert typ == "OK", data
        delivered = time.perf_counter() - started
        print(f"delivered {args.count} messages by IMAP APPEND in {delivered:.1f} s")

        # The limit: the same mailbox fetched with imaplib alone, in the same batches, no parsing
        # and no database (BODY.PEEK[] leaves the messages as the poller will find them).
        started = time.perf_counter()
        raw_bytes = 0
        with server.client() as conn:
            conn.select("INBOX", readonly=True)
            _, data = conn.uid("SEARCH", None, "ALL")
            uids = data[0].split()
            for first in range(0, len(uids), args.batch):
                chunk = b",".join(uids[first : first + args.batch]).decode()
                _, fetched = conn.uid("FETCH", chunk, "(BODY.PEEK[])")
                raw_bytes += sum(len(part[1]) for part in fetched if isinstance(part, tuple))
        raw_elapsed = time.perf_counter() - started
        print(
            f"raw IMAP fetch (imaplib, no parsing): {len(uids)} messages, "
            f"{raw_bytes / 2**20:.1f} MiB in {raw_elapsed:.2f} s: {len(uids) / raw_elapsed:.0f}/s"
        )

        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        result = poll_mailbox(server.url, batch=args.batch, timeout=120)
        elapsed = time.perf_counter() - started
        if profiler is not None:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumtime").print_stats(r"labourdesk|imaplib", 30)
    finally:
        server.stop()
        server.cleanup()
    # The acknowledgements the poll enqueued, run as the worker would (their e-mails are in
    # turn enqueued for delivery, not sent): the rest of the work a new case costs.
    from django_tasks_db.models import DBTaskResult

    from labourdesk.helpdesk.tasks import acknowledge_case

    pending = list(
        DBTaskResult.objects.filter(task_path__endswith="acknowledge_case").values_list(
            "args_kwargs", flat=True
        )
    )
    started = time.perf_counter()
    for args_kwargs in pending:
        acknowledge_case.call(*args_kwargs["args"])
    ack_elapsed = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(result)
    print(
        f"stored: {InboundMail.objects.count()} mails, {Inquiry.objects.count()} inquiries, "
        f"{Case.objects.count()} cases, "
        f"{InboundMail.objects.filter(status='quarantined').count()} quarantined"
    )
    rate = result.fetched / elapsed if elapsed else 0.0
    print(
        f"database: {connection.vendor}; fetched and ingested {result.fetched} messages in "
        f"{elapsed:.1f} s: {rate:.1f} messages/s; peak memory (max RSS) {peak_mib:.0f} MiB"
    )
    raw_rate = len(uids) / raw_elapsed if raw_elapsed else 0.0
    print(
        f"intake beside the raw fetch: {rate:.1f} vs {raw_rate:.0f} messages/s "
        f"({rate / raw_rate:.3f} x the limit)"
    )
    print(
        "BENCH "
        + json.dumps(
            {
                "bench": "mail intake",
                "figure": f"{rate:.1f} msg/s ({args.count} messages, {connection.vendor})",
                "limit": f"{raw_rate:.0f} msg/s raw IMAP fetch",
                "ratio": round(rate / raw_rate, 3),
                "aim": ">= 50 msg/s",
                "met": rate >= 50,
            }
        )
    )
    if pending:
        print(
            f"acknowledgements (worker side): {len(pending)} in {ack_elapsed:.1f} s: "
            f"{len(pending) / ack_elapsed:.1f}/s; intake + acknowledgements together: "
            f"{result.fetched / (elapsed + ack_elapsed):.1f} messages/s"
        )
    return 0 if not result.errors and result.fetched == args.count else 1


if __name__ == "__main__":
    sys.exit(main())
