"""Scale-out: two gunicorn instances on one database share sessions and, with
CACHE_BACKEND=database, the rate limits (a client cannot double its allowance by alternating)."""

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from labourdesk.core.testing import processes
from labourdesk.core.testing.servers import free_port, gunicorn_command, spawn, stop, wait_until
from labourdesk.helpdesk.views.public import ASK_RATE


class Client:
    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar),
            _NoRedirect,
        )

    def request(self, url, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(urllib.request.Request(url, data=body), timeout=15) as r:
                return r.status, r.read().decode(), r.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers
        except (urllib.error.URLError, ConnectionError):
            return 0, "", {}

    def csrf(self, url):
        status, body, _ = self.request(url)
        assert status == 200, (url, status)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_instances(tmp_path):
    env = {
        **processes.test_database_env(),
        "CACHE_BACKEND": "database",
        "LABOURDESK_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    made = processes.manage("createcachetable", CACHE_BACKEND="database")
    assert made.returncode == 0, made.stderr
    ports = [free_port(), free_port()]
    servers = [spawn(env, gunicorn_command(port, workers=1)) for port in ports]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            assert wait_until(lambda b=base: Client().request(f"{b}/healthz")[0] == 200, 60)
        yield bases
    finally:
        for server in servers:
            stop(server)


@pytest.mark.django_db(transaction=True)
def test_a_session_made_on_one_instance_is_valid_on_the_other(two_instances, make_user):
    a, b = two_instances
    user = make_user("helpdesk_expert")
    # The servers know only the production hashers, not the tests' fast one.
    user.password = PBKDF2PasswordHasher().encode("a long enough password 1", "somesalt", 1000)
    user.save()
    client = Client()
    token = client.csrf(f"{a}/en/accounts/login/")
    status, _, _ = client.request(
        f"{a}/en/accounts/login/",
        {
            "csrfmiddlewaretoken": token,
            "username": user.username,
            "password": "a long enough password 1",
        },
    )
    assert status == 302, status
    status, _, _ = client.request(f"{b}/en/helpdesk/")
    assert status == 200, status


@pytest.mark.django_db(transaction=True)
def test_the_ask_rate_limit_is_shared_by_both_instances(two_instances, reference_data):
    a, b = two_instances
    allowed = int(ASK_RATE.split("/")[0])
    client = Client()
    token = client.csrf(f"{a}/en/ask/")
    statuses = []
    for attempt in range(allowed + 1):
        base = (a, b)[attempt % 2]
        status, _, _ = client.request(f"{base}/en/ask/", {"csrfmiddlewaretoken": token})
        statuses.append(status)
    assert statuses[:allowed] == [200] * allowed  # invalid forms, shown again: counted
    assert statuses[allowed] == 429, statuses
