"""Fixtures every app's tests use: reference data, users per role, a tmp var dir, Chromium."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

SHARED_DIR = Path(os.environ.get("LABOURDESK_SHARED_DIR", settings.BASE_DIR.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A file of the shared test material; the test skips, saying why, when it is absent."""
    path = SHARED_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared test material not found at {path} (set LABOURDESK_SHARED_DIR)")
    return path


@pytest.fixture(autouse=True)
def _isolated_settings(settings, tmp_path):
    """Each test gets its own mail outbox, cache and media; tasks run at once unless a test
    opts into the database queue."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": str(tmp_path),
        }
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "mail"],
        }
    }
    # A fast hasher for the many users tests create (the real one costs ~0.5 s per password).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
    from django.core.cache import cache
    from django.utils import translation

    cache.clear()
    # A test that rendered a French page must not leave French active for the next one.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def _load_reference_data() -> None:
    from django.core.management import call_command

    with open(os.devnull, "w") as devnull:
        call_command("load_reference_data", verbosity=0, stdout=devnull)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database; each test's transaction rolls back
    to it. Transactional tests empty the tables afterwards; `reference_data` reloads then."""
    with django_db_blocker.unblock():
        _load_reference_data()


@pytest.fixture
def reference_data(db):
    """Reference data and the role groups, as `make run` loads them."""
    from django.contrib.auth.models import Group

    from labourdesk.core.roles import ROLE_CODES

    if Group.objects.filter(name__in=ROLE_CODES).count() != len(ROLE_CODES):
        _load_reference_data()


@pytest.fixture
def make_user(db, reference_data):
    """make_user("helpdesk_expert", organisation=org) → a saved, active user with that role."""
    from labourdesk.core.testing.actors import create_actor

    return create_actor


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return path


def _watch_csp(instance) -> list[str]:
    """Every page of every context of this browser reports Content-Security-Policy violations
    (Chromium prints them on the console); the `browser` fixture fails the test on any."""
    violations: list[str] = []
    new_context = instance.new_context

    def on_console(message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append(f"{message.location.get('url', '')}: {message.text}")

    def watched_new_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.on("console", on_console)
        return context

    instance.new_context = watched_new_context
    # A test that expects one refusal (a third-party bundle's hard-wired URL) removes it here.
    instance.csp_violations = violations
    return violations


@pytest.fixture
def browser(chromium_path, monkeypatch):
    """A real headless Chromium driven by Playwright (Debian's binary, no download)."""
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
    # synchronous. Set for this test only: it must not leak into later subprocesses.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=chromium_path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        violations = _watch_csp(instance)
        try:
            yield instance
        finally:
            instance.close()
        assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    try:
        yield pg
    finally:
        context.close()
