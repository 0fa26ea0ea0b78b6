from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from labourdesk.helpdesk.models import Case
from labourdesk.helpdesk.services.requester import case_pseudonymise


class Command(BaseCommand):
    help = (
        "Pseudonymise the requesters of cases closed more than N years ago (default 5): their "
        "identity goes, the classification that statistics need stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, years: int, dry_run: bool, **options):
        if years < 1:
            raise CommandError("--years must be at least 1")
        cutoff = timezone.now() - timedelta(days=365 * years + years // 4)
        cases = Case.objects.filter(
            status=Case.Status.CLOSED, closed_at__lt=cutoff, pseudonymised_at__isnull=True
        )
        count = 0
        for case in cases.iterator():
            if not dry_run:
                case_pseudonymise(actor=None, case=case)
            count += 1
        verb = "would pseudonymise" if dry_run else "pseudonymised"
        self.stdout.write(f"{verb} {count} case(s) closed before {cutoff:%Y-%m-%d}")
