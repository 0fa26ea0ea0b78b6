"""The compliance API: the same querysets as the pages, so both always agree."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from labourdesk.compliance import models as m
from labourdesk.compliance import services
from labourdesk.compliance.api import serializers as s
from labourdesk.core.api.base import (
    ErrorSerializer,
    RestrictedReadOnlyViewSet,
)
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import BUYER_USER, has_role


class ComplianceReadOnlyViewSet(RestrictedReadOnlyViewSet):
    buyer_audit = False

    def _audit_buyer(self, what, ids):
        if self.buyer_audit and has_role(self.request.user, BUYER_USER):
            audit_record(
                actor=self.request.user,
                action="compliance.api.buyer_access",
                target_repr=what,
                details={"ids": ids[:200]},
            )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        results = response.data.get("results", []) if isinstance(response.data, dict) else []
        self._audit_buyer(self.basename, [r["id"] for r in results])
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self._audit_buyer(self.basename, [response.data["id"]])
        return response


def _viewset(model, serializer, *, filters=(), audit=False, order="id"):
    attrs = {
        "queryset": model.objects.all().order_by(order),
        "serializer_class": serializer,
        "filterset_fields": list(filters),
        "buyer_audit": audit,
        "__doc__": model.__doc__,
    }
    return type(f"{model.__name__}ViewSet", (ComplianceReadOnlyViewSet,), attrs)


CountryProgrammeViewSet = _viewset(m.CountryProgramme, s.CountryProgrammeSerializer)
QuestionnaireVersionViewSet = _viewset(
    m.QuestionnaireVersion, s.QuestionnaireVersionSerializer, filters=["industry", "status"]
)
QuestionViewSet = _viewset(
    m.Question, s.QuestionSerializer, filters=["version", "type", "global_key"]
)
FactoryViewSet = _viewset(
    m.Factory, s.FactorySerializer, filters=["country", "industry"], audit=True
)
BuyerViewSet = _viewset(m.Buyer, s.BuyerSerializer)
FactoryBuyerViewSet = _viewset(m.FactoryBuyer, s.FactoryBuyerSerializer, filters=["factory"])
FindingViewSet = _viewset(m.Finding, s.FindingSerializer, filters=["assessment"], audit=True)


class ServiceCreateMixin(mixins.CreateModelMixin):
    """POST creates through the service named in `create_service` (which checks the factory
    is within the user's scope), never through `serializer.save()`."""

    create_service = None

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        factory = data.pop("factory")
        if not m.Factory.objects.restrict(self.request.user, "view").filter(pk=factory.pk).exists():
            raise Http404
        serializer.instance = type(self).create_service(
            actor=self.request.user, factory=factory, **data
        )


class ImprovementActionViewSet(
    ServiceCreateMixin,
    mixins.UpdateModelMixin,
    _viewset(
        m.ImprovementAction,
        s.ImprovementActionSerializer,
        filters=["factory", "status"],
        audit=True,
    ),
):
    """Improvement-plan actions. Factory users add self-diagnosed actions and update status;
    an advisor verifies completed ones."""

    create_service = staticmethod(services.improvement_action_create)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("factory", None)
        serializer.instance = services.improvement_action_update(
            actor=self.request.user, action=serializer.instance, **data
        )

    @extend_schema(
        request=None,
        responses={200: s.ImprovementActionSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        item = m.ImprovementAction.objects.restrict(request.user, "change").filter(pk=pk).first()
        if item is None:
            raise Http404
        services.improvement_action_verify(actor=request.user, action=item)
        return Response(s.ImprovementActionSerializer(item).data)


class ProgressReportViewSet(
    ServiceCreateMixin,
    _viewset(m.ProgressReport, s.ProgressReportSerializer, filters=["factory"], audit=True),
):
    """Progress reports on improvement plans."""

    create_service = staticmethod(services.progress_report_create)


class AdvisoryVisitViewSet(
    ServiceCreateMixin, _viewset(m.AdvisoryVisit, s.AdvisoryVisitSerializer, filters=["factory"])
):
    """Advisory visits."""

    create_service = staticmethod(services.advisory_visit_create)


class PiccMemberViewSet(
    ServiceCreateMixin, _viewset(m.PiccMember, s.PiccMemberSerializer, filters=["factory"])
):
    """Members of the worker–management committee (PICC)."""

    create_service = staticmethod(services.picc_member_create)


class PiccMeetingViewSet(
    ServiceCreateMixin, _viewset(m.PiccMeeting, s.PiccMeetingSerializer, filters=["factory"])
):
    """Meetings of the PICC."""

    create_service = staticmethod(services.picc_meeting_create)


ImportRunViewSet = _viewset(m.ImportRun, s.ImportRunSerializer)


class AssessmentViewSet(
    _viewset(
        m.Assessment, s.AssessmentSerializer, filters=["factory", "status", "cycle"], audit=True
    )
):
    """Assessments; `transition` moves one on (in review, finalised, released)."""

    @extend_schema(
        request=s.TransitionSerializer,
        responses={200: s.AssessmentSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        assessment = m.Assessment.objects.restrict(request.user, "change").filter(pk=pk).first()
        if assessment is None:
            raise Http404
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_transition(
            actor=request.user, assessment=assessment, to=data.validated_data["to"]
        )
        return Response(s.AssessmentSerializer(assessment).data)


class ReportConsentViewSet(
    mixins.CreateModelMixin,
    _viewset(m.ReportConsent, s.ReportConsentSerializer, filters=["factory", "buyer"]),
):
    """A factory's grants to buyers. POST grants (factory users); `revoke` ends one at once."""

    @extend_schema(
        request=s.ConsentGrantSerializer,
        responses={201: s.ReportConsentSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def create(self, request, *args, **kwargs):
        data = s.ConsentGrantSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        factory = (
            m.Factory.objects.restrict(request.user, "view")
            .filter(pk=data.validated_data["factory"])
            .first()
        )
        buyer = (
            m.Buyer.objects.restrict(request.user, "view")
            .filter(pk=data.validated_data["buyer"])
            .first()
        )
        if factory is None or buyer is None:
            raise Http404
        consent = services.consent_grant(
            actor=request.user, factory=factory, buyer=buyer, level=data.validated_data["level"]
        )
        return Response(s.ReportConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: s.ReportConsentSerializer, 403: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        consent = m.ReportConsent.objects.restrict(request.user, "change").filter(pk=pk).first()
        if consent is None:
            raise Http404
        services.consent_revoke(actor=request.user, consent=consent)
        return Response(s.ReportConsentSerializer(consent).data)
