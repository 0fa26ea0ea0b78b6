"""Writes to users and organisations (HackSoft services: keyword-only, validated, audited)."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from labourdesk.accounts.models import Organisation, User
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import ROLES_BY_CODE


def user_privileges_check(
    *,
    actor,
    is_superuser: bool = False,
    is_staff: bool = False,
    groups: bool = False,
    permissions: bool = False,
) -> None:
    """Only a superuser grants superuser or staff status, group membership (roles) or
    permissions. `actor=None` is the system itself (commands, migrations, demo set-up), run by
    whoever may run them on the server. Every path that changes these calls this check: the
    services below and the admin's user form (accounts.admin)."""
    if actor is None or getattr(actor, "is_superuser", False):
        return
    if is_superuser or is_staff or groups or permissions:
        raise PermissionDenied(
            _("Only a superuser can grant superuser or staff status, roles or permissions.")
        )


def organisation_create(*, actor, name: str, kind: str) -> Organisation:
    with transaction.atomic():
        org = Organisation(name=name, kind=kind)
        org.full_clean()
        org.save()
        audit_record(actor=actor, action="organisation.create", target=org)
    return org


def user_create(
    *,
    actor,
    username: str,
    email: str = "",
    password: str | None = None,
    roles: list[str] | tuple[str, ...] = (),
    organisation: Organisation | None = None,
    first_name: str = "",
    last_name: str = "",
    sex: str = "",
    is_superuser: bool = False,
) -> User:
    unknown = [code for code in roles if code not in ROLES_BY_CODE]
    if unknown:
        raise ValidationError({"roles": _("Unknown role(s): %s") % ", ".join(unknown)})
    is_staff = is_superuser or any(not ROLES_BY_CODE[c].needs_organisation for c in roles)
    user_privileges_check(
        actor=actor, is_superuser=is_superuser, is_staff=is_staff, groups=bool(roles)
    )
    needs_org = [code for code in roles if ROLES_BY_CODE[code].needs_organisation]
    if needs_org and organisation is None:
        raise ValidationError(
            {"organisation": _("The role %s acts for an organisation: choose one.") % needs_org[0]}
        )
    with transaction.atomic():
        user = User(
            username=username,
            email=email,
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            sex=sex,
            is_superuser=is_superuser,
            is_staff=is_staff,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        if roles:
            user.groups.set(Group.objects.filter(name__in=roles))
        audit_record(
            actor=actor, action="user.create", target=user, details={"roles": sorted(roles)}
        )
    return user


def user_set_roles(*, actor, user: User, roles: list[str]) -> User:
    unknown = [code for code in roles if code not in ROLES_BY_CODE]
    if unknown:
        raise ValidationError({"roles": _("Unknown role(s): %s") % ", ".join(unknown)})
    user_privileges_check(actor=actor, groups=True)
    with transaction.atomic():
        before = sorted(user.groups.values_list("name", flat=True))
        user.groups.set(Group.objects.filter(name__in=roles))
        user.__dict__.pop("_labourdesk_roles", None)
        audit_record(
            actor=actor,
            action="user.roles",
            target=user,
            details={"before": before, "after": sorted(roles)},
        )
    return user
