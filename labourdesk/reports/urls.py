from django.urls import path

from labourdesk.reports import views

app_name = "reports"
urlpatterns = [
    path("reports/helpdesk/", views.report_page, name="report"),
    path("reports/helpdesk/cases/", views.report_cell, name="cell"),
    path("reports/helpdesk/export.<str:fmt>", views.report_export, name="export"),
]
