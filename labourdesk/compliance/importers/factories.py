"""A factory list upload (Open Supply Hub's list upload): country, name, address, sector,
optionally lat, lng. Likely duplicates — in the file or already in the registry — are flagged
by normalised name and address before anything is created."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from labourdesk.compliance.importers.common import (
    ErrorList,
    ImportFailed,
    map_columns,
    open_table,
    resolve_country,
)
from labourdesk.compliance.models import CountryProgramme, Factory, Industry
from labourdesk.core.audit import audit_record
from labourdesk.core.roles import ADMINISTRATOR, has_role

COLUMNS = {
    "country": ("country",),
    "name": ("name",),
    "address": ("address",),
    "sector": ("sector",),
    "lat": ("lat", "latitude"),
    "lng": ("lng", "lon", "longitude"),
    "os_hub_id": ("os id", "os hub id", "open supply hub id"),
}
REQUIRED = {"country", "name", "address", "sector"}
LEGAL_WORDS = {
    "co",
    "company",
    "ltd",
    "limited",
    "inc",
    "jsc",
    "llc",
    "plc",
    "pvt",
    "private",
    "corp",
    "corporation",
    "sa",
    "sarl",
    "srl",
    "gmbh",
    "cv",
    "pt",
    "tbk",
    "the",
}
ADDRESS_WORDS = {"st": "street", "rd": "road", "ave": "avenue", "dist": "district", "no": ""}
SECTORS = {
    "apparel": Industry.APPAREL,
    "garment": Industry.APPAREL,
    "garments": Industry.APPAREL,
    "textile": Industry.APPAREL,
    "footwear": Industry.FOOTWEAR,
    "shoes": Industry.FOOTWEAR,
    "travel goods": Industry.TRAVEL_GOODS,
    "bags": Industry.TRAVEL_GOODS,
}
NAME_THRESHOLD, ADDRESS_THRESHOLD = 92, 85


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", text).split()


def normalise_name(name: str) -> str:
    return " ".join(w for w in _words(name) if w not in LEGAL_WORDS)


def normalise_address(address: str) -> str:
    return " ".join(filter(None, (ADDRESS_WORDS.get(w, w) for w in _words(address))))


def _likely_same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    if a == b:
        return True
    return (
        fuzz.token_sort_ratio(a[0], b[0]) >= NAME_THRESHOLD
        and fuzz.token_set_ratio(a[1], b[1]) >= ADDRESS_THRESHOLD
    )


def _coordinate(value, limit) -> Decimal | None:
    if value in ("", None):
        return None
    number = Decimal(str(value).strip())
    if not number.is_finite() or abs(number) > limit:
        raise InvalidOperation
    return number.quantize(Decimal("0.000001"))


def factory_list_preview(*, actor, source, file_name: str) -> list[dict]:
    """Every row, checked, with its likely duplicates. Raises ImportFailed on any error."""
    headers, rows = open_table(source, file_name)
    indexes, labels = map_columns(headers, COLUMNS, REQUIRED)
    errors, out, cache = ErrorList(), [], {}
    allowed = None
    if actor is not None and not has_role(actor, ADMINISTRATOR):
        allowed = set(
            CountryProgramme.objects.filter(staff=actor).values_list("country_id", flat=True)
        )
    registry: dict[int, list] = {}
    for number, cells in rows:
        v = {k: (cells[i] if i < len(cells) else "") for k, i in indexes.items()}
        v = {k: val.strip() if isinstance(val, str) else val for k, val in v.items()}
        for name in sorted(REQUIRED):
            if not v.get(name):
                errors.add(number, labels[name], _("Empty value."))
        country = resolve_country(v["country"], cache) if v.get("country") else None
        if v.get("country") and country is None:
            errors.add(number, labels["country"], _("Unknown country “%s”.") % v["country"])
        if country is not None and allowed is not None and country.pk not in allowed:
            errors.add(
                number, labels["country"], _("You may not register factories in this country.")
            )
        coords = {}
        for key, limit in (("lat", 90), ("lng", 180)):
            try:
                coords[key] = _coordinate(v.get(key), limit)
            except (InvalidOperation, ValueError):
                errors.add(number, labels[key], _("Not a coordinate: “%s”.") % v.get(key))
        if country is None or not v.get("name"):
            continue
        key = (normalise_name(v["name"]), normalise_address(v.get("address", "")))
        duplicates = [
            _("Row %(row)s of this file") % {"row": other["row"]}
            for other in out
            if other["country"].pk == country.pk and _likely_same(key, other["key"])
        ]
        if country.pk not in registry:
            registry[country.pk] = [
                (f, (normalise_name(f.name), normalise_address(f.address)))
                for f in Factory.objects.filter(country=country)
            ]
        duplicates += [
            _("Factory “%(name)s” (#%(id)s) in the registry") % {"name": f.name, "id": f.pk}
            for f, fkey in registry[country.pk]
            if _likely_same(key, fkey)
        ]
        out.append(
            {
                "row": number,
                "country": country,
                "name": v["name"],
                "address": v.get("address", ""),
                "industry": SECTORS.get(str(v.get("sector", "")).lower(), Industry.OTHER),
                "latitude": coords.get("lat"),
                "longitude": coords.get("lng"),
                "os_hub_id": str(v.get("os_hub_id") or ""),
                "key": key,
                "duplicates": duplicates,
            }
        )
    if not out and not errors:
        errors.add(None, None, _("The file has no rows."))
    if errors:
        raise ImportFailed(errors.items)
    return out


def factory_list_import(*, actor, source, file_name: str) -> dict:
    """Create the rows that are not likely duplicates; flagged rows wait for a person."""
    rows = factory_list_preview(actor=actor, source=source, file_name=file_name)
    created = []
    with transaction.atomic():
        for row in rows:
            if row["duplicates"]:
                continue
            factory = Factory(
                name=row["name"],
                address=row["address"],
                country=row["country"],
                industry=row["industry"],
                latitude=row["latitude"],
                longitude=row["longitude"],
                os_hub_id=row["os_hub_id"],
            )
            factory.full_clean()
            factory.save()
            created.append(factory.pk)
        if created:
            audit_record(
                actor=actor,
                action="compliance.import.factories",
                target_repr=file_name,
                details={"created": created},
            )
    return {
        "rows": len(rows),
        "created": len(created),
        "flagged": sum(1 for r in rows if r["duplicates"]),
    }
