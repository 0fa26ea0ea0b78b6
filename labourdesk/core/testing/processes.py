"""Run management commands in real subprocesses against the test database (workers, pollers)."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection


def test_database_env() -> dict[str, str]:
    """Environment for a subprocess that must use the current test database."""
    env = dict(os.environ)
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        user, password = db.get("USER", ""), db.get("PASSWORD", "")
        host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
        env["DATABASE_URL"] = f"postgres://{user}:{password}@{host}:{port}/{db['NAME']}"
    env.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
    return env


test_database_env.__test__ = False  # a helper, not a test, where a test module imports it


def manage(*args: str, timeout: int = 120, **env) -> subprocess.CompletedProcess:
    full_env = {**test_database_env(), **env}
    return subprocess.run(
        [sys.executable, str(settings.BASE_DIR / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        cwd=settings.BASE_DIR,
    )
