"""Task workers that notice each other's death.

django-tasks-db marks a task RUNNING when a worker claims it and leaves it so if that worker dies:
nothing would ever run it again. Each of our workers keeps a heartbeat row fresh from a small
thread; any worker finding a RUNNING task whose worker's heartbeat is older than
TASK_WORKER_TIMEOUT puts it back in the queue (at most TASK_MAX_ATTEMPTS claims, then FAILED, so a
task that kills its worker cannot loop for ever).

Exactly once: a task's effect happens once when the task commits its writes in one transaction
(imports, roll-ups): a killed worker's transaction is rolled back by the database, and the rerun
starts from nothing (tests/test_fault_worker_killed.py). Mail delivery holds a lease on the
message (`next_attempt_at`) while it talks to the relay and marks it sent right after; a rerun
within the lease leaves it to the retry sweep (`retry_outbound`). The one window in which a retry
can repeat a message is between the relay's acceptance and that mark, and the relay then sees
the same Message-ID twice.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from labourdesk.core.models import WorkerHeartbeat

logger = logging.getLogger("labourdesk.tasks")


class WorkerLost(Exception):
    """The worker running a task stopped without finishing it, too many times."""


def worker_heartbeat(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "last_seen": timezone.now(),
        },
    )


def tasks_requeue_orphans(*, timeout_seconds: int | None = None) -> int:
    """Put back in the queue every RUNNING task whose worker has gone silent; return how many."""
    timeout = timedelta(seconds=timeout_seconds or settings.TASK_WORKER_TIMEOUT)
    cutoff = timezone.now() - timeout
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = 0
    for task in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).only("id", "worker_ids", "started_at"):
        if task.worker_ids and task.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            unchanged = DBTaskResult.objects.filter(
                id=task.id, status=TaskResultStatus.RUNNING, started_at=task.started_at
            )
            if len(task.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                changed = unchanged.update(
                    status=TaskResultStatus.FAILED,
                    finished_at=timezone.now(),
                    exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                    traceback=(
                        f"The worker running this task stopped {len(task.worker_ids)} times "
                        "without finishing it; it is not retried again."
                    ),
                )
            else:
                changed = unchanged.update(status=TaskResultStatus.READY, started_at=None)
        if changed:
            requeued += 1
            logger.warning(
                "Task id=%s was left running by worker %s, which stopped; %s",
                task.id,
                task.worker_ids[-1] if task.worker_ids else "?",
                "requeued" if len(task.worker_ids) < settings.TASK_MAX_ATTEMPTS else "failed",
            )
    WorkerHeartbeat.objects.filter(last_seen__lt=cutoff - timeout).delete()
    return requeued


class Heartbeat(threading.Thread):
    """Keeps this worker's heartbeat fresh and requeues orphans, every quarter of the timeout."""

    def __init__(self, worker_id: str):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.every = max(settings.TASK_WORKER_TIMEOUT / 4, 0.5)

    def beat(self) -> None:
        try:
            worker_heartbeat(worker_id=self.worker_id)
            tasks_requeue_orphans()
        except DatabaseError as exc:  # the database is away: the main loop says so too
            logger.debug("heartbeat skipped: %s", exc)
            connection.close()

    def run(self) -> None:
        while not self.stopped.wait(self.every):
            self.beat()
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except DatabaseError:
            pass
        finally:
            connection.close()
