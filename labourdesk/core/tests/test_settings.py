"""Settings fail fast, in one line naming the variable; production passes check --deploy."""

import os
import subprocess
import sys

from django.conf import settings

MANAGE = str(settings.BASE_DIR / "manage.py")


def _manage(*args, **env):
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    full_env.update(env)
    return subprocess.run(
        [sys.executable, MANAGE, *args], capture_output=True, text=True, env=full_env, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="example.org")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "configuration error: SECRET_KEY: is required in this mode and is not set"
    ]


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_ENV="production", SECRET_KEY="k" * 60)
    assert result.returncode == 2
    assert result.stderr.strip().startswith("configuration error: ALLOWED_HOSTS:")
    assert len(result.stderr.strip().splitlines()) == 1


def test_malformed_database_url_is_one_line_naming_the_variable():
    result = _manage("check", DATABASE_URL="nonsense://what")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("configuration error: DATABASE_URL:")


def test_bad_boolean_names_the_variable():
    result = _manage("check", DEBUG="maybe")
    assert result.returncode == 2
    assert "DEBUG: expected a boolean" in result.stderr


def test_production_passes_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        SECRET_KEY="kx9!Qm2#vLp8@Zr4^Wt6&Yb1*Nc3(Hd5)Jf7-Gs0+Ea9=Uo2" * 2,
        ALLOWED_HOSTS="labourdesk.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_url_selects_postgresql():
    code = (
        "import django,os;os.environ['DJANGO_SETTINGS_MODULE']='labourdesk.settings';"
        "from django.conf import settings;print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DATABASE_URL"] = "postgres://u:p@127.0.0.1:5432/db"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    assert out.stdout.strip() == "django.db.backends.postgresql"
