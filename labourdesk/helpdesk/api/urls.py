from django.urls import path
from rest_framework.routers import DefaultRouter

from labourdesk.helpdesk.api import views

router = DefaultRouter()
router.register("cases", views.CaseViewSet, basename="helpdesk-case")
router.register("inquiries", views.InquiryViewSet, basename="helpdesk-inquiry")
router.register("drafts", views.DraftViewSet, basename="helpdesk-draft")

STEPS = [
    ("triage", views.TriageView),
    ("classify", views.ClassifyView),
    ("assign", views.AssignView),
    ("consult", views.ConsultView),
    ("note", views.NoteView),
    ("draft", views.DraftSaveView),
    ("submit", views.DraftSubmitView),
    ("clear", views.DraftClearView),
    ("return", views.DraftReturnView),
    ("send", views.SendView),
    ("await", views.AwaitRequesterView),
    ("revoke-link", views.RevokeLinkView),
    ("close", views.CloseView),
]

urlpatterns = [
    path("intake/", views.IntakeView.as_view(), name="helpdesk-intake"),
    *[
        path(f"cases/<int:pk>/{step}/", view.as_view(), name=f"helpdesk-case-{step}")
        for step, view in STEPS
    ],
    path(
        "cases/<int:pk>/consultations/<int:consultation_pk>/answer/",
        views.ConsultationAnswerView.as_view(),
        name="helpdesk-case-consultation-answer",
    ),
    *router.urls,
]
