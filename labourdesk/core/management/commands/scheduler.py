import signal
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.module_loading import module_has_submodule


def collect_schedules():
    """`SCHEDULES = [(name, every_seconds, task)]` from each app's `schedules.py`."""
    found = []
    for config in apps.get_app_configs():
        if config.name.startswith("labourdesk.") and module_has_submodule(
            config.module, "schedules"
        ):
            module = __import__(f"{config.name}.schedules", fromlist=["SCHEDULES"])
            found.extend(module.SCHEDULES)
    return found


class Command(BaseCommand):
    help = (
        "Enqueue periodic tasks (mail polling, reminders, roll-ups) on the task queue; the "
        "db_worker runs them. Run exactly one scheduler per deployment."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue every task once and exit.")

    def handle(self, *args, once=False, **options):
        schedules = collect_schedules()
        if once:
            for name, _every, task in schedules:
                task.enqueue()
                self.stdout.write(f"enqueued {name}")
            return
        running = True

        def stop(*_args):
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        next_run = {name: time.monotonic() for name, _e, _t in schedules}
        self.stdout.write(f"scheduler: {len(schedules)} periodic task(s)")
        while running:
            now = time.monotonic()
            for name, every, task in schedules:
                if now >= next_run[name]:
                    task.enqueue()
                    next_run[name] = now + every
            time.sleep(1)
