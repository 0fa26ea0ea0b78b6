from django.contrib import admin

from labourdesk.standards.models import (
    Coverage,
    Dataset,
    Instrument,
    MemberState,
    NationalLawLink,
    Ratification,
    RatificationChange,
    Subject,
    SupervisoryComment,
)


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = ("iso3", "iso2", "name", "ilo_region", "income_group")
    list_filter = ("ilo_region", "income_group")
    search_fields = ("iso3", "iso2", "name")


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("code", "type", "year", "category", "status", "gb_classification")
    list_filter = ("type", "category", "status", "gb_classification")
    search_fields = ("code",)
    filter_horizontal = ("subjects",)


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("code",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Imported records change only through the importers (diff, coverage, history)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CoverageInline(admin.TabularInline):
    model = Coverage
    extra = 0
    can_delete = False
    readonly_fields = ("instrument", "country", "extent", "known_total", "known_total_note")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "as_of", "imported_at", "file_name")
    list_filter = ("kind",)
    inlines = [CoverageInline]
    change_list_template = "admin/standards/dataset/change_list.html"


@admin.register(Ratification)
class RatificationAdmin(ReadOnlyAdmin):
    list_display = ("instrument", "country", "registered_on", "status", "dataset")
    list_filter = ("status", "instrument__category")
    search_fields = ("instrument__code", "country__iso3", "country__name")


@admin.register(RatificationChange)
class RatificationChangeAdmin(ReadOnlyAdmin):
    list_display = ("at", "kind", "instrument", "country", "dataset")
    list_filter = ("kind",)


@admin.register(SupervisoryComment)
class SupervisoryCommentAdmin(ReadOnlyAdmin):
    list_display = ("country", "instrument", "year", "type")


@admin.register(NationalLawLink)
class NationalLawLinkAdmin(ReadOnlyAdmin):
    list_display = ("country", "title", "year", "subject")
