"""Through a real gunicorn (the Makefile's and production's server): no `Server` header."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from labourdesk.core.testing import processes

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_server(django_db_setup):
    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    # Started from the repository root as `make run` does: gunicorn reads ./gunicorn.conf.py.
    proc = subprocess.Popen(
        [str(gunicorn), "labourdesk.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=processes.test_database_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stdout.read().decode())
                time.sleep(0.2)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.parametrize("path", ["/healthz", "/en/", "/api/core/audit/", "/no-such-page"])
def test_gunicorn_sends_no_server_header(gunicorn_server, path):
    conn = http.client.HTTPConnection("127.0.0.1", gunicorn_server, timeout=20)
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    assert response.status < 500
    assert response.getheader("Server") is None, response.getheaders()
    assert response.getheader("Date")  # the other framing headers are still there
