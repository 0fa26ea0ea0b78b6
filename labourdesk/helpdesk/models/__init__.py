from labourdesk.helpdesk.models.taxonomy import Region, Sector, Topic, TopicDomain, UserType

__all__ = ["Region", "Sector", "Topic", "TopicDomain", "UserType"]
