import pytest


@pytest.fixture
def world(make_user):
    """Two factories in a country programme, a buyer, and users for each side."""
    from labourdesk.compliance.tests.builders import build_world

    return build_world(make_user)
