"""Real servers for the mail tests: a Dovecot IMAP server and an aiosmtpd SMTP server."""

import pytest

from labourdesk.mail.tests.servers import Dovecot, SMTPSink, dovecot_available


@pytest.fixture
def dovecot():
    reason = dovecot_available()
    if reason:
        pytest.skip(reason)
    server = Dovecot().start()
    try:
        yield server
    finally:
        server.stop()
        server.cleanup()


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd on loopback, and Django's SMTP backend pointed at it."""
    sink = SMTPSink().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    try:
        yield sink
    finally:
        sink.stop()


CORPUS = ("data", "test-corpora", "mail", "imap_tools")
