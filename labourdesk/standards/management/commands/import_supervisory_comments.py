"""manage.py import_supervisory_comments PATH — CEACR comments from a CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourdesk.standards.importers.common import sha256
from labourdesk.standards.importers.tables import parse_comments_csv
from labourdesk.standards.services import ImportRefused, supervisory_comments_import


class Command(BaseCommand):
    help = (
        "Import CEACR comments (observations, direct requests) from a CSV with the columns "
        "country,instrument,year,type,url; all rows or none; a comment already known is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", default="", help="where the file comes from")

    def handle(self, *args, path, source, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        data = path.read_bytes()
        try:
            rows = parse_comments_csv(data, file_name=path.name)
            counts = supervisory_comments_import(
                rows=rows,
                name=f"CEACR comments: {path.name}",
                source=source or "CSV file",
                file_name=path.name,
                sha=sha256(data),
            )
        except ImportRefused as exc:
            raise CommandError(
                "nothing imported:\n" + "\n".join(f"{w}: {m}" for w, m in exc.errors)
            ) from exc
        self.stdout.write(
            f"{path.name}: created {counts['created']}, unchanged {counts['unchanged']}"
        )
