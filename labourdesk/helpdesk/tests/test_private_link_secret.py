"""The private link is a secret everywhere (issue 10): after ask → acknowledge → follow-up,
the token is in the e-mail the requester received and nowhere else — not in the gunicorn
access log (a real gunicorn, with the logger `make run` configures), not in any text column of
any table, not on the staff case page."""

import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection

from labourdesk.core.testing.processes import test_database_env
from labourdesk.helpdesk.gunicorn import mask_private_links
from labourdesk.helpdesk.models import Case
from labourdesk.helpdesk.tests.test_views_ask import payload

pytestmark = pytest.mark.django_db(transaction=True)

LOGGER = "labourdesk.helpdesk.gunicorn.PrivateLinkMaskingLogger"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer at {url}")


def _every_text_value():
    """(table, column, value) for every text or binary value of every table."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                name = connection.ops.quote_name(column.name)
                cursor.execute(f"SELECT {name} FROM {connection.ops.quote_name(table)}")  # noqa: S608
                for (value,) in cursor.fetchall():
                    if isinstance(value, memoryview):
                        value = bytes(value)
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    if isinstance(value, str):
                        yield table, column.name, value


def test_the_mask_covers_path_query_and_referer():
    line = '"GET /fr/helpdesk/c/AbC-123_xyz/?sent=1 HTTP/1.1" "http://h/en/helpdesk/c/AbC-123_xyz/"'
    assert "AbC-123_xyz" not in mask_private_links(line)
    assert mask_private_links(line).count("/helpdesk/c/••••/") == 2


def test_the_token_is_in_the_e_mail_only(client, reference_data, make_user, tmp_path):
    client.post("/en/ask/", payload())
    case = Case.objects.get()
    token = re.search(r"/helpdesk/c/([^/\s]+)/", mail.outbox[-1].body).group(1)
    assert len(token) >= 32

    port = _free_port()
    log = tmp_path / "access.log"
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "labourdesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
            "--logger-class",
            LOGGER,
        ],
        env={**test_database_env(), "LABOURDESK_DEMO": "0"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    private = f"{base}/en/helpdesk/c/{token}/"
    try:
        _wait_for(f"{base}/en/ask/")
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = opener.open(private, timeout=10).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        key = re.search(r'name="submission_key" value="([^"]*)"', page)
        form = {
            "csrfmiddlewaretoken": csrf,
            "body_text": "Thank you. One more question about night work.",
            "submission_key": key.group(1) if key else "follow-up-1",
        }
        request = urllib.request.Request(
            private, data=urllib.parse.urlencode(form).encode(), headers={"Referer": private}
        )
        answer = opener.open(request, timeout=10)
        assert answer.status == 200 and "sent=1" in answer.url
        # A page loaded from the private page sends it as the Referer.
        referred = urllib.request.Request(f"{base}/en/ask/", headers={"Referer": private})
        opener.open(referred, timeout=10).read()
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert Case.objects.get().inquiries.count() == 2  # the follow-up joined the case
    text = log.read_text()
    assert "/helpdesk/c/••••/" in text and "POST /en/helpdesk/c/" in text
    assert token not in text

    leaks = [(t, c) for t, c, value in _every_text_value() if token in value]
    assert leaks == []
    stored = case.outbound_messages.get(kind="ack")
    assert "/helpdesk/c/••••/" in stored.body_text

    client.force_login(make_user("helpdesk_manager"))
    staff_page = client.get(f"/en/helpdesk/cases/{case.pk}/").content.decode()
    assert "/helpdesk/c/••••/" in staff_page
    assert token not in staff_page
