from django.core.management.base import BaseCommand

from labourdesk.analytics.services import analytics_prune


class Command(BaseCommand):
    help = (
        "Delete raw page views older than ANALYTICS_RAW_DAYS (default 30) once their day is rolled "
        "up, and destroy every visitor-hash salt older than yesterday's."
    )

    def add_arguments(self, parser):
        parser.add_argument("--keep-days", type=int, default=None)

    def handle(self, *args, keep_days=None, **options):
        deleted = analytics_prune(keep_days=keep_days)
        self.stdout.write(f"Deleted {deleted} raw page views.")
