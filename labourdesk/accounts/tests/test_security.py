"""Accounts hardening (issue 10): login lockouts, superuser-only promotion, an audit entry for
every change of a user's groups, permissions, flags or password, session length, and the end
of other sessions on a password change."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.forms import SplitDateTimeWidget
from django.test import Client

from labourdesk.accounts.models import User
from labourdesk.accounts.services import user_create, user_set_roles
from labourdesk.core.models import AuditEntry
from labourdesk.core.testing.permissions import login

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def account(make_user):
    user = make_user("helpdesk_expert")
    user.set_password(PASSWORD)
    user.save()
    return user


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/en/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- lockouts ---------------------------------------------------------------------------------


def test_an_account_is_locked_after_repeated_failures_from_any_client(client, account, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for i in range(2):
        assert _login(client, account.username, "wrong", ip=f"10.0.0.{i + 1}").status_code == 200
    # The third failure locks (axes answers it with the lockout page already).
    assert _login(client, account.username, "wrong", ip="10.0.0.3").status_code == 429
    response = _login(client, account.username, PASSWORD, ip="10.0.0.99")
    assert response.status_code == 429
    assert not _signed_in(client)
    assert "locked" in response.content.decode().lower()
    entry = AuditEntry.objects.filter(action="accounts.lockout").first()
    assert entry is not None
    assert entry.changes["username"] == account.username


def test_a_client_is_locked_after_repeated_failures_on_any_account(client, make_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("nobody-1", "nobody-2", "nobody-3"):
        _login(client, name, "wrong", ip="10.9.9.9")
    other = make_user("helpdesk_expert")
    other.set_password(PASSWORD)
    other.save()
    assert _login(client, other.username, PASSWORD, ip="10.9.9.9").status_code == 429
    assert not _signed_in(client)
    # Another client is not concerned.
    assert _login(Client(), other.username, PASSWORD, ip="10.1.1.1").status_code == 302


def test_the_lockout_settings_come_from_the_environment():
    from labourdesk.core.testing.processes import manage

    result = manage(
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()),"
        " s.SESSION_COOKIE_AGE)",
        AXES_FAILURE_LIMIT="7",
        AXES_COOLOFF_MINUTES="15",
        SESSION_COOKIE_AGE="3600",
    )
    assert result.stdout.split()[-3:] == ["7", "900", "3600"], result.stderr


# --- promotion ---------------------------------------------------------------------------------


def _admin_form(client, user) -> dict:
    """The user change form as the admin renders it, ready to post back."""
    response = client.get(f"/en/admin/accounts/user/{user.pk}/change/")
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name, field.initial)
        if isinstance(field.widget, SplitDateTimeWidget):
            if value:
                data[f"{name}_0"], data[f"{name}_1"] = value.date(), value.time()
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    return data


@pytest.fixture
def plain_admin(make_user):
    """An administrator by role, not a superuser: staff, with the role's permissions."""
    user = make_user("administrator")
    assert user.is_staff and not user.is_superuser
    return user


@pytest.mark.parametrize(
    "grant",
    [
        {"is_superuser": "on"},
        {"is_staff": "on"},
        {"groups": "administrator"},
        {"user_permissions": "accounts.change_user"},
    ],
)
def test_a_non_superuser_administrator_cannot_promote_itself_or_anyone(
    client, plain_admin, make_user, grant
):
    target = make_user("factory_user")
    login(client, plain_admin)
    for user in (plain_admin, target):
        data = _admin_form(client, user)
        for key, value in grant.items():
            if key == "groups":
                data[key] = [Group.objects.get(name=value).pk]
            elif key == "user_permissions":
                app, codename = value.split(".")
                perm = Permission.objects.get(content_type__app_label=app, codename=codename)
                data[key] = [perm.pk]
            else:
                data[key] = value
        client.post(f"/en/admin/accounts/user/{user.pk}/change/", data)
        user.refresh_from_db()
        assert not user.is_superuser
        assert user.groups.filter(name="administrator").exists() == (user == plain_admin)
        assert not user.user_permissions.exists()
        assert user.is_staff == (user == plain_admin)


def test_a_non_superuser_administrator_cannot_touch_a_superuser_or_the_groups(
    client, plain_admin, make_user
):
    boss = make_user("administrator", is_superuser=True)
    login(client, plain_admin)
    # Read-only at most; a change posted anyway is refused.
    assert client.get(f"/en/admin/accounts/user/{boss.pk}/change/").status_code in (200, 302, 403)
    response = client.post(
        f"/en/admin/accounts/user/{boss.pk}/change/", {"username": "demoted", "email": ""}
    )
    assert response.status_code in (302, 403)
    boss.refresh_from_db()
    assert boss.username != "demoted" and boss.is_active
    response = client.post(
        f"/en/admin/accounts/user/{boss.pk}/password/",
        {"password1": "new password 1234567", "password2": "new password 1234567"},
    )
    assert response.status_code in (302, 403, 404)
    boss.refresh_from_db()
    assert not boss.check_password("new password 1234567")
    group = Group.objects.get(name="factory_user")
    before = set(group.permissions.values_list("pk", flat=True))
    client.post(
        f"/en/admin/auth/group/{group.pk}/change/",
        {"name": "factory_user", "permissions": [p.pk for p in Permission.objects.all()[:50]]},
    )
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_the_services_refuse_a_promotion_by_a_non_superuser(plain_admin, make_user):
    target = make_user("factory_user")
    with pytest.raises(PermissionDenied):
        user_set_roles(actor=plain_admin, user=target, roles=["administrator"])
    with pytest.raises(PermissionDenied):
        user_create(actor=plain_admin, username="sneaky", is_superuser=True)
    with pytest.raises(PermissionDenied):
        user_create(actor=plain_admin, username="sneaky2", roles=["helpdesk_manager"])
    assert not User.objects.filter(username__startswith="sneaky").exists()
    assert not target.groups.filter(name="administrator").exists()


def test_a_superuser_can_promote_and_every_change_is_audited(client, make_user):
    boss = make_user("administrator", is_superuser=True)
    target = make_user("factory_user")
    login(client, boss)
    data = _admin_form(client, target)
    perm = Permission.objects.get(content_type__app_label="accounts", codename="view_user")
    data.update(
        is_staff="on",
        groups=[Group.objects.get(name="helpdesk_expert").pk],
        user_permissions=[perm.pk],
    )
    data.pop("is_active")
    response = client.post(f"/en/admin/accounts/user/{target.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    target.refresh_from_db()
    assert target.is_staff and not target.is_active
    assert set(target.groups.values_list("name", flat=True)) == {"helpdesk_expert"}
    entries = AuditEntry.objects.filter(object_id=str(target.pk), actor=boss)
    actions = set(entries.values_list("action", flat=True))
    assert {"user.groups", "user.permissions", "user.flags"} <= actions
    flags = entries.get(action="user.flags").changes
    assert flags["is_staff"] == [False, True] and flags["is_active"] == [True, False]
    groups = entries.filter(action="user.groups")
    assert any("helpdesk_expert" in str(e.changes) for e in groups)
    # The password, through the admin's own form.
    client.post(
        f"/en/admin/accounts/user/{target.pk}/password/",
        {"password1": "another good password 99", "password2": "another good password 99"},
    )
    entry = AuditEntry.objects.get(action="user.password", object_id=str(target.pk))
    assert entry.actor == boss
    assert "another" not in str(entry.changes)


def test_changes_outside_any_service_are_audited_too(make_user):
    """The shell, a command, a migration: the listeners record them, with the actor 'system'."""
    target = make_user("factory_user")
    target.groups.add(Group.objects.get(name="buyer_user"))
    target.is_superuser = True
    target.save()
    target.set_password("yet another password 7")
    target.save()
    actions = list(
        AuditEntry.objects.filter(object_id=str(target.pk)).values_list("action", "actor_label")
    )
    assert ("user.groups", "system") in actions
    assert ("user.flags", "system") in actions
    assert ("user.password", "system") in actions


# --- sessions ----------------------------------------------------------------------------------


def test_sessions_last_eight_hours_by_default(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600


def test_a_password_change_by_an_administrator_ends_the_users_sessions(client, make_user):
    user = make_user("helpdesk_expert")
    theirs = Client()
    theirs.force_login(user)
    assert theirs.get("/en/helpdesk/").status_code == 200
    login(client, make_user("administrator", is_superuser=True))
    response = client.post(
        f"/en/admin/accounts/user/{user.pk}/password/",
        {"password1": "brand new password 4242", "password2": "brand new password 4242"},
    )
    assert response.status_code == 302
    assert theirs.get("/en/helpdesk/").status_code == 302  # back to the sign-in page
    assert "_auth_user_id" not in theirs.session


def test_changing_ones_own_password_ends_ones_other_sessions(make_user):
    user = make_user("administrator")
    user.set_password(PASSWORD)
    user.save()
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    response = here.post(
        "/en/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a fresh password 2026",
            "new_password2": "a fresh password 2026",
        },
    )
    assert response.status_code == 302
    assert here.get("/en/admin/").status_code == 200  # this session goes on
    assert elsewhere.get("/en/admin/").status_code == 302  # the other one ended
