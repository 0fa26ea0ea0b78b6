import re
from pathlib import Path

from labourdesk.core.reference import ReferenceDataError, read_csv
from labourdesk.standards.models import Instrument, MemberState


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
            "title_verified": row.get("title_verified", ""),
            "normlex_id": _int_or_none(
                row.get("normlex_instrument_id", ""), f"{where} column normlex_instrument_id"
            ),
            "normlex_url": row.get("normlex_url", ""),
            "notes": row.get("notes", ""),
        }
        _obj, was_created = Instrument.objects.update_or_create(code=row["code"], defaults=fields)
        created += was_created
        updated += not was_created
    return {"instruments created": created, "checked": updated}


LOADERS = [("member_states", load_member_states), ("instruments", load_instruments)]
