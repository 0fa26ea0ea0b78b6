from pathlib import Path

from labourdesk.core.reference import ReferenceDataError, read_csv, upsert_terms
from labourdesk.helpdesk.models import Region, Sector, Topic, TopicDomain, UserType

# FR/EN/ES for every axis; the user types and sectors, which visitors choose on the Ask page,
# also carry ZH/JA/VI labels (our translations, see data/README.md).
LANGS = ("fr", "en", "es", "zh-hans", "ja", "vi")


def _labels(row: dict, prefix: str = "label") -> dict[str, str]:
    return {lang: row[f"{prefix}_{lang}"] for lang in LANGS if row.get(f"{prefix}_{lang}")}


def _yes_no(value: str, where: str) -> bool:
    if value not in {"yes", "no"}:
        raise ReferenceDataError(f"{where}: expected yes or no, got {value!r}")
    return value == "yes"


def load_taxonomies(data_dir: Path) -> dict[str, int]:
    base = data_dir / "helpdesk"
    required = ["code", "label_fr", "label_en", "label_es"]
    counts = {}
    rows = [
        {"code": r["code"], "labels": _labels(r)}
        for _n, r in read_csv(base / "user_types.csv", required)
    ]
    counts["user types"] = sum(upsert_terms(UserType, rows).values()) or len(rows)
    rows = [
        {"code": r["code"], "labels": _labels(r)}
        for _n, r in read_csv(base / "sectors.csv", required)
    ]
    counts["sectors"] = sum(upsert_terms(Sector, rows).values()) or len(rows)
    rows = []
    for n, r in read_csv(base / "regions.csv", [*required, "user_region", "region_concerned"]):
        rows.append(
            {
                "code": r["code"],
                "labels": _labels(r),
                "is_user_region": _yes_no(
                    r["user_region"], f"regions.csv row {n} column user_region"
                ),
                "is_region_concerned": _yes_no(
                    r["region_concerned"], f"regions.csv row {n} column region_concerned"
                ),
            }
        )
    counts["regions"] = sum(upsert_terms(Region, rows).values()) or len(rows)

    topic_rows = list(
        read_csv(
            base / "topics.csv", ["domain_code", "domain_fr", "domain_en", "domain_es", *required]
        )
    )
    domains: dict[str, dict] = {}
    for _n, r in topic_rows:
        domains.setdefault(
            r["domain_code"], {"code": r["domain_code"], "labels": _labels(r, "domain")}
        )
    upsert_terms(TopicDomain, list(domains.values()))
    by_code = {d.code: d for d in TopicDomain.objects.all()}
    rows = [
        {"code": r["code"], "labels": _labels(r), "domain": by_code[r["domain_code"]]}
        for _n, r in topic_rows
    ]
    upsert_terms(Topic, rows)
    counts["topic domains"] = len(domains)
    counts["topics"] = len(rows)
    return counts


LOADERS = [("taxonomies", load_taxonomies)]
