from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from labourdesk.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the whole platform into one tar file: the database (pg_dump, or SQLite's online "
        "backup), every media file, and a manifest with row counts and SHA-256 checksums. "
        "Safe while the application runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the file to write (default: <LABOURDESK_VAR_DIR>/backups/labourdesk-<time>.tar)",
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"labourdesk-{stamp}.tar"
        try:
            summary = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(f"backup not made: {exc}") from None
        manifest = summary.manifest
        self.stdout.write(
            f"Backup written to {summary.path}: {len(manifest['tables'])} tables, "
            f"{summary.rows} rows, {len(manifest['files']) - 1} media files."
        )
