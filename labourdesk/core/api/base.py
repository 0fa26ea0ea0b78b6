"""Base classes for API views: every queryset goes through `restrict(user, action)`."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import permissions, serializers, viewsets


class RestrictedModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions for reads too (NetBox): GET needs `view_<model>`."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": [],
    }


_ACTION_FOR_METHOD = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RestrictedViewSetMixin:
    """`get_queryset` restricted to what the user may see for the request's action.

    Objects outside the user's scope answer 404, not 403: their existence is not disclosed.
    Ids are digits: `/abc/`, `/true/` or `/1.5/` match no route and answer 404 in the envelope,
    never reach a `filter(pk=...)` that would fail with a 500.
    """

    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        qs = super().get_queryset()
        action = _ACTION_FOR_METHOD.get(self.request.method, "view")
        return qs.restrict(self.request.user, action)


class RestrictedReadOnlyViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Reads need the model permission (403 otherwise); the queryset then narrows (404)."""

    permission_classes = [RestrictedModelPermissions]


@extend_schema_serializer(component_name="Error")
class ErrorSerializer(serializers.Serializer):
    """The error envelope, for the schema."""

    message = serializers.CharField(help_text=_("What went wrong, in plain language."))
    extra = serializers.DictField(help_text=_("Details: field errors, codes."))
