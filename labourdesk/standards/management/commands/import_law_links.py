"""manage.py import_law_links PATH — national labour law links from a CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourdesk.standards.importers.common import sha256
from labourdesk.standards.importers.tables import parse_law_links_csv
from labourdesk.standards.services import ImportRefused, national_law_links_import


class Command(BaseCommand):
    help = (
        "Import national labour law links (NATLEX-style) from a CSV with the columns "
        "country,title,year,subject,url; all rows or none; a link already known is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", default="", help="where the file comes from")

    def handle(self, *args, path, source, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        data = path.read_bytes()
        try:
            rows = parse_law_links_csv(data, file_name=path.name)
            counts = national_law_links_import(
                rows=rows,
                name=f"National law links: {path.name}",
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
