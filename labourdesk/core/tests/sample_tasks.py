"""A task used by the tests of the task queue: appends a line to a file."""

from pathlib import Path

from django_tasks import task


@task()
def append_line(path: str, line: str) -> None:
    with Path(path).open("a") as handle:
        handle.write(line + "\n")


@task()
def append_pid_line(path: str, line: str) -> None:
    """Append `line pid` slowly enough that two workers share a queue of such tasks."""
    import os
    import time

    time.sleep(0.02)
    with Path(path).open("a") as handle:
        handle.write(f"{line} {os.getpid()}\n")


@task()
def create_group_slowly(name: str, marker: str) -> None:
    """Create a group in one transaction; the first run announces itself and then hangs, so a
    test can kill its worker mid-transaction."""
    import time

    from django.contrib.auth.models import Group
    from django.db import transaction

    with transaction.atomic():
        Group.objects.create(name=name)
        if not Path(marker).exists():
            Path(marker).write_text("running")
            time.sleep(120)
