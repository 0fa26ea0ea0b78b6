"""The portal's content: Wagtail pages (one row per page per locale, linked by translation_key),
reference records from seed 000, and the anonymisation review of Q&As made from closed cases."""

from labourdesk.knowledge.models.pages import (
    CountryIndexPage,
    CountryPage,
    HomePage,
    QAIndexPage,
    QuestionPage,
    ResourceIndexPage,
    ResourcePage,
    ServicePage,
    ThemePage,
    TrainingCoursePage,
    TrainingIndexPage,
)
from labourdesk.knowledge.models.records import (
    AnonymisationFinding,
    PortalLink,
    PublicationProposal,
    SecondPersonApprovalTask,
)
from labourdesk.knowledge.models.search import SearchEntry

__all__ = [
    "AnonymisationFinding",
    "CountryIndexPage",
    "CountryPage",
    "HomePage",
    "PortalLink",
    "PublicationProposal",
    "QAIndexPage",
    "QuestionPage",
    "ResourceIndexPage",
    "ResourcePage",
    "SearchEntry",
    "SecondPersonApprovalTask",
    "ServicePage",
    "ThemePage",
    "TrainingCoursePage",
    "TrainingIndexPage",
]
