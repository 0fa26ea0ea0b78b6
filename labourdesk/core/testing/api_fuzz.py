"""Fuzz the whole API from its own OpenAPI schema with schemathesis (issue 10; CI runs it).

    python -m labourdesk.core.testing.api_fuzz [--port 18765] [--max-examples 10] [--time-limit 900]

What it does, in a scratch directory that it deletes afterwards:
1. a fresh database: a scratch SQLite file, or the (empty, disposable) PostgreSQL database named
   by `API_FUZZ_DATABASE_URL`; migrated, reference data and demo content loaded, so that
   operations find real objects;
2. an administrator (superuser) with an API token;
3. gunicorn on a loopback port, throttles off (the fuzzer is one client sending thousands of
   requests: the throttles are tested by the test suite);
4. `schemathesis run <schema> --checks all` authenticated as that administrator, a bounded
   number of examples per operation, under a time limit.

It exits with schemathesis's status: 0 only with no server error and no schema violation.
Its duration is printed at the end.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[3]
CONFIG = Path(__file__).with_name("schemathesis.toml")

_MAKE_ADMIN = """
from rest_framework.authtoken.models import Token
from labourdesk.accounts.services import user_create
import secrets
user = user_create(actor=None, username="api-fuzz-admin", password=secrets.token_urlsafe(24),
                   roles=["administrator"], is_superuser=True)
print(Token.objects.create(user=user).key)
"""


def _run(cmd: list[str], env: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, env=env, cwd=BASE_DIR, check=True, **kwargs)


def _wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"api_fuzz: the server did not answer {url} within {seconds} s")
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("API_FUZZ_PORT", 18765)))
    parser.add_argument("--max-examples", type=int, default=10)
    parser.add_argument("--time-limit", type=int, default=900, help="seconds for schemathesis")
    parser.add_argument("--workers", default="1", help="schemathesis workers (1 on a small CI)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("extra", nargs="*", help="more schemathesis options, after --")
    args = parser.parse_args(argv)

    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="labourdesk-api-fuzz-"))
    python = sys.executable
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labourdesk.settings",
        "DJANGO_ENV": "development",
        "DEBUG": "0",
        "LABOURDESK_VAR_DIR": str(scratch),
        "LABOURDESK_DEMO": "1",
        "DATABASE_URL": os.environ.get(
            "API_FUZZ_DATABASE_URL", f"sqlite:///{scratch / 'fuzz.sqlite3'}"
        ),
        "API_THROTTLE_USER": "",
        "API_THROTTLE_ANON": "",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "IMAP_URLS": "",
        "LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        manage = [python, "manage.py"]
        _run([*manage, "migrate", "--noinput", "-v0"], env)
        _run([*manage, "load_reference_data", "-v0"], env)
        _run([*manage, "demo_setup"], env, stdout=subprocess.DEVNULL)
        token = (
            _run([*manage, "shell", "-c", _MAKE_ADMIN], env, stdout=subprocess.PIPE, text=True)
            .stdout.strip()
            .splitlines()[-1]
        )
        bind = f"127.0.0.1:{args.port}"
        # The server's log (a line per 4xx) would drown schemathesis's report: kept apart.
        log_path = BASE_DIR / "var" / "api_fuzz_server.log"
        log_path.parent.mkdir(exist_ok=True)
        server_log = log_path.open("w")
        print(f"api_fuzz: server log in {log_path}")
        server = subprocess.Popen(
            [
                *(python, "-m", "gunicorn", "labourdesk.wsgi", "--bind", bind, "--workers", "2"),
                # No control socket: the default one in $HOME is shared by every gunicorn.
                "--no-control-socket",
            ],
            env=env,
            cwd=BASE_DIR,
            start_new_session=True,
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        _wait_for(f"http://{bind}/healthz", 60)
        command = [
            python,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(CONFIG),
            "run",
            f"http://{bind}/api/schema/",
            "--checks",
            "all",
            "--max-examples",
            str(args.max_examples),
            "--workers",
            str(args.workers),
            "--header",
            f"Authorization: Token {token}",
            "--no-color",
            "--generation-database",
            "none",
            # Authenticate with the administrator's token only: generated cookies or tokens
            # would be judged "invalid credentials accepted" next to the real one.
            "--generation-with-security-parameters",
            "false",
            *(["--seed", str(args.seed)] if args.seed is not None else []),
            *args.extra,
        ]
        try:
            status = subprocess.run(
                command, env=env, cwd=scratch, timeout=args.time_limit, check=False
            ).returncode
        except subprocess.TimeoutExpired:
            print(f"api_fuzz: schemathesis did not finish within {args.time_limit} s")
            status = 1
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(scratch, ignore_errors=True)
        print(f"api_fuzz: {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
