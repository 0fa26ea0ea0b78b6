from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from labourdesk.accounts.models import Organisation, User
from labourdesk.accounts.services import user_privileges_check

# What only a superuser may change (accounts.services.user_privileges_check).
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users. A non-superuser administrator manages accounts (names, e-mail, organisation,
    activation, passwords of non-superusers) but sees privileges read-only, and cannot change a
    superuser at all (nor its password: the admin's password view asks the same permission)."""

    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("LabourDesk"), {"fields": ("organisation", "sex", "preferred_language")}),
    )
    list_display = ("username", "email", "organisation", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "organisation__kind")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += PRIVILEGE_FIELDS
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Read-only fields are not in the form; this is the service's check all the same, so
        # that a form change elsewhere (a custom form, a new field) cannot open a way round it.
        changed = set(form.changed_data)
        user_privileges_check(
            actor=request.user,
            is_superuser="is_superuser" in changed,
            is_staff="is_staff" in changed,
            groups="groups" in changed,
            permissions="user_permissions" in changed,
        )
        super().save_model(request, obj, form, change)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Roles are groups: their permissions come from each app's roles.py (load_reference_data).
    Only a superuser edits them here; others read them."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
