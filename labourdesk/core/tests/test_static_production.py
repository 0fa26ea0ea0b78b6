"""In production mode the app serves its own static files (WhiteNoise, hashed names, no CDN)."""

import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import os, django
os.environ['DJANGO_SETTINGS_MODULE'] = 'labourdesk.settings'
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static('core/site.css')
response = Client(HTTP_HOST='labourdesk.example.org').get(url, secure=True)
print(url, response.status_code, response.get('Cache-Control', 'none'))
"""


def test_production_serves_hashed_static_files(tmp_path):
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": "p7#Lq2!xZ9@wM4$eR8%tY1^uI6&oP3*aS5(dF0)gH2-jK7+lZ9=xC4",
        "ALLOWED_HOSTS": "labourdesk.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"],
        env=env,
        check=True,
        cwd=settings.BASE_DIR,
        timeout=300,
    )
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
    )
    url, status, cache = out.stdout.strip().splitlines()[-1].split(" ", 2)
    assert status == "200", out.stderr[-2000:]
    assert url.startswith("/static/core/site.") and url != "/static/core/site.css"
    assert "max-age" in cache
