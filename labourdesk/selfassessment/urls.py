from django.urls import path

from labourdesk.selfassessment import views

app_name = "selfassessment"
PRIVATE = "self-assessment/r/<str:token>/"
LOCAL = "self-assessment/browser/"
urlpatterns = [
    path("self-assessment/", views.start, name="start"),
    # Answers kept only in the browser ("result" first: it would match the area's slug).
    path(LOCAL + "result/", views.local_result, name="local_result"),
    path(LOCAL + "result.<str:fmt>", views.local_export, name="local_export"),
    path(LOCAL + "keep/", views.local_keep, name="local_keep"),
    path(LOCAL + "<slug:area>/", views.local_area, name="local_area"),
    path(PRIVATE, views.overview, name="overview"),
    path(PRIVATE + "area/<slug:area>/", views.area, name="area"),
    path(PRIVATE + "result/", views.result, name="result"),
    path(PRIVATE + "result.<str:fmt>", views.export, name="export"),
    path(PRIVATE + "counts/", views.contribute, name="contribute"),
    path(PRIVATE + "actions/", views.to_actions, name="to_actions"),
    path(PRIVATE + "new-link/", views.replace_link, name="replace_link"),
    path(PRIVATE + "delete/", views.delete, name="delete"),
    path(PRIVATE + "autosave/", views.autosave, name="autosave"),
]
