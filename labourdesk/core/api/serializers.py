from rest_framework import serializers

from labourdesk.core.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    content_type = serializers.SlugRelatedField(slug_field="model", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor_label",
            "action",
            "content_type",
            "object_id",
            "object_repr",
            "changes",
        ]
        read_only_fields = fields
