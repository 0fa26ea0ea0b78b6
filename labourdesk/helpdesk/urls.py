from django.urls import path

from labourdesk.helpdesk.views import public, staff

app_name = "helpdesk"
urlpatterns = [
    path("ask/", public.ask, name="ask"),
    path("ask/thanks/", public.ask_thanks, name="ask_thanks"),
    path("helpdesk/c/<str:token>/", public.private_case, name="private_case"),
    path("helpdesk/", staff.queue, name="queue"),
    path("helpdesk/cases/<int:pk>/", staff.case_detail, name="case_detail"),
    path(
        "helpdesk/cases/<int:pk>/consultations/<int:consultation_pk>/answer/",
        staff.consultation_answer,
        name="consultation_answer",
    ),
    path("helpdesk/cases/<int:pk>/<slug:step>/", staff.case_step, name="case_step"),
]
