from labourdesk.helpdesk.models.case import Case, CaseEvent, Inquiry, OutboundMessage
from labourdesk.helpdesk.models.taxonomy import Region, Sector, Topic, TopicDomain, UserType
from labourdesk.helpdesk.models.workflow import (
    Clearance,
    Consultation,
    Draft,
    Note,
    Paragraph,
    ResponseTarget,
)

__all__ = [
    "Case",
    "CaseEvent",
    "Clearance",
    "Consultation",
    "Draft",
    "Inquiry",
    "Note",
    "OutboundMessage",
    "Paragraph",
    "Region",
    "ResponseTarget",
    "Sector",
    "Topic",
    "TopicDomain",
    "UserType",
]
