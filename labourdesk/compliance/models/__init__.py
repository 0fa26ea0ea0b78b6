from labourdesk.compliance.models.assessment import (
    Assessment,
    AssessmentPoint,
    AssessmentStatus,
    Finding,
)
from labourdesk.compliance.models.imports import ImportRun
from labourdesk.compliance.models.questionnaire import (
    CountryProgramme,
    Industry,
    Question,
    QuestionnaireVersion,
)
from labourdesk.compliance.models.reference import Cluster, CompliancePoint
from labourdesk.compliance.models.registry import Buyer, Factory, FactoryBuyer, ReportConsent
from labourdesk.compliance.models.remediation import (
    AdvisoryVisit,
    ImprovementAction,
    PiccMeeting,
    PiccMember,
    ProgressReport,
)

__all__ = [
    "AdvisoryVisit",
    "Assessment",
    "AssessmentPoint",
    "AssessmentStatus",
    "Buyer",
    "Cluster",
    "CompliancePoint",
    "CountryProgramme",
    "Factory",
    "FactoryBuyer",
    "Finding",
    "ImportRun",
    "ImprovementAction",
    "Industry",
    "PiccMeeting",
    "PiccMember",
    "ProgressReport",
    "Question",
    "QuestionnaireVersion",
    "ReportConsent",
]
