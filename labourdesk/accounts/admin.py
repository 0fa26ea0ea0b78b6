from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from labourdesk.accounts.models import Organisation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("LabourDesk"), {"fields": ("organisation", "sex", "preferred_language")}),
    )
    list_display = ("username", "email", "organisation", "is_active", "is_staff")
    list_filter = ("groups", "is_active", "organisation__kind")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
