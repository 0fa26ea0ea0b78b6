from django.urls import path

from labourdesk.knowledge import views

app_name = "knowledge"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feeds/qa/", views.QuestionFeed(), name="qa_feed"),
    path("dialogue/request/", views.dialogue_request, name="dialogue_request"),
    path("knowledge/cases/<int:pk>/propose/", views.case_propose, name="case_propose"),
]
