from django.core.management.base import BaseCommand, CommandError

from labourdesk.mail.imap import poll_configured, poll_mailbox


class Command(BaseCommand):
    help = (
        "Poll the IMAP mailboxes (settings.IMAP_URLS, or the URLs given) once: every message "
        "not yet processed becomes an Inquiry or goes to the quarantine."
    )

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="*", help="imap://user:pass@host:port/FOLDER")
        parser.add_argument("--limit", type=int, default=None, help="At most N messages each.")

    def handle(self, *args, urls=(), limit=None, **options):
        results = [poll_mailbox(url, limit=limit) for url in urls] if urls else None
        if results is None:
            results = poll_configured(limit=limit)
            if not results:
                raise CommandError("No mailbox configured: set IMAP_URLS or give a URL.")
        for result in results:
            self.stdout.write(str(result))
        if any(r.errors for r in results):
            self.stderr.write("Some mailboxes reported errors; see above.")
