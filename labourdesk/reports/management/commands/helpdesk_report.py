from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from labourdesk.reports import exports
from labourdesk.reports.periods import resolve_period
from labourdesk.reports.selectors import build_report


class Command(BaseCommand):
    help = "Write the Helpdesk annual report (tables 1–5) for a period to a file."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="Reference period YYYY-YY, e.g. 2022-23.")
        parser.add_argument("--start", help="Or a date range: first day YYYY-MM-DD.")
        parser.add_argument("--end", help="Last day YYYY-MM-DD (inclusive).")
        parser.add_argument("--format", default="xlsx", choices=sorted(exports.FORMATS))
        parser.add_argument("--language", default="en", choices=["en", "fr", "es"])
        parser.add_argument(
            "--previous", action="store_true", help="The previous period on every table."
        )
        parser.add_argument("--output", required=True, help="File to write ('-' for stdout).")

    def handle(self, *args, **options):
        try:
            period = resolve_period(
                period=options["period"], start=options["start"], end=options["end"]
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        report = build_report(
            period, language=options["language"], previous=True if options["previous"] else None
        )
        data = exports.export(report, options["format"])
        if options["output"] == "-":
            self.stdout.write(data.decode("utf-8"))
            return
        Path(options["output"]).write_bytes(data)
        self.stderr.write(f"{options['output']}: {len(data)} bytes ({period.code or period.start})")
