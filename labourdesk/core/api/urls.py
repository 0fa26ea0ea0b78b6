from rest_framework.routers import DefaultRouter

from labourdesk.core.api.views import AuditEntryViewSet

router = DefaultRouter()
router.register("audit", AuditEntryViewSet, basename="auditentry")
urlpatterns = router.urls
