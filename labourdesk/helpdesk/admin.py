"""Taxonomies, reusable paragraphs and response-time targets, kept by the Helpdesk managers.

Codes are stable once used: the admin shows them read-only on existing terms.
"""

from django.contrib import admin

from labourdesk.helpdesk.models import (
    Paragraph,
    Region,
    ResponseTarget,
    Sector,
    Topic,
    TopicDomain,
    UserType,
)


class TermAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "position", "active"]
    list_filter = ["active"]
    search_fields = ["code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: statistics refer to the code


for model in (UserType, Region, Sector, TopicDomain, Topic):
    admin.site.register(model, TermAdmin)


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "active"]
    list_filter = ["language", "active"]
    filter_horizontal = ["topics"]
    autocomplete_fields: list = []


@admin.register(ResponseTarget)
class ResponseTargetAdmin(admin.ModelAdmin):
    list_display = ["kind", "hours"]
