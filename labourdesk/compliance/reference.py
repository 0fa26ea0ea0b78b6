from pathlib import Path

from labourdesk.compliance.models import Cluster, CompliancePoint
from labourdesk.core.reference import ReferenceDataError, read_csv, upsert_terms


def load_compliance_points(data_dir: Path) -> dict[str, int]:
    path = data_dir / "compliance" / "compliance_points.csv"
    rows = list(
        read_csv(
            path,
            ["cluster_code", "cluster_en", "cluster_fr", "cluster_es", "basis", "cp_code", "cp_en"],
        )
    )
    clusters: dict[str, dict] = {}
    for line, r in rows:
        if r["basis"] not in Cluster.Basis.values:
            raise ReferenceDataError(f"{path.name} row {line} column basis: unknown {r['basis']!r}")
        clusters.setdefault(
            r["cluster_code"],
            {
                "code": r["cluster_code"],
                "labels": {"en": r["cluster_en"], "fr": r["cluster_fr"], "es": r["cluster_es"]},
                "basis": r["basis"],
            },
        )
    upsert_terms(Cluster, list(clusters.values()))
    by_code = {c.code: c for c in Cluster.objects.all()}
    translations = _point_translations(data_dir)
    points = [
        {
            "code": r["cp_code"],
            "labels": {"en": r["cp_en"], **translations.get(r["cp_code"], {})},
            "cluster": by_code[r["cluster_code"]],
        }
        for _n, r in rows
    ]
    upsert_terms(CompliancePoint, points)
    return {"clusters": len(clusters), "compliance points": len(points)}


def _point_translations(data_dir: Path) -> dict[str, dict[str, str]]:
    """French and Spanish CP names: our translation (see data/README.md), not Better Work's
    official wording; an absent file leaves the names in English."""
    path = data_dir / "compliance" / "compliance_point_translations.csv"
    if not path.exists():
        return {}
    return {
        r["cp_code"]: {"fr": r["cp_fr"], "es": r["cp_es"]}
        for _n, r in read_csv(path, ["cp_code", "cp_fr", "cp_es"])
    }


LOADERS = [("compliance_points", load_compliance_points)]
