from django.contrib import admin

from labourdesk.standards.models import Instrument, MemberState


@admin.register(MemberState)
class MemberStateAdmin(admin.ModelAdmin):
    list_display = ("iso3", "iso2", "name", "ilo_region", "income_group")
    list_filter = ("ilo_region", "income_group")
    search_fields = ("iso3", "iso2", "name")


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ("code", "type", "year", "category", "status")
    list_filter = ("type", "category", "status")
    search_fields = ("code",)
