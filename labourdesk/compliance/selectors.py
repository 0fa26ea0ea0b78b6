"""Reads of compliance records. Every list starts from `restrict(user, action)`."""

from collections import OrderedDict

from django.http import Http404

from labourdesk.compliance.models import (
    Assessment,
    Factory,
    Finding,
    Question,
    ReportConsent,
)
from labourdesk.compliance.querysets import FULL, SUMMARY
from labourdesk.core.roles import ADMINISTRATOR, BUYER_USER, has_role


def get_visible(model, user, pk, action: str = "view"):
    """The object if the user may reach it, else 404 (its existence is not disclosed)."""
    obj = model.objects.restrict(user, action).filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def report_level(user, factory: Factory) -> str:
    """What a user reads of a factory's report: a buyer at its granted level, others in full."""
    if has_role(user, BUYER_USER) and not has_role(user, ADMINISTRATOR):
        consent = ReportConsent.objects.filter(
            factory=factory, buyer__organisation_id=user.organisation_id, revoked_at__isnull=True
        ).first()
        return consent.level if consent else SUMMARY
    return FULL


def assessment_progress(assessment: Assessment) -> list[dict]:
    """Per cluster: questions, answered, percentage — for the findings entry page."""
    answered = set(
        Finding.objects.filter(assessment=assessment).values_list("question_id", flat=True)
    )
    clusters: OrderedDict = OrderedDict()
    for q in assessment.version.questions.select_related("compliance_point__cluster").order_by(
        "compliance_point__cluster__position", "compliance_point__cluster__code", "position", "id"
    ):
        cluster = q.compliance_point.cluster
        entry = clusters.setdefault(
            cluster.pk, {"cluster": cluster, "total": 0, "answered": 0, "questions": []}
        )
        entry["total"] += 1
        entry["answered"] += q.pk in answered
        entry["questions"].append(q)
    for entry in clusters.values():
        entry["percent"] = round(100 * entry["answered"] / entry["total"]) if entry["total"] else 0
    return list(clusters.values())


def report_data(assessment: Assessment, *, level: str, language: str) -> dict:
    """Non-compliance by cluster and compliance point (scored questions only, as Better Work
    counts); at the full level, the findings of every non-compliant question too."""
    findings = {
        f.question_id: f
        for f in Finding.objects.filter(assessment=assessment).select_related("question")
    }
    clusters = []
    by_cluster: dict[int, dict] = {}
    total_cps = nc_cps = 0
    questions = assessment.version.questions.select_related("compliance_point__cluster").order_by(
        "compliance_point__cluster__position", "compliance_point__position", "position", "id"
    )
    for q in questions:
        cp = q.compliance_point
        cluster = by_cluster.get(cp.cluster_id)
        if cluster is None:
            cluster = {
                "label": cp.cluster.label_in(language),
                "points": OrderedDict(),
                "non_compliant": 0,
            }
            by_cluster[cp.cluster_id] = cluster
            clusters.append(cluster)
        point = cluster["points"].setdefault(
            cp.pk,
            {
                "id": cp.pk,
                "cluster": cluster["label"],
                "label": cp.label_in(language),
                "non_compliant": False,
                "scored": False,
                "questions": [],
            },
        )
        point["scored"] |= q.type == Question.Type.SCORED
        finding = findings.get(q.pk)
        if q.type == Question.Type.SCORED and finding is not None and finding.non_compliant:
            point["non_compliant"] = True
            if level == FULL:
                point["questions"].append(
                    {"code": q.code, "text": q.text_in(language), "evidence": finding.evidence}
                )
    for cluster in clusters:
        cluster["points"] = list(cluster["points"].values())
        cluster["non_compliant"] = sum(p["non_compliant"] for p in cluster["points"])
        total_cps += len(cluster["points"])
        nc_cps += cluster["non_compliant"]
    return {
        "assessment": assessment,
        "clusters": clusters,
        "level": level,
        "points_total": total_cps,
        "points_non_compliant": nc_cps,
    }


def core_cluster_ids(version) -> set[int]:
    return set(version.core_clusters.values_list("id", flat=True))
