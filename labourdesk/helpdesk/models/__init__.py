from labourdesk.helpdesk.models.case import Case, CaseEvent, Inquiry, OutboundMessage
from labourdesk.helpdesk.models.taxonomy import Region, Sector, Topic, TopicDomain, UserType

__all__ = [
    "Case",
    "CaseEvent",
    "Inquiry",
    "OutboundMessage",
    "Region",
    "Sector",
    "Topic",
    "TopicDomain",
    "UserType",
]
