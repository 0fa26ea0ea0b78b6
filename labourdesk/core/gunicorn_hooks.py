"""What our gunicorn configuration (../../gunicorn.conf.py) changes in gunicorn itself.

gunicorn writes `Server: gunicorn` on every response in `Response.default_headers()`, and has no
setting to leave it out (benoitc/gunicorn#825: the maintainers declined one). A WSGI wrapper
cannot remove it either: gunicorn adds it after the application's headers, and an application
header would only make a second one. So the configuration file, which gunicorn runs in the
master before any worker forks, drops that one line from the default headers.
"""


def drop_server_header() -> None:
    from gunicorn.http import wsgi

    original = wsgi.Response.default_headers
    if getattr(original, "labourdesk_no_server", False):
        return

    def default_headers(self):
        return [line for line in original(self) if not line.lower().startswith("server:")]

    default_headers.labourdesk_no_server = True
    wsgi.Response.default_headers = default_headers
