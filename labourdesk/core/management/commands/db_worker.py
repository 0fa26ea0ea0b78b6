"""`db_worker` of django-tasks-db, made to outlive a database outage.

The upstream worker lets any non-lock OperationalError end the process, so a PostgreSQL restart
stops background work until someone restarts the worker, and a killed worker leaves its task
RUNNING for ever. Ours keeps a heartbeat and requeues the tasks of dead workers
(labourdesk.core.workers); on a database error it logs one line, waits with a growing
pause (up to 10 s) and carries on; tasks keep their state in the database, so nothing is lost.
This command takes precedence over the upstream one because labourdesk.core is listed before
django_tasks_db in INSTALLED_APPS.
"""

import logging
import time

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker as upstream

from labourdesk.core.workers import Heartbeat

logger = logging.getLogger("labourdesk.tasks")
MAX_PAUSE_SECONDS = 10.0


class ResilientWorker(upstream.Worker):
    def run(self) -> None:
        # Say we are alive and rescue the tasks of dead workers before taking any task.
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.beat()
        heartbeat.start()
        try:
            return self._run_through_outages()
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)

    def _run_through_outages(self) -> None:
        pause = max(self.interval or 0.5, 0.5)
        while True:
            try:
                return super().run()
            except (OperationalError, InterfaceError) as exc:
                if not self.running:
                    return None
                logger.warning(
                    "Database unavailable (%s); the worker retries in %.1f s",
                    str(exc).strip().splitlines()[0][:200],
                    pause,
                )
                for conn in connections.all():
                    conn.close_if_unusable_or_obsolete()
                close_old_connections()
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE_SECONDS)
                self.startup_delay = False


class Command(upstream.Command):
    help = upstream.Command.help

    def handle(self, *args, **options):
        original = upstream.Worker
        upstream.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            upstream.Worker = original
