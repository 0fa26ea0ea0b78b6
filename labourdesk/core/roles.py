"""The roles of LabourDesk (SYSTEM.md, "Who uses it"), kept as Django groups.

Each app declares which model permissions each role holds in its own `roles.py`:

    PERMISSIONS = {"helpdesk_expert": ["helpdesk.view_case", ...], ...}

`sync_roles()` (called by `load_reference_data`) creates the groups and sets their permissions
to exactly the union of those declarations, so a role's rights are read in the code, reviewed in
a diff, and reapplied idempotently.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    # Factory and buyer users act for one organisation and see only its records.
    needs_organisation: bool = False


HELPDESK_EXPERT = "helpdesk_expert"
HELPDESK_MANAGER = "helpdesk_manager"
CONTENT_EDITOR = "content_editor"
TRANSLATOR = "translator"
ENTERPRISE_ADVISOR = "enterprise_advisor"
PROGRAMME_MANAGER = "programme_manager"
FACTORY_USER = "factory_user"
BUYER_USER = "buyer_user"
ADMINISTRATOR = "administrator"

ROLES: tuple[Role, ...] = (
    Role(HELPDESK_EXPERT, _("Helpdesk expert")),
    Role(HELPDESK_MANAGER, _("Helpdesk manager")),
    Role(CONTENT_EDITOR, _("Content editor")),
    Role(TRANSLATOR, _("Translator")),
    Role(ENTERPRISE_ADVISOR, _("Enterprise advisor")),
    Role(PROGRAMME_MANAGER, _("Programme manager")),
    Role(FACTORY_USER, _("Factory user"), needs_organisation=True),
    Role(BUYER_USER, _("Buyer user"), needs_organisation=True),
    Role(ADMINISTRATOR, _("Administrator")),
)
ROLE_CODES: tuple[str, ...] = tuple(role.code for role in ROLES)
ROLES_BY_CODE = {role.code: role for role in ROLES}
HELPDESK_ROLES = frozenset({HELPDESK_EXPERT, HELPDESK_MANAGER})
# Who may reach confidential Helpdesk material at all.
HELPDESK_STAFF = HELPDESK_ROLES | {ADMINISTRATOR}


def declared_permissions() -> dict[str, set[str]]:
    """Collect `PERMISSIONS` from every installed app's `roles` module."""
    result: dict[str, set[str]] = {code: set() for code in ROLE_CODES}
    for config in apps.get_app_configs():
        if not module_has_submodule(config.module, "roles"):
            continue
        module = __import__(f"{config.name}.roles", fromlist=["PERMISSIONS"])
        for code, perms in getattr(module, "PERMISSIONS", {}).items():
            if code not in result:
                raise ValueError(f"{config.name}.roles declares an unknown role {code!r}")
            result[code].update(perms)
    return result


def _resolve(perm: str) -> Permission:
    app_label, codename = perm.split(".", 1)
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise ValueError(f"Role permission {perm!r} does not exist (missing migration?)") from None


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create or update one group per role with exactly its declared permissions."""
    declared = declared_permissions()
    # Administrators hold every permission of the project's own apps.
    project_apps = [c.label for c in apps.get_app_configs() if c.name.startswith("labourdesk.")]
    counts = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.code)
        if role.code == ADMINISTRATOR:
            perms = list(
                Permission.objects.filter(
                    content_type__app_label__in=[*project_apps, "auth"]
                ).exclude(
                    content_type__app_label="core",
                    codename__in=["add_auditentry", "change_auditentry", "delete_auditentry"],
                )
            )
            perms += [_resolve(p) for p in declared[role.code]]
        else:
            perms = [_resolve(p) for p in sorted(declared[role.code])]
        group.permissions.set(perms)
        counts[role.code] = len(set(perms))
    return counts


def user_roles(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_labourdesk_roles", None)
    if cached is None:
        cached = set(user.groups.filter(name__in=ROLE_CODES).values_list("name", flat=True))
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._labourdesk_roles = cached
    return cached


def has_role(user, *codes: str) -> bool:
    return bool(user_roles(user) & set(codes))
