import re
from pathlib import Path

from labourdesk.core.reference import ReferenceDataError, read_csv
from labourdesk.standards.models import IloRegion, Instrument, MemberState


def _int_or_none(value: str, where: str) -> int | None:
    if value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise ReferenceDataError(f"{where}: expected a whole number, got {value!r}") from None


_ISO2_PATTERN = re.compile(r"^\^?([A-Z]{2})\$?$")


def parse_iso2(value: str, where: str) -> tuple[str, list[str]]:
    """The ISO2 column is a code ("FR") or, for two countries, a pattern of accepted codes
    ("^GB$|^UK$", "^GR$|^EL$"): the first is the ISO code, the others are aliases."""
    codes = []
    for part in value.split("|"):
        match = _ISO2_PATTERN.match(part.strip())
        if not match:
            raise ReferenceDataError(f"{where}: not a two-letter code: {value!r}")
        codes.append(match.group(1))
    return codes[0], codes[1:]


def load_member_states(data_dir: Path) -> dict[str, int]:
    path = data_dir / "standards" / "member_states.csv"
    created = updated = 0
    for line, row in read_csv(path, ["iso3", "iso2", "name_ilostat", "ilo_region"]):
        iso2, aliases = parse_iso2(row["iso2"], f"{path.name} row {line} column iso2")
        if row["ilo_region"] not in IloRegion.values:
            raise ReferenceDataError(
                f"{path.name} row {line} column ilo_region: unknown region {row['ilo_region']!r}"
            )
        fields = {
            "iso2": iso2,
            "iso2_aliases": aliases,
            "name": row["name_ilostat"],
            "short_name": row.get("name_short_coco", ""),
            "un_member_since": _int_or_none(
                row.get("un_member_since", ""), f"{path.name} row {line} column un_member_since"
            ),
            "ilo_region": row["ilo_region"],
            "ilo_subregion_broad": row.get("ilo_subregion_broad", ""),
            "ilo_subregion_detailed": row.get("ilo_subregion_detailed", ""),
            "income_group": row.get("wb_income_group", ""),
        }
        _obj, was_created = MemberState.objects.update_or_create(iso3=row["iso3"], defaults=fields)
        created += was_created
        updated += not was_created
    return {"member states created": created, "checked": updated}


def load_instruments(data_dir: Path) -> dict[str, int]:
    path = data_dir / "standards" / "instruments.csv"
    created = updated = 0
    for line, row in read_csv(path, ["code", "type", "title_en", "category", "status"]):
        where = f"{path.name} row {line}"
        if row["type"] not in Instrument.Type.values:
            raise ReferenceDataError(f"{where} column type: unknown type {row['type']!r}")
        if row["status"] not in Instrument.Status.values:
            raise ReferenceDataError(f"{where} column status: unknown status {row['status']!r}")
        if row.get("gb_classification", "") not in Instrument.Classification.values:
            raise ReferenceDataError(
                f"{where} column gb_classification: unknown value {row['gb_classification']!r}"
            )
        titles = {lang: row[f"title_{lang}"] for lang in ("en", "fr") if row.get(f"title_{lang}")}
        fields = {
            "number": _int_or_none(row.get("number", ""), f"{where} column number"),
            "type": row["type"],
            "titles": titles,
            "year": _int_or_none(row.get("year", ""), f"{where} column year"),
            "category": row["category"],
            "status": row["status"],
            "status_note": row.get("status_note", ""),
            "gb_classification": row.get("gb_classification", ""),
            "gb_classification_source": row.get("gb_classification_source", ""),
            "title_verified": row.get("title_verified", ""),
            "normlex_id": _int_or_none(
                row.get("normlex_instrument_id", ""), f"{where} column normlex_instrument_id"
            ),
            "normlex_url": row.get("normlex_url", ""),
            "source_url": row.get("source_url", ""),
            "notes": row.get("notes", ""),
        }
        _obj, was_created = Instrument.objects.update_or_create(code=row["code"], defaults=fields)
        created += was_created
        updated += not was_created
    # A protocol's code is that of the convention it supplements (P029: Protocol of 2014 to the
    # Forced Labour Convention, C029).
    linked = 0
    for protocol in Instrument.objects.filter(type=Instrument.Type.PROTOCOL):
        convention = Instrument.objects.filter(code="C" + protocol.code[1:]).first()
        if convention and protocol.supplements_id != convention.pk:
            protocol.supplements = convention
            protocol.save(update_fields=["supplements"])
            linked += 1
    return {"instruments created": created, "checked": updated, "protocols linked": linked}


_REPLACED_BY = re.compile(r"^replaced \(by (R\d{3})\b")


def _recommendation_status(text: str) -> str:
    """The legal status a sourced status text states plainly; blank when it hedges or
    conflicts (the text is kept as the status note)."""
    lowered = text.casefold()
    if not lowered or "conflict" in lowered:
        return ""
    if lowered.startswith("withdrawn or replaced"):
        return Instrument.Status.WITHDRAWN_OR_REPLACED
    if lowered.startswith("withdrawn"):
        return Instrument.Status.WITHDRAWN
    if lowered.startswith("replaced"):
        return Instrument.Status.REPLACED
    return ""


def load_recommendations(data_dir: Path) -> dict[str, int]:
    """The sourced, partial list of recommendations: numbers and years, some English titles,
    the ILO Tokyo list's short Japanese names. A row of instruments.csv keeps what it says; this
    file fills only what is blank there."""
    path = data_dir / "standards" / "sourced" / "recommendations.csv"
    created = updated = 0
    pending_revisions: list[tuple[str, str]] = []
    required = ["code", "number", "type", "title_en", "year", "status", "source_url"]
    for line, row in read_csv(path, required):
        where = f"{path.name} row {line}"
        if row["type"] != Instrument.Type.RECOMMENDATION:
            raise ReferenceDataError(f"{where} column type: expected Recommendation")
        instrument = Instrument.objects.filter(code=row["code"]).first()
        was_created = instrument is None
        if was_created:
            instrument = Instrument(code=row["code"], type=Instrument.Type.RECOMMENDATION)
        if row["title_en"] and not instrument.titles.get("en"):
            instrument.titles = {**instrument.titles, "en": row["title_en"]}
        if row.get("title_ja_short"):
            instrument.short_titles = {**instrument.short_titles, "ja": row["title_ja_short"]}
        instrument.number = instrument.number or _int_or_none(row["number"], f"{where} number")
        instrument.year = instrument.year or _int_or_none(row["year"], f"{where} year")
        if not instrument.status:
            instrument.status = _recommendation_status(row["status"])
        if not instrument.status_note and row["status"]:
            instrument.status_note = row["status"]
        if not instrument.source_url:
            instrument.source_url = row["source_url"]
        instrument.source_as_of = row.get("source_as_of", "")
        if not instrument.notes:
            instrument.notes = row.get("note", "")
        instrument.full_clean()
        instrument.save()
        replaced = _REPLACED_BY.match(row["status"])
        if replaced:
            pending_revisions.append((row["code"], replaced.group(1)))
        created += was_created
        updated += not was_created
    for code, by in pending_revisions:
        target = Instrument.objects.filter(code=by).first()
        if target:
            Instrument.objects.filter(code=code).update(revised_by=target)
    return {"recommendations created": created, "checked": updated}


SOURCED_FILES = [
    (
        "ratifications_fundamental.csv",
        "Sourced ratifications of the fundamental conventions (C182 complete; others partial)",
    ),
    ("ratifications_governance.csv", "Sourced ratifications of governance conventions (partial)"),
]
SOURCED_SOURCE = (
    "Transcribed row by row from stored copies of public pages (NORMLEX, official gazettes, "
    "encyclopedias, news); each row names its source address and as-of date. "
    "See data/standards/sourced/README.md."
)


def load_sourced_ratifications(data_dir: Path) -> dict[str, int]:
    """The partial, sourced ratification files with the coverage they declare (coverage.csv).
    Through the importer's service: a second load of the same files changes nothing."""
    from labourdesk.standards.importers.common import sha256
    from labourdesk.standards.importers.tables import parse_sourced_file
    from labourdesk.standards.services import ImportRefused, ratifications_import

    folder = data_dir / "standards" / "sourced"
    declared = [row for _line, row in read_csv(folder / "coverage.csv", ["file", "instrument"])]
    counts = {"new": 0, "changed": 0, "removed": 0}
    for file_name, name in SOURCED_FILES:
        data = (folder / file_name).read_bytes()
        try:
            parsed = parse_sourced_file(
                data,
                file_name=file_name,
                sha=sha256(data),
                coverage_rows=[row for row in declared if row["file"] == file_name],
                name=name,
                source=SOURCED_SOURCE,
            )
            result = ratifications_import(parsed=parsed, actor=None, commit=True)
        except ImportRefused as exc:
            raise ReferenceDataError(str(exc)) from exc
        for kind in counts:
            counts[kind] += result.count(kind)
    return {f"ratifications {k}": v for k, v in counts.items()}


LOADERS = [
    ("member_states", load_member_states),
    ("instruments", load_instruments),
    ("recommendations", load_recommendations),
    ("ratifications", load_sourced_ratifications),
]
