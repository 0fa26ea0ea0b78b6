"""Scale-out: several `db_worker` processes on one database take each task exactly once."""

import subprocess
import sys

import pytest
from django_tasks_db.models import DBTaskResult

from labourdesk.core.testing import processes
from labourdesk.core.tests.sample_tasks import append_pid_line

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
TASKS = 100


@pytest.mark.django_db(transaction=True)
def test_two_workers_take_each_of_a_hundred_tasks_once(settings, tmp_path):
    settings.TASKS = DB_TASKS
    out = tmp_path / "out"
    for number in range(TASKS):
        append_pid_line.enqueue(str(out), f"task-{number:03d}")
    assert DBTaskResult.objects.count() == TASKS

    command = [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.05",
    ]
    workers = [
        subprocess.Popen(
            command,
            env=processes.test_database_env(),
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, stderr = worker.communicate(timeout=180)
        assert worker.returncode == 0, stderr[-2000:]

    lines = out.read_text().splitlines()
    names = [line.split()[0] for line in lines]
    assert sorted(names) == [f"task-{n:03d}" for n in range(TASKS)]  # each once, none lost
    pids = {line.split()[1] for line in lines}
    assert pids <= {str(w.pid) for w in workers}
    assert len(pids) == 2, "both workers should have taken part"
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
