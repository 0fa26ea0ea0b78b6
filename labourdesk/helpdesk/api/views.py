"""Helpdesk API: read-only viewsets restricted by the querysets, one small view per step."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from labourdesk.core.api.base import (
    ErrorSerializer,
    RestrictedReadOnlyViewSet,
)
from labourdesk.core.audit import audit_record
from labourdesk.helpdesk.api import serializers as s
from labourdesk.helpdesk.api.filtersets import CaseApiFilterSet
from labourdesk.helpdesk.models import Case, Draft, Inquiry
from labourdesk.helpdesk.services import consultations, drafts, workflow
from labourdesk.helpdesk.services.requester import Question, case_access_revoke, inquiry_submit

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class CaseViewSet(RestrictedReadOnlyViewSet):
    """Cases (confidential: Helpdesk roles only)."""

    queryset = Case.objects.select_related(
        "user_type", "user_region", "requester_country", "assignee"
    ).prefetch_related("regions_concerned", "sectors", "topics", "instruments")
    serializer_class = s.CaseSerializer
    filterset_class = CaseApiFilterSet

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        audit_record(actor=request.user, action="case.view", target=self.get_object())
        return response


class InquiryViewSet(RestrictedReadOnlyViewSet):
    queryset = Inquiry.objects.all()
    serializer_class = s.InquirySerializer
    filterset_fields = ["case", "channel"]


class DraftViewSet(RestrictedReadOnlyViewSet):
    queryset = Draft.objects.select_related("author")
    serializer_class = s.DraftSerializer
    filterset_fields = ["case", "status"]


class _CaseStep(APIView):
    """Base of a workflow step on one case: restricted lookup, service call, status out."""

    input_serializer: type | None = None

    def get_case(self, pk: int) -> Case:
        return get_object_or_404(Case.objects.restrict(self.request.user, "change"), pk=pk)

    def done(self, case: Case) -> Response:
        case.refresh_from_db()
        return Response(s.StepOutput({"case": case.pk, "status": case.status}).data)

    def validated(self, request) -> dict:
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


def _step_schema(input_serializer, summary):
    return extend_schema(
        request=input_serializer, responses={200: s.StepOutput, **ERRORS}, summary=summary
    )


class TriageView(_CaseStep):
    input_serializer = s.TriageInput

    @_step_schema(s.TriageInput, "Triage: admissible or not, with a reason")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        data = self.validated(request)
        workflow.case_triage(
            actor=request.user,
            case=case,
            admissible=data["admissible"],
            reason=data["inadmissible_reason"],
            note=data["note"],
        )
        return self.done(case)


class ClassifyView(_CaseStep):
    input_serializer = s.ClassifyInput

    @_step_schema(s.ClassifyInput, "Classify the case (report tables 1–5)")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        workflow.case_classify(actor=request.user, case=case, **self.validated(request))
        return self.done(case)


class AssignView(_CaseStep):
    input_serializer = s.AssignInput

    @_step_schema(s.AssignInput, "Assign the case")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        data = self.validated(request)
        assignee = get_user_model().objects.filter(username=data["assignee"]).first()
        workflow.case_assign(actor=request.user, case=case, assignee=assignee)
        return self.done(case)


class DraftSaveView(_CaseStep):
    input_serializer = s.DraftInput

    @extend_schema(request=s.DraftInput, responses={201: s.DraftSerializer, **ERRORS})
    def post(self, request, pk: int):
        case = self.get_case(pk)
        draft = drafts.draft_save(actor=request.user, case=case, **self.validated(request))
        return Response(s.DraftSerializer(draft).data, status=status.HTTP_201_CREATED)


class _DraftStep(_CaseStep):
    input_serializer = s.ReviewInput

    def latest(self, case: Case) -> Draft:
        draft = case.drafts.order_by("-version").first()
        if draft is None:
            raise ValidationError("There is no draft yet.")
        return draft


class DraftSubmitView(_DraftStep):
    @_step_schema(s.ReviewInput, "Send the latest draft for clearance")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        data = self.validated(request)
        drafts.draft_submit(actor=request.user, draft=self.latest(case), comment=data["comment"])
        return self.done(case)


class DraftClearView(_DraftStep):
    @_step_schema(s.ReviewInput, "Clear the draft (a manager other than its author)")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        drafts.draft_clear(actor=request.user, draft=self.latest(case), **self.validated(request))
        return self.done(case)


class DraftReturnView(_DraftStep):
    @_step_schema(s.ReviewInput, "Return the draft with comments")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        drafts.draft_return(actor=request.user, draft=self.latest(case), **self.validated(request))
        return self.done(case)


class SendView(_CaseStep):
    @_step_schema(None, "E-mail the cleared answer")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        workflow.case_send(actor=request.user, case=case)
        return self.done(case)


class ConsultView(_CaseStep):
    input_serializer = s.ConsultInput

    @_step_schema(s.ConsultInput, "Ask a colleague or a department for input by a due date")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        data = self.validated(request)
        consultee = None
        if data["consultee"]:
            consultee = get_user_model().objects.filter(username=data["consultee"]).first()
            if consultee is None:
                raise ValidationError({"consultee": _("No colleague has this username.")})
        consultations.consultation_request(
            actor=request.user,
            case=case,
            consultee=consultee,
            consultee_email=data["consultee_email"],
            question=data["question"],
            due_date=data["due_date"],
        )
        return self.done(case)


class ConsultationAnswerView(_CaseStep):
    input_serializer = s.ConsultationAnswerInput

    @_step_schema(s.ConsultationAnswerInput, "Record a colleague's answer to a consultation")
    def post(self, request, pk: int, consultation_pk: int):
        case = self.get_case(pk)
        consultation = get_object_or_404(case.consultations.all(), pk=consultation_pk)
        consultations.consultation_answer(
            actor=request.user, consultation=consultation, **self.validated(request)
        )
        return self.done(case)


class NoteView(_CaseStep):
    input_serializer = s.NoteInput

    @extend_schema(
        request=s.NoteInput,
        responses={201: s.NoteOutput, **ERRORS},
        summary="Add an internal note (never shown to the requester)",
    )
    def post(self, request, pk: int):
        case = self.get_case(pk)
        note = consultations.note_add(actor=request.user, case=case, **self.validated(request))
        return Response(
            s.NoteOutput({"note": note.pk, "case": case.pk}).data, status=status.HTTP_201_CREATED
        )


class AwaitRequesterView(_CaseStep):
    input_serializer = s.AwaitInput

    @_step_schema(s.AwaitInput, "Wait for the requester (the clock stops)")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        workflow.case_await_requester(actor=request.user, case=case, **self.validated(request))
        return self.done(case)


class RevokeLinkView(_CaseStep):
    @_step_schema(None, "Revoke the requester's private link")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        case_access_revoke(actor=request.user, case=case)
        return self.done(case)


class CloseView(_CaseStep):
    @_step_schema(None, "Close the case")
    def post(self, request, pk: int):
        case = self.get_case(pk)
        workflow.case_close(actor=request.user, case=case)
        return self.done(case)


class CanSubmitInquiries(permissions.BasePermission):
    """Trusted partner sites: a user holding `helpdesk.add_inquiry` (token authentication)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("helpdesk.add_inquiry"))


class IntakeView(APIView):
    """A question relayed by a trusted partner site; acknowledged to the requester by e-mail."""

    permission_classes = [CanSubmitInquiries]

    @extend_schema(request=s.IntakeInput, responses={201: s.IntakeOutput, **ERRORS})
    def post(self, request):
        serializer = s.IntakeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        key = d["idempotency_key"]
        inquiry = inquiry_submit(
            actor=request.user,
            question=Question(
                question=d["question"],
                name=d["name"],
                email=d["email"],
                organisation=d["organisation"],
                user_type=d["user_type"],
                country=d["country"],
                sector=d["sector"],
                language=d["language"],
            ),
            channel=Inquiry.Channel.API,
            submission_key=f"api:{request.user.pk}:{key}" if key else "",
        )
        return Response(
            s.IntakeOutput({"inquiry": inquiry.pk, "case_reference": inquiry.case.reference}).data,
            status=status.HTTP_201_CREATED,
        )
