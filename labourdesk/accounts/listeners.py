"""Audit entries for every change of a user's groups, permissions, flags or password.

These are signal listeners, not services, on purpose: such changes come through paths our
services do not own (the Django admin's user and password forms, `createsuperuser`,
`changepassword`, the shell, a data migration), and the audit must not depend on each path
remembering to call us. The listeners only record; they never refuse or change anything (the
refusals live in accounts.services.user_privileges_check and in the admin). The actor is the
request's user (core.audit.current_actor), or "system" outside a request.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from labourdesk.accounts.models import User
from labourdesk.core.audit import audit_record, current_actor

FLAGS = ("is_active", "is_staff", "is_superuser")


def _record(user, action: str, details: dict) -> None:
    audit_record(actor=current_actor(), action=action, target=user, details=details)


@receiver(pre_save, sender=User, dispatch_uid="accounts_user_before_save")
def _remember_before(sender, instance: User, raw=False, update_fields=None, **kwargs):
    instance._audit_before = None
    if raw or instance.pk is None:
        return
    watched = {*FLAGS, "password"}
    if update_fields is not None and not watched & set(update_fields):
        return  # e.g. the last_login update at every sign-in
    instance._audit_before = User.objects.filter(pk=instance.pk).values(*FLAGS, "password").first()


@receiver(post_save, sender=User, dispatch_uid="accounts_user_after_save")
def _record_flags_and_password(sender, instance: User, created=False, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    instance._audit_before = None
    if created:
        granted = {f: [None, True] for f in ("is_staff", "is_superuser") if getattr(instance, f)}
        if granted:
            _record(instance, "user.flags", granted)
        return
    if before is None:
        return
    changed = {
        f: [before[f], getattr(instance, f)] for f in FLAGS if before[f] != getattr(instance, f)
    }
    if changed:
        _record(instance, "user.flags", changed)
    if before["password"] != instance.password:
        # Never the hash itself: only that it changed, and whether it can still be used.
        _record(instance, "user.password", {"usable": instance.has_usable_password()})


def _names(model, pks) -> list[str]:
    if model is Permission:
        return sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in Permission.objects.filter(pk__in=pks).select_related("content_type")
        )
    return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))


def _m2m_listener(action_name: str):
    def listener(sender, instance, action, reverse, model: type, pk_set, **kwargs):
        if action == "pre_clear" and not reverse:
            # Collect before the rows go; the post_clear signal no longer knows them.
            field = "groups" if action_name == "user.groups" else "user_permissions"
            pk_set = set(getattr(instance, field).values_list("pk", flat=True))
            if pk_set:
                _record(instance, action_name, {"removed": _names(model, pk_set)})
            return
        if action not in ("post_add", "post_remove") or not pk_set:
            return
        key = "added" if action == "post_add" else "removed"
        if reverse:  # group.user_set.add(user) / permission.user_set.remove(user)
            names = _names(type(instance), [instance.pk])
            for user in User.objects.filter(pk__in=pk_set):
                _record(user, action_name, {key: names})
        else:
            _record(instance, action_name, {key: _names(model, pk_set)})

    return listener


_groups_listener = _m2m_listener("user.groups")
_permissions_listener = _m2m_listener("user.permissions")
m2m_changed.connect(
    _groups_listener, sender=User.groups.through, dispatch_uid="accounts_user_groups"
)
m2m_changed.connect(
    _permissions_listener,
    sender=User.user_permissions.through,
    dispatch_uid="accounts_user_permissions",
)


def _record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    # django-axes locked an account or a client out of signing in.
    audit_record(
        actor=None,
        action="accounts.lockout",
        details={"username": username or "", "ip_address": ip_address or ""},
        target_repr=username or ip_address or "",
    )


def connect_lockouts() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(_record_lockout, dispatch_uid="accounts_lockout_audit")
