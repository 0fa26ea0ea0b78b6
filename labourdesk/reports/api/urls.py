from django.urls import path

from labourdesk.reports.api.views import HelpdeskReportFileView, HelpdeskReportView

urlpatterns = [
    path("helpdesk/", HelpdeskReportView.as_view(), name="reports-api-helpdesk"),
    path(
        "helpdesk/export/<str:fmt>/",
        HelpdeskReportFileView.as_view(),
        name="reports-api-helpdesk-file",
    ),
]
