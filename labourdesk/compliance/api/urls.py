from rest_framework.routers import DefaultRouter

from labourdesk.compliance.api import views

router = DefaultRouter()
router.register("programmes", views.CountryProgrammeViewSet, basename="countryprogramme")
router.register("questionnaires", views.QuestionnaireVersionViewSet, basename="questionnaire")
router.register("questions", views.QuestionViewSet, basename="question")
router.register("factories", views.FactoryViewSet, basename="factory")
router.register("buyers", views.BuyerViewSet, basename="buyer")
router.register("relationships", views.FactoryBuyerViewSet, basename="factorybuyer")
router.register("consents", views.ReportConsentViewSet, basename="reportconsent")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("findings", views.FindingViewSet, basename="finding")
router.register("improvement-actions", views.ImprovementActionViewSet, basename="improvementaction")
router.register("progress-reports", views.ProgressReportViewSet, basename="progressreport")
router.register("advisory-visits", views.AdvisoryVisitViewSet, basename="advisoryvisit")
router.register("picc-members", views.PiccMemberViewSet, basename="piccmember")
router.register("picc-meetings", views.PiccMeetingViewSet, basename="piccmeeting")
router.register("imports", views.ImportRunViewSet, basename="importrun")
urlpatterns = router.urls
