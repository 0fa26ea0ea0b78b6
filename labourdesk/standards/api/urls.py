from django.urls import path
from rest_framework.routers import DefaultRouter

from labourdesk.standards.api.views import (
    DatasetViewSet,
    DownloadIndexView,
    DownloadView,
    InstrumentViewSet,
    MemberStateViewSet,
    RatificationViewSet,
)

router = DefaultRouter()
router.register("instruments", InstrumentViewSet, basename="instrument")
router.register("member-states", MemberStateViewSet, basename="memberstate")
router.register("ratifications", RatificationViewSet, basename="ratification")
router.register("datasets", DatasetViewSet, basename="dataset")
urlpatterns = [
    path("downloads/", DownloadIndexView.as_view(), name="standards-downloads"),
    path(
        "downloads/<slug:name>.<str:fmt>",
        DownloadView.as_view(),
        name="standards-download",
    ),
    *router.urls,
]
