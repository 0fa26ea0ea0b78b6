from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from labourdesk.core.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the configured database, which must be "
        "empty, and MEDIA_ROOT. The whole archive is checked first (manifest, checksums, database "
        "vendor, migrations known to this version); a damaged or foreign backup is refused before "
        "anything is changed. --check only verifies."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--check", action="store_true", help="verify only; change nothing")

    def handle(self, *args, path, check=False, **options):
        try:
            if check:
                manifest = backup_verify(path=path)
                self.stdout.write(
                    f"{path} is a complete backup of {sum(manifest['tables'].values())} rows "
                    f"made {manifest['created']}."
                )
                return
            summary = backup_restore(path=path)
        except BackupError as exc:
            raise CommandError(f"restore refused: {exc}") from None
        self.stdout.write(
            f"Restored {summary.rows} rows in {len(summary.manifest['tables'])} tables and "
            f"{len(summary.manifest['files']) - 1} media files from {path}."
        )
