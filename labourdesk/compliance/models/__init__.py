from labourdesk.compliance.models.reference import Cluster, CompliancePoint

__all__ = ["Cluster", "CompliancePoint"]
