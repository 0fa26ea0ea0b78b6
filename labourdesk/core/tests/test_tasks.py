"""Background work: tasks run only after commit, and survive a restart of the worker."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from labourdesk.core.tasks import enqueue_on_commit
from labourdesk.core.testing.processes import manage
from labourdesk.core.tests.sample_tasks import append_line

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.mark.django_db(transaction=True)
def test_task_enqueued_in_a_rolled_back_transaction_never_runs(settings, tmp_path):
    settings.TASKS = DB_TASKS
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(append_line, str(tmp_path / "out"), "never")
        assert DBTaskResult.objects.count() == 0  # not before commit
        raise RuntimeError("roll back")
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_task_runs_after_commit_and_survives_a_worker_restart(settings, tmp_path):
    settings.TASKS = DB_TASKS
    out = tmp_path / "out"
    with transaction.atomic():
        enqueue_on_commit(append_line, str(out), "first")
        enqueue_on_commit(append_line, str(out), "second")
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.count() == 2
    assert not out.exists()  # nothing runs without a worker: the queue is persistent

    # A worker that stops after one task (a restart), then a new worker that finishes the queue.
    first = manage("db_worker", "--batch", "--max-tasks", "1", "--no-startup-delay", "--no-reload")
    assert first.returncode == 0, first.stderr[-2000:]
    assert out.read_text().splitlines() == ["first"]
    second = manage("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert second.returncode == 0, second.stderr[-2000:]
    assert out.read_text().splitlines() == ["first", "second"]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
