from rest_framework import serializers

from labourdesk.compliance import models as m
from labourdesk.core.api.serializers import ScopedModelSerializer
from labourdesk.core.roles import ADMINISTRATOR, has_role


def _model_serializer(model, fields="__all__", read_only=(), extra_kwargs=None):
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "fields": fields,
            "read_only_fields": list(read_only),
            "extra_kwargs": extra_kwargs or {},
        },
    )
    # ScopedModelSerializer: related ids must be integers of objects the caller may see.
    return type(f"{model.__name__}Serializer", (ScopedModelSerializer,), {"Meta": meta})


CountryProgrammeSerializer = _model_serializer(m.CountryProgramme, ["id", "country", "name"])
QuestionnaireVersionSerializer = _model_serializer(
    m.QuestionnaireVersion,
    read_only=["number", "status", "cloned_from", "published_at"],
    fields=[
        "id",
        "programme",
        "industry",
        "number",
        "name",
        "status",
        "core_clusters",
        "cloned_from",
        "published_at",
    ],
)
QuestionSerializer = _model_serializer(
    m.Question,
    extra_kwargs={"global_key": {"required": False}},
    fields=[
        "id",
        "version",
        "code",
        "global_key",
        "texts",
        "type",
        "compliance_point",
        "industry_variant",
        "instruments",
        "national_law_articles",
        "guidance",
        "public_disclosure",
        "position",
    ],
)
_FactoryBase = _model_serializer(
    m.Factory,
    [
        "id",
        "name",
        "address",
        "country",
        "industry",
        "workers_female",
        "workers_male",
        "os_hub_id",
        "external_id",
        "language",
    ],
)


class FactorySerializer(_FactoryBase):
    # Named apart from other apps' `language` enums so the schema's component names stay stable.
    report_language = serializers.CharField(
        source="language", read_only=True, help_text="Language code of the factory's reports."
    )

    class Meta(_FactoryBase.Meta):
        fields = [*_FactoryBase.Meta.fields, "report_language"]


BuyerSerializer = _model_serializer(m.Buyer, ["id", "name"])


FactoryBuyerSerializer = _model_serializer(m.FactoryBuyer, ["id", "factory", "buyer"])
ReportConsentSerializer = _model_serializer(
    m.ReportConsent,
    ["id", "factory", "buyer", "level", "granted_at", "revoked_at"],
    read_only=["granted_at", "revoked_at"],
)
_AssessmentBase = _model_serializer(
    m.Assessment,
    [
        "id",
        "factory",
        "version",
        "external_id",
        "cycle",
        "start_date",
        "end_date",
        "advisors",
        "status",
        "finalised_at",
        "released_at",
    ],
)


class AssessmentSerializer(_AssessmentBase):
    advisor_warnings = serializers.SerializerMethodField()

    def get_fields(self):
        fields = super().get_fields()
        advisors = fields.get("advisors")
        if advisors is not None and not advisors.read_only:
            # Users are not a restricted model: name advisors among the staff of the caller's
            # country programmes (all programmes for an administrator), so that other users'
            # ids answer "invalid pk" like ids that do not exist.
            from django.contrib.auth import get_user_model

            user = getattr(self.context.get("request"), "user", None)
            staff = get_user_model().objects.filter(country_programmes__isnull=False)
            if user is None or not user.is_authenticated:
                staff = staff.none()
            elif not (user.is_superuser or has_role(user, ADMINISTRATOR)):
                staff = staff.filter(country_programmes__staff=user)
            advisors.child_relation.queryset = staff.distinct()
        return fields

    class Meta(_AssessmentBase.Meta):
        fields = [*_AssessmentBase.Meta.fields, "advisor_warnings"]
        read_only_fields = ["status", "finalised_at", "released_at", "external_id"]

    def get_advisor_warnings(self, obj) -> list[str]:
        from labourdesk.compliance.services import assessment_advisor_warnings

        return [str(w) for w in assessment_advisor_warnings(obj)] if obj.pk else []


FindingSerializer = _model_serializer(
    m.Finding, ["id", "assessment", "question", "value", "non_compliant", "evidence"]
)
ImprovementActionSerializer = _model_serializer(
    m.ImprovementAction,
    read_only=["source", "verified_by", "verified_at"],
    fields=[
        "id",
        "factory",
        "assessment",
        "compliance_point",
        "question",
        "source",
        "description",
        "owner",
        "due_date",
        "status",
        "verified_by",
        "verified_at",
    ],
)
ProgressReportSerializer = _model_serializer(
    m.ProgressReport, ["id", "factory", "period_end", "summary"]
)
AdvisoryVisitSerializer = _model_serializer(
    m.AdvisoryVisit, ["id", "factory", "advisor", "date", "notes"], read_only=["advisor"]
)
PiccMemberSerializer = _model_serializer(
    m.PiccMember, ["id", "factory", "name", "category", "joined_on", "left_on", "is_chair"]
)
PiccMeetingSerializer = _model_serializer(m.PiccMeeting, ["id", "factory", "date", "minutes"])
ImportRunSerializer = _model_serializer(
    m.ImportRun,
    [
        "id",
        "kind",
        "file_name",
        "options",
        "status",
        "progress",
        "rows",
        "summary",
        "errors",
        "created_at",
    ],
)


class ConsentGrantSerializer(serializers.Serializer):
    factory = serializers.IntegerField()
    buyer = serializers.IntegerField()
    level = serializers.ChoiceField(choices=m.ReportConsent.Level.choices)


class TransitionSerializer(serializers.Serializer):
    to = serializers.ChoiceField(
        choices=[
            m.AssessmentStatus.IN_REVIEW,
            m.AssessmentStatus.FINALISED,
            m.AssessmentStatus.RELEASED,
        ]
    )
