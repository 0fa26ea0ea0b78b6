import pytest


@pytest.fixture
def world(make_user):
    """Two factories in a country programme, a buyer, and users for each side."""
    from labourdesk.compliance.tests.builders import build_world

    return build_world(make_user)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Dozens of users per test: the production hasher's cost is not what these tests measure.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
