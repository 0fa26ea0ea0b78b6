from django.urls import path

from labourdesk.mail import views

app_name = "mail"
urlpatterns = [
    path("helpdesk/quarantine/", views.quarantine_list, name="quarantine_list"),
    path("helpdesk/quarantine/<int:pk>/", views.quarantine_detail, name="quarantine_detail"),
    path(
        "helpdesk/quarantine/<int:pk>/release/", views.quarantine_release, name="quarantine_release"
    ),
    path(
        "helpdesk/quarantine/<int:pk>/discard/", views.quarantine_discard, name="quarantine_discard"
    ),
]
