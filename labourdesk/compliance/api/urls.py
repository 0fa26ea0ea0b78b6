from django.urls import path
from rest_framework.routers import DefaultRouter

from labourdesk.compliance.api import statistics, views, writes

router = DefaultRouter()
router.register("programmes", views.CountryProgrammeViewSet, basename="countryprogramme")
router.register("questionnaires", writes.QuestionnaireVersionViewSet, basename="questionnaire")
router.register("questions", writes.QuestionViewSet, basename="question")
router.register("factories", writes.FactoryViewSet, basename="factory")
router.register("buyers", writes.BuyerViewSet, basename="buyer")
router.register("relationships", writes.FactoryBuyerViewSet, basename="factorybuyer")
router.register("consents", views.ReportConsentViewSet, basename="reportconsent")
router.register("assessments", writes.AssessmentViewSet, basename="assessment")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("improvement-actions", views.ImprovementActionViewSet, basename="improvementaction")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("advisory-visits", views.AdvisoryVisitViewSet, basename="advisoryvisit")
router.register("picc-members", views.PiccMemberViewSet, basename="piccmember")
router.register("picc-meetings", views.PiccMeetingViewSet, basename="piccmeeting")
router.register("imports", writes.ImportRunViewSet, basename="importrun")
urlpatterns = [
    # Statistics: public (suppressed) figures, so not part of the router's model endpoints.
    path(
        "statistics/compliance-points/",
        statistics.CompliancePointRates.as_view(),
        name="statistics-compliance-points",
    ),
    path("statistics/questions/", statistics.QuestionRates.as_view(), name="statistics-questions"),
    path("statistics/trends/", statistics.TrendRates.as_view(), name="statistics-trends"),
    path("statistics/factories/", statistics.FactoryRates.as_view(), name="statistics-factories"),
    *router.urls,
]
