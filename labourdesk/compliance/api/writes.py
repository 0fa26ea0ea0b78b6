"""API writes and workflow steps. Every write goes through a service; every object is looked up
through `restrict()`, so a record outside the user's scope answers 404."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from labourdesk.compliance import models as m
from labourdesk.compliance import services
from labourdesk.compliance.api import serializers as s
from labourdesk.compliance.api import views as v
from labourdesk.compliance.limits import FINDING_VALUE_MAX, NOTE_MAX
from labourdesk.compliance.tasks import import_run_create
from labourdesk.core.api.base import ErrorSerializer


def _visible(model, user, pk, action="view"):
    obj = model.objects.restrict(user, action).filter(pk=getattr(pk, "pk", pk)).first()
    if obj is None:
        raise Http404
    return obj


class FactoryViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, v.FactoryViewSet):
    """Factories of the registry. Programme managers register factories of their country."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.factory_create(
            actor=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.factory_update(
            actor=self.request.user, factory=serializer.instance, **serializer.validated_data
        )


class BuyerViewSet(mixins.CreateModelMixin, v.BuyerViewSet):
    """Buyers (brands, retailers)."""

    def perform_create(self, serializer):
        serializer.instance = services.buyer_create(
            actor=self.request.user, name=serializer.validated_data["name"]
        )


class FactoryBuyerViewSet(mixins.CreateModelMixin, v.FactoryBuyerViewSet):
    """Factory–buyer sourcing relationships."""

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.factory_buyer_link(
            actor=self.request.user,
            factory=_visible(m.Factory, self.request.user, data["factory"]),
            buyer=data["buyer"],
        )


class CloneSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)


class QuestionnaireVersionViewSet(mixins.CreateModelMixin, v.QuestionnaireVersionViewSet):
    """Questionnaire versions; `clone` starts the next version, `publish` freezes one."""

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        core = data.pop("core_clusters", None)
        data.pop("status", None)
        data.pop("cloned_from", None)
        data.pop("published_at", None)
        serializer.instance = services.questionnaire_version_create(
            actor=self.request.user,
            core_cluster_codes=[c.code for c in core] if core else None,
            **data,
        )

    @extend_schema(
        request=CloneSerializer,
        responses={201: s.QuestionnaireVersionSerializer, 400: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def clone(self, request, pk=None):
        source = _visible(m.QuestionnaireVersion, request.user, pk)
        data = CloneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        clone = services.questionnaire_version_clone(
            actor=request.user, source=source, name=data.validated_data["name"]
        )
        return Response(s.QuestionnaireVersionSerializer(clone).data, status=201)

    @extend_schema(
        request=None, responses={200: s.QuestionnaireVersionSerializer, 400: ErrorSerializer}
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        version = _visible(m.QuestionnaireVersion, request.user, pk)
        services.questionnaire_version_publish(actor=request.user, version=version)
        return Response(s.QuestionnaireVersionSerializer(version).data)


class QuestionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, v.QuestionViewSet):
    """Questions. The national part is edited by the country's programme manager, the core part
    and industry variants centrally; a published version is frozen."""

    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.question_create(
            actor=self.request.user,
            instruments=data.pop("instruments", []),
            **data,
        )

    def perform_update(self, serializer):
        serializer.instance = services.question_update(
            actor=self.request.user, question=serializer.instance, **serializer.validated_data
        )


class FindingEntrySerializer(serializers.Serializer):
    question = serializers.IntegerField()
    value = serializers.CharField(allow_blank=True, max_length=FINDING_VALUE_MAX)
    evidence = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=NOTE_MAX
    )


class FindingsSaveSerializer(serializers.Serializer):
    findings = FindingEntrySerializer(many=True)


class FindingsSavedSerializer(serializers.Serializer):
    changed = serializers.IntegerField()


class AssessmentViewSet(mixins.CreateModelMixin, v.AssessmentViewSet):
    """Assessments: plan one (POST), save findings, move it through its workflow."""

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        for key in ("status", "finalised_at", "released_at", "external_id"):
            data.pop(key, None)
        serializer.instance = services.assessment_create(actor=self.request.user, **data)

    @extend_schema(
        request=FindingsSaveSerializer,
        responses={200: FindingsSavedSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        assessment = _visible(m.Assessment, request.user, pk, "change")
        data = FindingsSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        questions = {q.pk: q for q in assessment.version.questions.all()}
        entries = []
        for entry in data.validated_data["findings"]:
            question = questions.get(entry["question"])
            if question is None:
                raise serializers.ValidationError(
                    {"findings": f"Question {entry['question']} is not in this questionnaire."}
                )
            entries.append({**entry, "question": question})
        changed = services.findings_save(actor=request.user, assessment=assessment, entries=entries)
        return Response({"changed": changed})


class ImportUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=m.ImportRun.Kind.choices)
    file = serializers.FileField()
    drop_obsolete = serializers.BooleanField(required=False, default=False)
    drop_duplicates = serializers.BooleanField(required=False, default=False)
    merge_hazardous = serializers.BooleanField(required=False, default=False)
    systems_to_osh = serializers.BooleanField(required=False, default=False)

    def validate_file(self, f):
        if not f.name.lower().endswith((".csv", ".xlsx")):
            raise serializers.ValidationError("Upload a .csv or .xlsx file.")
        return f


class ImportRunViewSet(mixins.CreateModelMixin, v.ImportRunViewSet):
    """Imports of Better Work exports. POST a file; follow `status`, `progress`, `errors`."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: s.ImportRunSerializer, 400: ErrorSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = ImportUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        run = import_run_create(
            actor=request.user,
            kind=values.pop("kind"),
            uploaded_file=values.pop("file"),
            options=values,
        )
        return Response(s.ImportRunSerializer(run).data, status=201)
