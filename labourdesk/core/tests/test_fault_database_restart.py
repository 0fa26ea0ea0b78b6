"""Fault: PostgreSQL restarts while gunicorn serves and the task worker runs.

During the outage, pages answer our 503 page and the API its JSON envelope (no traceback);
afterwards both serve again and the worker runs new tasks, with no restart of either. The test
runs its own PostgreSQL server (a private data directory and port), so stopping it touches no
other test.
"""

import os
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.conf import settings

from labourdesk.core.testing.servers import (
    PrivateCluster,
    free_port,
    gunicorn_command,
    spawn,
    stop,
    wait_until,
)


def _get(url: str, headers: dict | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, "", {}


@pytest.fixture
def cluster():
    server = PrivateCluster()
    server.init()
    server.start()
    try:
        yield server
    finally:
        server.destroy()


def _manage(env, *args, timeout=300):
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=settings.BASE_DIR,
    )


def test_postgresql_restart_fails_cleanly_then_recovers_without_restarting_the_app(
    cluster, tmp_path
):
    env = {
        **os.environ,
        "DATABASE_URL": cluster.createdb("labourdesk"),
        "LABOURDESK_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "labourdesk.settings",
        "DB_CONN_MAX_AGE": "60",
        "TASK_BACKEND": "database",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    migrated = _manage(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    loaded = _manage(env, "load_reference_data", "-v0")
    assert loaded.returncode == 0, loaded.stderr[-3000:]

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = spawn(env, gunicorn_command(port))
    worker = spawn(
        env,
        log=tmp_path / "worker.log",
        command=[
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "db_worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--interval",
            "0.2",
        ],
    )
    try:
        assert wait_until(lambda: _get(f"{base}/healthz")[0] == 200, timeout=60), "no gunicorn"
        status, body, _ = _get(f"{base}/en/standards/")
        assert status == 200 and "<h1" in body

        cluster.stop()
        status, body, headers = _get(f"{base}/en/standards/")
        assert status == 503, body[:500]
        assert "Traceback" not in body and "<h1>" in body
        assert headers.get("Retry-After")
        status, body, _ = _get(f"{base}/api/core/audit/", {"Authorization": "Token 0123abcd"})
        assert status == 503
        assert body.startswith('{"message"') and '"extra"' in body
        assert _get(f"{base}/healthz")[0] == 503

        cluster.start()
        # Every gunicorn worker serves again without a restart (health-checked connections).
        for _ in range(6):
            assert wait_until(lambda: _get(f"{base}/en/standards/")[0] == 200, timeout=30)
        assert gunicorn.poll() is None

        # The worker, still the same process, runs a task enqueued after the outage.
        out = tmp_path / "after-outage"
        enqueued = _manage(
            env,
            "shell",
            "-c",
            "from labourdesk.core.tests.sample_tasks import append_line;"
            f"append_line.enqueue({str(out)!r}, 'after the outage')",
        )
        assert enqueued.returncode == 0, enqueued.stderr[-2000:]
        assert wait_until(out.exists, timeout=60), (
            "the worker did not run a task after the database came back: "
            + (tmp_path / "worker.log").read_text()[-2000:]
        )
        assert worker.poll() is None
    finally:
        stop(gunicorn)
        stop(worker)
