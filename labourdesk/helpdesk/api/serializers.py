"""API serializers: output serializers for reads, input serializers per workflow step."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from labourdesk.core.api.serializers import ScopedModelSerializer
from labourdesk.helpdesk import limits
from labourdesk.helpdesk.forms import QUESTION_MAX
from labourdesk.helpdesk.models import (
    Case,
    CaseEvent,
    Draft,
    Inquiry,
    Region,
    Sector,
    Topic,
    UserType,
)
from labourdesk.helpdesk.services.drafts import MAX_DRAFT_LENGTH
from labourdesk.standards.models import Instrument, MemberState

# Maximum lengths of the API's free text, in one place (the schema shows them as maxLength): the
# question and the draft share the page forms' and the draft service's limits.
NOTE_MAX = limits.NOTE_MAX
COMMENT_MAX = limits.COMMENT_MAX
DRAFT_MAX = MAX_DRAFT_LENGTH

# A plain string in the schema (an enum named "language" collides with other apps' enums).
LANGUAGE_RE = r"^(en|fr|es|zh-hans|ja|vi)$"
LANGUAGE_HELP = _("One of en, fr, es, zh-hans, ja, vi.")


def _codes(queryset):
    return serializers.SlugRelatedField(
        slug_field="code", queryset=queryset, many=True, required=False
    )


class CaseSerializer(ScopedModelSerializer):
    reference = serializers.CharField(read_only=True)
    user_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    user_region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    regions_concerned = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    topics = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    instruments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    requester_country = serializers.SlugRelatedField(slug_field="iso2", read_only=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "reference",
            "status",
            "subject",
            "language",
            "requester_name",
            "requester_email",
            "requester_organisation",
            "requester_country",
            "admissible",
            "inadmissible_reason",
            "admitted_at",
            "user_type",
            "user_region",
            "regions_concerned",
            "sectors",
            "topics",
            "instruments",
            "assignee",
            "answer_due_at",
            "close_due_at",
            "first_answer_at",
            "closed_at",
            "created_at",
        ]
        read_only_fields = fields


class InquirySerializer(ScopedModelSerializer):
    class Meta:
        model = Inquiry
        fields = [
            "id",
            "case",
            "channel",
            "received_at",
            "from_name",
            "from_email",
            "subject",
            "body_text",
            "message_id",
            "in_reply_to",
        ]
        read_only_fields = fields


class DraftSerializer(ScopedModelSerializer):
    author = serializers.SlugRelatedField(slug_field="username", read_only=True)
    body_html = serializers.CharField(read_only=True)

    class Meta:
        model = Draft
        fields = [
            "id",
            "case",
            "version",
            "author",
            "status",
            "body_markdown",
            "body_html",
            "created_at",
        ]
        read_only_fields = fields


class CaseEventSerializer(ScopedModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["at", "kind", "from_status", "to_status", "note"]


# --- Inputs -----------------------------------------------------------------------------------


class TriageInput(serializers.Serializer):
    admissible = serializers.BooleanField()
    inadmissible_reason = serializers.ChoiceField(
        choices=Case.InadmissibleReason.choices, required=False, default=""
    )
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=NOTE_MAX)


class ClassifyInput(serializers.Serializer):
    user_type = serializers.SlugRelatedField(
        slug_field="code", queryset=UserType.objects.all(), required=False, allow_null=True
    )
    user_region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.all(), required=False, allow_null=True
    )
    regions_concerned = _codes(Region.objects.all())
    sectors = _codes(Sector.objects.all())
    topics = _codes(Topic.objects.all())
    instruments = _codes(Instrument.objects.all())
    language = serializers.RegexField(
        LANGUAGE_RE, required=False, default="", help_text=LANGUAGE_HELP
    )


class AssignInput(serializers.Serializer):
    assignee = serializers.CharField(
        max_length=150, help_text=_("Username of a Helpdesk team member.")
    )


class DraftInput(serializers.Serializer):
    body_markdown = serializers.CharField(max_length=DRAFT_MAX, trim_whitespace=False)


class ReviewInput(serializers.Serializer):
    comment = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=COMMENT_MAX
    )


class ConsultInput(serializers.Serializer):
    consultee = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=150,
        help_text=_("Username of a colleague of the Office (a staff account)."),
    )
    consultee_email = serializers.EmailField(
        required=False,
        default="",
        allow_blank=True,
        max_length=254,
        help_text=_("Or a department's e-mail address (asked by e-mail)."),
    )
    question = serializers.CharField(max_length=limits.CONSULTATION_QUESTION_MAX)
    due_date = serializers.DateField()


class ConsultationAnswerInput(serializers.Serializer):
    answer = serializers.CharField(max_length=limits.CONSULTATION_ANSWER_MAX)


class NoteInput(serializers.Serializer):
    body = serializers.CharField(max_length=limits.INTERNAL_NOTE_MAX)


class NoteOutput(serializers.Serializer):
    note = serializers.IntegerField()
    case = serializers.IntegerField()


class AwaitInput(serializers.Serializer):
    note = serializers.CharField(
        required=False, default="", allow_blank=True, max_length=limits.NOTE_MAX
    )


class StepOutput(serializers.Serializer):
    case = serializers.IntegerField()
    status = serializers.CharField()


class IntakeInput(serializers.Serializer):
    question = serializers.CharField(max_length=QUESTION_MAX, trim_whitespace=False)
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(max_length=254)
    organisation = serializers.CharField(
        max_length=300, required=False, default="", allow_blank=True
    )
    user_type = serializers.SlugRelatedField(
        slug_field="code", queryset=UserType.objects.filter(active=True)
    )
    country = serializers.SlugRelatedField(slug_field="iso2", queryset=MemberState.objects.all())
    sector = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Sector.objects.filter(active=True),
        required=False,
        allow_null=True,
        default=None,
    )
    language = serializers.RegexField(LANGUAGE_RE, default="en", help_text=LANGUAGE_HELP)
    idempotency_key = serializers.CharField(
        max_length=64, required=False, default="", allow_blank=True
    )

    def validate_question(self, value):
        if not value.strip():
            raise serializers.ValidationError(_("Write your question."))
        return value


class IntakeOutput(serializers.Serializer):
    inquiry = serializers.IntegerField()
    case_reference = serializers.CharField()
