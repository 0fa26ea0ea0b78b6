"""Background work: enqueue only once the data the task reads is committed (Zulip's rule)."""

from functools import partial

from django.db import transaction


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Enqueue `task` after the current transaction commits; at once outside a transaction.

    A task enqueued inside a transaction that rolls back never runs, and a worker can never
    pick up a task before the rows it reads exist.
    """
    transaction.on_commit(partial(task.enqueue, *args, **kwargs))
