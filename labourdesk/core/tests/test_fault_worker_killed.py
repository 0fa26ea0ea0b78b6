"""Fault: the worker is killed in the middle of a task. Another worker notices the silent
heartbeat, runs the task again, and its effect happens exactly once."""

import os
import signal
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from labourdesk.core.models import WorkerHeartbeat
from labourdesk.core.testing import processes
from labourdesk.core.testing.servers import wait_until
from labourdesk.core.tests.sample_tasks import create_group_slowly
from labourdesk.core.workers import tasks_requeue_orphans

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _worker(*extra: str, **env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval",
            "0.1",
            *extra,
        ],
        env={**processes.test_database_env(), **env},
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@pytest.mark.django_db(transaction=True)
def test_a_killed_workers_task_runs_again_and_takes_effect_once(settings, tmp_path):
    settings.TASKS = DB_TASKS
    marker = tmp_path / "first-run"
    result = create_group_slowly.enqueue("exactly-once", str(marker))

    first = _worker(TASK_WORKER_TIMEOUT="2")
    try:
        assert wait_until(marker.exists, timeout=60), "the first worker never started the task"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == TaskResultStatus.RUNNING  # left behind by the dead worker
    assert not Group.objects.filter(name="exactly-once").exists()  # its transaction rolled back

    # A new worker, once the dead one's heartbeat is older than the timeout, takes it over.
    stale = wait_until(
        lambda: (
            not WorkerHeartbeat.objects.filter(
                worker_id=task.worker_ids[-1], last_seen__gte=_now_minus(2)
            ).exists()
        ),
        timeout=10,
    )
    assert stale
    second = _worker("--batch", TASK_WORKER_TIMEOUT="2")
    _, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr[-2000:]

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2 and task.worker_ids[0] != task.worker_ids[1]
    assert Group.objects.filter(name="exactly-once").count() == 1


def _now_minus(seconds: int):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(seconds=seconds)


@pytest.mark.django_db
def test_a_task_that_keeps_losing_its_worker_fails_instead_of_looping(settings):
    settings.TASK_WORKER_TIMEOUT = 1
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASKS = DB_TASKS
    result = create_group_slowly.enqueue("never", "/nonexistent/marker")
    long_ago = _now_minus(60)
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=["a", "b", "c"]
    )
    WorkerHeartbeat.objects.create(worker_id="live", host="h", pid=1, last_seen=_now_minus(0))
    assert tasks_requeue_orphans() == 1
    task = DBTaskResult.objects.get(id=result.id)
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path.endswith("WorkerLost")


@pytest.mark.django_db
def test_a_task_of_a_live_worker_is_left_alone(settings):
    settings.TASKS = DB_TASKS
    result = create_group_slowly.enqueue("busy", "/nonexistent/marker")
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=_now_minus(600), worker_ids=["live"]
    )
    WorkerHeartbeat.objects.create(worker_id="live", host="h", pid=1, last_seen=_now_minus(0))
    assert tasks_requeue_orphans(timeout_seconds=60) == 0
    assert DBTaskResult.objects.get(id=result.id).status == TaskResultStatus.RUNNING
