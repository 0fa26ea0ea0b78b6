import mailbox
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourdesk.mail.models import InboundMail
from labourdesk.mail.services import mail_ingest

_MBOX_FROM_LINE = re.compile(rb"^From [^\s:]+ +\S")


def _is_mbox(path: Path) -> bool:
    """An .eml is one message even when it starts with an mbox "From " line (many do);
    .mbox is an mbox; anything else is judged by its first line."""
    suffix = path.suffix.lower()
    if suffix in {".eml", ".msg"}:
        return False
    if suffix in {".mbox", ".mbx"}:
        return True
    with path.open("rb") as handle:
        return bool(_MBOX_FROM_LINE.match(handle.readline(1000)))


def iter_messages(path: Path):
    """(label, raw bytes) for a .eml file, every file under a folder, or each mbox message."""
    if path.is_dir():
        for child in sorted(p for p in path.rglob("*") if p.is_file()):
            yield from iter_messages(child)
    elif _is_mbox(path):
        box = mailbox.mbox(str(path), create=False)
        try:
            for key in box.iterkeys():
                yield f"{path}#{key}", box.get_bytes(key)
        finally:
            box.close()
    else:
        yield str(path), path.read_bytes()


class Command(BaseCommand):
    help = (
        "Import e-mail from files: .eml files, folders of them, and mbox files. Each message "
        "takes the same path as mail fetched over IMAP (idempotent: importing twice is harmless)."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument(
            "--source", default="import", help="Mailbox name recorded on each message."
        )

    def handle(self, *args, paths=(), source="import", **options):
        counts = {"accepted": 0, "quarantined": 0, "duplicates": 0}
        missing = [p for p in paths if not Path(p).exists()]
        if missing:
            raise CommandError(f"Not found: {', '.join(missing)}")
        for raw_path in paths:
            for label, raw in iter_messages(Path(raw_path)):
                result = mail_ingest(raw=raw, source=source)
                if result.duplicate:
                    counts["duplicates"] += 1
                    outcome = "duplicate"
                elif result.mail.status == InboundMail.Status.QUARANTINED:
                    counts["quarantined"] += 1
                    outcome = f"quarantined ({result.mail.quarantine_reason})"
                else:
                    counts["accepted"] += 1
                    outcome = f"accepted ({result.mail.inquiry.case.reference})"
                if options["verbosity"] > 1:
                    self.stdout.write(f"{label}: {outcome}")
        self.stdout.write(
            "{accepted} accepted, {quarantined} quarantined, {duplicates} duplicates".format(
                **counts
            )
        )
