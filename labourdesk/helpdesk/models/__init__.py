from labourdesk.helpdesk.models.case import Case, CaseEvent, Inquiry
from labourdesk.helpdesk.models.taxonomy import Region, Sector, Topic, TopicDomain, UserType
from labourdesk.helpdesk.models.workflow import (
    Clearance,
    Consultation,
    Draft,
    Note,
    Paragraph,
    ResponseTarget,
)

# Mail owns outbound messages (the helpdesk sits above it); re-exported for the helpdesk's code.
from labourdesk.mail.models import OutboundMessage

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
