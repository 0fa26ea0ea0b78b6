"""Serializer bases every app's API builds on.

`ScopedModelSerializer` closes three holes once for every model serializer:
- an id where a related object is expected is an integer (or a string of digits), never a float
  or a boolean that the database would truncate to a valid id;
- the related objects a client may name are those it may see (`restrict(user, "view")`): an id
  outside its scope gets the same "invalid pk" answer as an id that does not exist;
- read-only fields keep the model's nullability and blank choices, so the schema tells the truth.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from rest_framework import serializers
from rest_framework.relations import ManyRelatedField, RelatedField

from labourdesk.core.models import AuditEntry


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key given as an integer or a string of digits; `1.5`, `true`, `"1e3"` are
    refused with the "incorrect type" message instead of being truncated by the database."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not (
            isinstance(data, int) or (isinstance(data, str) and data.isascii() and data.isdigit())
        ):
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(int(data))


def _request_user(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


def restrict_related_querysets(fields, user) -> None:
    """Narrow every writable related field of `fields` to the rows `user` may see."""
    for field in fields.values():
        target = field.child_relation if isinstance(field, ManyRelatedField) else field
        if not isinstance(target, RelatedField) or target.read_only:
            continue
        queryset = getattr(target, "queryset", None)
        if queryset is not None and hasattr(queryset, "restrict"):
            target.queryset = queryset.restrict(user, "view")


class ScopedSerializerMixin:
    """For plain serializers with related fields: the same scope rule as the model ones."""

    def get_fields(self):
        fields = super().get_fields()
        restrict_related_querysets(fields, _request_user(self))
        return fields


class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_related_field = StrictPrimaryKeyRelatedField

    def include_extra_kwargs(self, kwargs, extra_kwargs):
        # DRF drops `allow_blank` from read-only fields; a read-only choice of a blank=True
        # model field then shows an enum without "", which its real values violate.
        allow_blank = kwargs.get("allow_blank")
        kwargs = super().include_extra_kwargs(kwargs, extra_kwargs)
        if allow_blank and kwargs.get("read_only"):
            kwargs["allow_blank"] = True
        return kwargs

    def get_fields(self):
        fields = super().get_fields()
        restrict_related_querysets(fields, _request_user(self))
        model = self.Meta.model
        for name, field in list(fields.items()):
            # A read-only URL of a blank=True model field answers "" when there is none, which
            # the schema's `format: uri` refuses: it is documented as a plain string.
            if isinstance(field, serializers.URLField) and field.read_only:
                try:
                    blank = model._meta.get_field(field.source or name).blank
                except FieldDoesNotExist:
                    blank = False
                if blank:
                    fields[name] = serializers.CharField(
                        read_only=True, label=field.label, help_text=field.help_text
                    )
        for name, field in fields.items():
            # Declared read-only fields (a slug instead of the id, say) do not inherit the model
            # field's null=True: take it from the model so that `null` values match the schema.
            if not field.read_only or field.allow_null:
                continue
            source = field.source or name
            if "." in source:
                continue
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:
                continue
            if getattr(model_field, "null", False) and not isinstance(
                model_field, models.ManyToManyField
            ):
                field.allow_null = True
        return fields


class AuditEntrySerializer(ScopedModelSerializer):
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


def refuse_non_string_text() -> None:
    """Text fields take JSON strings only (called once, from the core app's `ready`).

    DRF's `CharField` turns a number into its text (`{"name": 0}` → "0"), which the schema, saying
    `type: string`, does not allow, and which hides a client's mistake (an id sent where a name
    belongs). Every text field of every serializer is a `CharField` (or a subclass: e-mail, slug,
    regex, URL), declared or built from a model, so the check goes on the class itself: one place,
    no serializer forgets it. Query parameters are always strings and are unaffected.
    """
    lenient = serializers.CharField.to_internal_value
    if getattr(lenient, "refuses_non_strings", False):
        return

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return lenient(self, data)

    to_internal_value.refuses_non_strings = True
    serializers.CharField.to_internal_value = to_internal_value
