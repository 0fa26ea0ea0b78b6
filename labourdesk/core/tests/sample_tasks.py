"""A task used by the tests of the task queue: appends a line to a file."""

from pathlib import Path

from django_tasks import task


@task()
def append_line(path: str, line: str) -> None:
    with Path(path).open("a") as handle:
        handle.write(line + "\n")
