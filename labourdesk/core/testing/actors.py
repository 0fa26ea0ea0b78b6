"""The actors of the permission matrix: anonymous, a user without a role, each role, and a user
of another organisation. Later apps reuse them to generate their own matrices."""

import itertools

from labourdesk.accounts.models import Organisation, User
from labourdesk.core.roles import ROLE_CODES, ROLES_BY_CODE

ANONYMOUS = "anonymous"
NO_ROLE = "no_role"
ACTORS: tuple[str, ...] = (ANONYMOUS, NO_ROLE, *ROLE_CODES)

_counter = itertools.count(1)


OTHER_ORGANISATION = "other_organisation"


def create_actor(
    actor: str, *, organisation: Organisation | None = None, like: User | None = None, **extra
) -> User | None:
    """A saved user for `actor` (None for anonymous). Organisation-bound roles get a fresh
    organisation of the right kind unless one is given.

    `create_actor("other_organisation", like=owner)` gives a user with the owner's roles in a
    different organisation of the same kind: the actor that must never see the owner's records.
    """
    from labourdesk.accounts.services import user_create

    if actor == ANONYMOUS:
        return None
    if actor == OTHER_ORGANISATION:
        if like is None or like.organisation is None:
            raise ValueError("other_organisation needs like=<a user of an organisation>")
        n = next(_counter)
        other = Organisation.objects.create(
            name=f"other organisation {n}", kind=like.organisation.kind
        )
        return user_create(
            actor=None,
            username=f"{actor}-{n}",
            password="correct horse battery staple",
            roles=list(like.groups.values_list("name", flat=True)),
            organisation=other,
        )
    n = next(_counter)
    roles = [] if actor == NO_ROLE else [actor]
    if actor in ROLES_BY_CODE and ROLES_BY_CODE[actor].needs_organisation and organisation is None:
        kind = Organisation.Kind.FACTORY if actor == "factory_user" else Organisation.Kind.BUYER
        organisation = Organisation.objects.create(name=f"{actor} organisation {n}", kind=kind)
    return user_create(
        actor=None,
        username=f"{actor}-{n}",
        email=f"{actor}-{n}@example.org",
        password="correct horse battery staple",
        roles=roles,
        organisation=organisation,
        is_superuser=extra.pop("is_superuser", False),
        **extra,
    )
