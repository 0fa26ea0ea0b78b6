from django.contrib import admin

from labourdesk.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is never edited, through any UI."""

    list_display = ("at", "actor_label", "action", "content_type", "object_id", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("actor_label", "object_repr", "object_id", "action")
    date_hierarchy = "at"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and (
            request.user.is_superuser or request.user.has_perm("core.view_auditentry")
        )
