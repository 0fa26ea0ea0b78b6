from django.urls import path

from labourdesk.standards import views, views_import

app_name = "standards"
urlpatterns = [
    path("standards/", views.instrument_list, name="instrument_list"),
    path("standards/instruments/<str:code>/", views.instrument_detail, name="instrument_detail"),
    path("standards/countries/", views.country_list, name="country_list"),
    path("standards/countries/<str:iso3>/", views.country_detail, name="country_detail"),
    path("standards/compare/", views.compare, name="compare"),
    path("standards/import/", views_import.ratification_upload, name="ratification_upload"),
]
