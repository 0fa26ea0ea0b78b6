import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from labourdesk.analytics.services import analytics_rollup


class Command(BaseCommand):
    help = (
        "Fold raw page views into daily figures per page, country, source, referring site and "
        "device (visits, page views, daily unique visitors). Idempotent: a day rolled up twice "
        "gives the same figures. Without --day: every day with page views since the last roll-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--day", action="append", default=[], help="YYYY-MM-DD (repeatable)")

    def handle(self, *args, day, **options):
        try:
            days = [dt.date.fromisoformat(d) for d in day] or None
        except ValueError as exc:
            raise CommandError(f"--day: {exc} (expected YYYY-MM-DD)") from None
        done = analytics_rollup(days=days)
        for d, n in done.items():
            self.stdout.write(f"{d}: {n} figures")
        if not done:
            self.stdout.write("Nothing to roll up.")
