from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from labourdesk.core.reference import DATA_DIR, ReferenceDataError
from labourdesk.core.roles import sync_roles


class Command(BaseCommand):
    help = "Load the reference data shipped in data/ (idempotent) and set up the roles."

    def handle(self, *args, verbosity=1, **options):
        def say(line: str) -> None:
            if verbosity:
                self.stdout.write(line)

        try:
            with transaction.atomic():
                for config in apps.get_app_configs():
                    if not config.name.startswith("labourdesk.") or not module_has_submodule(
                        config.module, "reference"
                    ):
                        continue
                    module = __import__(f"{config.name}.reference", fromlist=["LOADERS"])
                    for name, loader in getattr(module, "LOADERS", []):
                        counts = loader(DATA_DIR)
                        summary = ", ".join(f"{k} {v}" for k, v in counts.items())
                        say(f"{config.label}.{name}: {summary}")
                counts = sync_roles()
                say(f"roles: {len(counts)} groups")
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
