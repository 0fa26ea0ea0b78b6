from django.urls import path

from labourdesk.analytics import views

app_name = "analytics"
urlpatterns = [path("statistics/website/", views.statistics_page, name="statistics")]
