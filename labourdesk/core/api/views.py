from labourdesk.core.api.base import RestrictedReadOnlyViewSet
from labourdesk.core.api.serializers import AuditEntrySerializer
from labourdesk.core.models import AuditEntry


class AuditEntryViewSet(RestrictedReadOnlyViewSet):
    """The audit log, read-only, for administrators."""

    queryset = AuditEntry.objects.select_related("content_type")
    serializer_class = AuditEntrySerializer
    filterset_fields = ["action", "object_id", "actor_label"]
