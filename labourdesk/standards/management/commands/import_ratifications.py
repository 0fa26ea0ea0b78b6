"""manage.py import_ratifications PATH… — NORMLEX pages (HTML) or CSV files."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from labourdesk.standards.importers.normlex import parse_file
from labourdesk.standards.services import ImportRefused, ratifications_import


class Command(BaseCommand):
    help = (
        "Import ratifications from NORMLEX instrument or country pages saved as HTML, or from "
        "CSV files (instrument,country,date,status,note; country as ISO alpha-3, alpha-2 or "
        "name). Shows the diff (new, changed, denounced, removed), then commits every file or "
        "none. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="show the diff and write nothing"
        )
        parser.add_argument(
            "--complete",
            action="append",
            default=[],
            metavar="CODE",
            help="a CSV lists every ratification of this instrument (repeatable)",
        )

    def handle(self, *args, paths, dry_run, complete, **options):
        parsed = []
        errors = []
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                parsed.append(
                    parse_file(
                        path.read_bytes(),
                        file_name=path.name,
                        complete=tuple(c.upper() for c in complete),
                    )
                )
            except ImportRefused as exc:
                errors += [f"{path.name}: {where}: {message}" for where, message in exc.errors]
        if errors:
            raise CommandError("nothing imported:\n" + "\n".join(errors))
        try:
            with transaction.atomic():
                for item in parsed:
                    result = ratifications_import(parsed=item, actor=None, commit=not dry_run)
                    self._show(item, result)
        except ImportRefused as exc:
            raise CommandError(
                "nothing imported:\n" + "\n".join(f"{w}: {m}" for w, m in exc.errors)
            ) from exc
        if dry_run:
            self.stdout.write("dry run: nothing written")

    def _show(self, item, result):
        summary = ", ".join(f"{k} {v}" for k, v in result.summary.items())
        self.stdout.write(f"{item.file_name}: {item.name}: {summary}")
        for entry in result.entries:
            self.stdout.write(f"  {entry.kind:9} {entry.instrument} {entry.country}")
        if not result.entries:
            self.stdout.write("  no change")
