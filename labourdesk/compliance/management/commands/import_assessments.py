from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourdesk.compliance.importers.assessments import import_assessments
from labourdesk.compliance.importers.common import ImportFailed
from labourdesk.compliance.importers.plans import import_improvement_plans, import_picc
from labourdesk.compliance.models import Industry


class Command(BaseCommand):
    help = (
        "Import a Better Work export (CSV or XLSX): assessments (default), improvement plans or "
        "PICC members. All or nothing; every error is listed with its row and column."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument(
            "--kind", choices=["assessments", "improvement_plans", "picc"], default="assessments"
        )
        parser.add_argument("--drop-obsolete", action="store_true")
        parser.add_argument("--drop-duplicates", action="store_true")
        parser.add_argument("--merge-hazardous", action="store_true")
        parser.add_argument("--systems-to-osh", action="store_true")
        parser.add_argument("--industry", choices=Industry.values, default=Industry.APPAREL)

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        importer = {
            "assessments": import_assessments,
            "improvement_plans": import_improvement_plans,
            "picc": import_picc,
        }[options["kind"]]
        cleaning = {
            k: options[k]
            for k in ("drop_obsolete", "drop_duplicates", "merge_hazardous", "systems_to_osh")
        }
        cleaning["industry"] = options["industry"]
        try:
            counts = importer(actor=None, source=path, file_name=path.name, options=cleaning)
        except ImportFailed as exc:
            for e in exc.errors:
                self.stderr.write(f"row {e['row']}, column {e['column']}: {e['message']}")
            raise CommandError(f"{len(exc.errors)} error(s): nothing was imported.") from exc
        for key, value in counts.items():
            self.stdout.write(f"{key}: {value}")
