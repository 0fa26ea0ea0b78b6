import os
import sys

from django.core.exceptions import ImproperlyConfigured

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")
try:
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
except ImproperlyConfigured as exc:  # pragma: no cover - start-up failure path
    sys.stderr.write(f"configuration error: {exc}\n")
    raise SystemExit(2) from None
