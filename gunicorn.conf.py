"""gunicorn configuration: read by gunicorn from the directory it starts in (the repository root,
as `make run` does), or named with `gunicorn -c gunicorn.conf.py labourdesk.wsgi`.

Command-line options (--bind, --workers, --access-logfile) still apply on top of this file."""

from labourdesk.core.gunicorn_hooks import drop_server_header

# No `Server: gunicorn` header (gunicorn has no setting for it).
drop_server_header()
