from django.urls import path

from labourdesk.compliance.views import (
    pages,
    planning,
    questionnaires,
    registry,
    remediation,
    statistics,
)

app_name = "compliance"
urlpatterns = [
    path("compliance/", questionnaires.compliance_home, name="home"),
    path("compliance/questionnaires/", questionnaires.questionnaire_list, name="questionnaires"),
    path(
        "compliance/questionnaires/<int:pk>/",
        questionnaires.questionnaire_detail,
        name="questionnaire",
    ),
    path(
        "compliance/questionnaires/<int:pk>/questions/new/",
        questionnaires.question_add,
        name="question_add",
    ),
    path(
        "compliance/questionnaires/<int:pk>/clone/",
        questionnaires.questionnaire_clone,
        name="questionnaire_clone",
    ),
    path("compliance/questions/<int:pk>/edit/", questionnaires.question_edit, name="question_edit"),
    path("compliance/factories/", pages.factory_list, name="factories"),
    path("compliance/factories/upload/", registry.factory_upload, name="factory_upload"),
    path("compliance/factories/<int:pk>/", pages.factory_detail, name="factory"),
    path("compliance/factories/<int:pk>/plan/", remediation.factory_plan, name="factory_plan"),
    path(
        "compliance/factories/<int:pk>/assessments/new/",
        planning.assessment_plan,
        name="assessment_plan",
    ),
    path("compliance/assessments/<int:pk>/", pages.assessment_detail, name="assessment"),
    path(
        "compliance/assessments/<int:pk>/step/",
        pages.assessment_transition,
        name="assessment_transition",
    ),
    path("compliance/assessments/<int:pk>/findings/", pages.findings_entry, name="findings"),
    path(
        "compliance/assessments/<int:pk>/findings/<int:cluster_id>/",
        pages.findings_entry,
        name="findings_cluster",
    ),
    path("compliance/reports/", pages.report_list, name="reports"),
    path("compliance/reports/<int:pk>/", pages.report_html, name="report"),
    path("compliance/reports/<int:pk>/pdf/", pages.report_pdf, name="report_pdf"),
    path("compliance/consents/", pages.consent_page, name="consents"),
    path("compliance/imports/", pages.import_upload, name="imports"),
    path("compliance/statistics/", statistics.statistics_page, name="statistics"),
    path("compliance/dashboard/", statistics.dashboard, name="dashboard"),
    path("compliance/buyer/", statistics.buyer_dashboard, name="buyer_dashboard"),
    path("compliance/imports/<int:pk>/", pages.import_status, name="import_status"),
]
