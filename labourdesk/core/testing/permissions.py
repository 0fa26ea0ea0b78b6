"""Generated permission matrices (NetBox's idea): declare who may do what, get one test per actor.

    MATRIX = matrix(allowed={"helpdesk_expert", "helpdesk_manager"})

    @pytest.mark.parametrize("actor,allowed", MATRIX)
    def test_case_list(client, make_user, actor, allowed):
        login(client, make_user(actor))
        assert_access(client.get(url), allowed)

`other_organisation` is an extra actor for organisation-scoped records: a user with the owner's
role but in another organisation; it must get 404 (the record's existence is not disclosed).
"""

from collections.abc import Iterable

import pytest

from labourdesk.core.testing.actors import ACTORS, ANONYMOUS, OTHER_ORGANISATION

__all__ = ["ACTORS", "OTHER_ORGANISATION", "assert_access", "login", "matrix"]


def matrix(*, allowed: Iterable[str], actors: Iterable[str] = ACTORS, extra: Iterable[str] = ()):
    """pytest params (actor, allowed) over every actor, with readable ids."""
    allowed = set(allowed)
    return [
        pytest.param(a, a in allowed, id=f"{a}-{'allowed' if a in allowed else 'denied'}")
        for a in (*actors, *extra)
    ]


def login(client, user) -> None:
    if user is not None:
        client.force_login(user)


def assert_access(
    response, allowed: bool, *, ok=(200,), denied=(302, 401, 403, 404), actor: str | None = None
) -> None:
    """An allowed actor gets an OK status; a denied one a refusal, never a 5xx."""
    status = response.status_code
    assert status < 500, f"{actor}: server error {status}"
    if allowed:
        assert status in ok, f"{actor}: expected {ok}, got {status}"
    else:
        assert status in denied, f"{actor}: expected a refusal {denied}, got {status}"
        if actor == ANONYMOUS and status == 302:
            assert "login/" in response["Location"], response["Location"]
