"""The shared shape of the CSV import commands of the standards app (supervisory comments,
national-law links): read the file, parse it, import all rows or none, say what happened."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourdesk.standards.importers.common import sha256
from labourdesk.standards.services import ImportRefused


class CsvImportCommand(BaseCommand):
    #: parse(data, file_name=...) -> rows; run(rows=, name=, source=, file_name=, sha=) -> counts
    parse = None
    run = None
    dataset_label = ""

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--source", default="", help="where the file comes from")

    def handle(self, *args, path, source, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        data = path.read_bytes()
        try:
            rows = type(self).parse(data, file_name=path.name)
            counts = type(self).run(
                rows=rows,
                name=f"{self.dataset_label}: {path.name}",
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
