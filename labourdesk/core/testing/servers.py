"""A private PostgreSQL server for fault tests: its own data directory and port, so a test may
stop and start it without touching the database every other test uses."""

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bin_dir() -> Path | None:
    root = Path("/usr/lib/postgresql")
    if not root.exists():
        return None
    versions = sorted((p for p in root.iterdir() if (p / "bin" / "initdb").exists()), key=str)
    return versions[-1] / "bin" if versions else None


class PrivateCluster:
    """initdb + pg_ctl as the `postgres` system user (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.bin = _bin_dir()
        if self.bin is None:
            pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
        self.as_postgres = []
        if os.geteuid() == 0:
            if shutil.which("runuser") is None:
                pytest.skip("running as root without runuser: cannot start PostgreSQL")
            self.as_postgres = ["runuser", "-u", "postgres", "--"]
        self.root = Path(tempfile.mkdtemp(prefix="ld-pg-"))
        self.root.chmod(0o777)
        self.data = self.root / "data"
        self.port = free_port()
        self.password = "fault-test"  # noqa: S105 - a throwaway local server

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*self.as_postgres, *args], capture_output=True, text=True, check=check, timeout=120
        )

    def init(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password)
        pwfile.chmod(0o644)
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "labourdesk",
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--no-sync",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.root / "log"),
            "start",
        )

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def createdb(self, name: str) -> str:
        env = {**os.environ, "PGPASSWORD": self.password}
        subprocess.run(
            [
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "labourdesk",
                name,
            ],
            check=True,
            capture_output=True,
            env=env,
            timeout=60,
        )
        return f"postgres://labourdesk:{self.password}@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        with contextlib.suppress(Exception):
            self._run(
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
                check=False,
            )
        shutil.rmtree(self.root, ignore_errors=True)


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(interval)


def gunicorn_command(port: int, workers: int = 2) -> list[str]:
    """gunicorn as `make run` starts it, on a loopback port."""
    from django.conf import settings

    venv = settings.BASE_DIR / ".venv" / "bin" / "gunicorn"
    program = str(venv) if venv.exists() else "gunicorn"
    return [program, "labourdesk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]


def spawn(env: dict, command: list[str], log: Path | None = None) -> subprocess.Popen:
    """A process in its own group (so `stop` ends it and its children). Its output goes to
    `log` (a file, never a pipe nobody reads: a full pipe would block the process)."""
    from django.conf import settings

    sink = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - owned by the child
    return subprocess.Popen(
        command,
        env=env,
        cwd=settings.BASE_DIR,
        stdout=sink,
        stderr=sink,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
