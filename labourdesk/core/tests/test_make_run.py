"""`make run` as a developer runs it, in a real subprocess on a free port and a scratch SQLite
database: the first run creates the demo, a second run changes nothing, and stopping make
(a TERM to make, or Ctrl-C to its terminal's process group) stops every process it started."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DEMO_TABLES = [
    "accounts_user",
    "helpdesk_case",
    "helpdesk_inquiry",
    "helpdesk_draft",
    "helpdesk_clearance",
    "helpdesk_consultation",
]

pytestmark = pytest.mark.skipif(
    not (ROOT / ".venv/bin/gunicorn").exists() or not shutil.which("make"),
    reason="needs make and the project's .venv (make venv)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _marked(marker: str) -> list[int]:
    """Live processes whose environment carries the marker (every child of our make run)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if f"LD_MAKE_RUN_TEST={marker}".encode() not in (proc / "environ").read_bytes():
                continue
            state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            found.append(int(proc.name))
    return found


def _start(var_dir: Path, port: int, marker: str) -> subprocess.Popen:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "PYTEST_", "DJANGO_"))
    }
    env.update(LABOURDESK_VAR_DIR=str(var_dir), PORT=str(port), LD_MAKE_RUN_TEST=marker)
    return subprocess.Popen(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a terminal gives it
    )


def _wait_until_served(make: subprocess.Popen, port: int, timeout: float = 400) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert make.poll() is None, "make run stopped before serving"
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/en/ask/", timeout=3)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(1)
    raise AssertionError("make run did not serve in time")


def _demo_counts(var_dir: Path) -> dict[str, int]:
    with sqlite3.connect(var_dir / "labourdesk.sqlite3") as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in DEMO_TABLES}  # noqa: S608


def _stop(make: subprocess.Popen, how: str, marker: str) -> None:
    assert len(_marked(marker)) >= 4, "expected make, its shell, worker, scheduler and gunicorn"
    if how == "term":
        make.send_signal(signal.SIGTERM)  # a TERM to make only
    else:
        os.killpg(make.pid, signal.SIGINT)  # Ctrl-C: the whole foreground process group
    make.wait(timeout=90)
    deadline = time.monotonic() + 30
    while _marked(marker) and time.monotonic() < deadline:
        time.sleep(0.5)
    survivors = _marked(marker)
    for pid in survivors:  # never leave them behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert survivors == []


def test_make_run_creates_the_demo_once_and_stops_everything_it_started(tmp_path):
    marker = uuid.uuid4().hex
    port = _free_port()
    make = _start(tmp_path, port, marker)
    try:
        _wait_until_served(make, port)
        first = _demo_counts(tmp_path)
        assert first["helpdesk_case"] > 0 and first["accounts_user"] > 0
        _stop(make, "term", marker)

        make = _start(tmp_path, port, marker)
        _wait_until_served(make, port)
        assert _demo_counts(tmp_path) == first
        _stop(make, "ctrl-c", marker)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
        for pid in _marked(marker):
            os.kill(pid, signal.SIGKILL)
