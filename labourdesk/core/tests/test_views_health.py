import os
import subprocess
import sys

from django.conf import settings


def test_healthz_answers_200_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real unreachable database (nothing listens on port 1), not a mock.
    code = (
        "import os,django;os.environ['DJANGO_SETTINGS_MODULE']='labourdesk.settings';"
        "django.setup();"
        "from django.test import Client;r=Client().get('/healthz');print(r.status_code)"
    )
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:x@127.0.0.1:1/none",
        "DB_CONN_MAX_AGE": "0",
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        timeout=60,
    )
    assert out.stdout.strip().splitlines()[-1] == "503", out.stderr[-2000:]
