"""CSV ratifications: the plain format (`instrument,country,date,status,note`, where the country
is ISO alpha-3, alpha-2 or a name) and the sourced reference files of data/standards/sourced/."""

import csv
import io

from django.utils.translation import gettext as _

from labourdesk.standards.countries import CountryResolver
from labourdesk.standards.importers.rows import RowBuilder
from labourdesk.standards.models import Coverage, Dataset
from labourdesk.standards.services import CoverageSpec, ImportRefused, ParsedImport

COUNTRY_COLUMNS = ("country", "iso3", "iso2")


def _reader(data: bytes, file_name: str) -> csv.DictReader:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportRefused([(file_name, _("the file is not UTF-8 text"))]) from None
    return csv.DictReader(io.StringIO(text, newline=""))


def parse_ratifications_csv(
    data: bytes,
    *,
    file_name: str,
    sha: str,
    source: str = "",
    complete: tuple[str, ...] = (),
) -> ParsedImport:
    """The plain CSV. Every instrument it lists is covered partly, unless named in `complete`
    (the file then lists every ratification of it, and one missing is removed)."""
    reader = _reader(data, file_name)
    fields = [f.strip() for f in (reader.fieldnames or [])]
    reader.fieldnames = fields
    country_column = next((c for c in COUNTRY_COLUMNS if c in fields), None)
    missing = [c for c in ("instrument", "date", "status") if c not in fields]
    if country_column is None:
        missing.append("country (or iso3, iso2)")
    if missing:
        raise ImportRefused(
            [(file_name, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})]
        )
    builder = RowBuilder()
    countries = CountryResolver()
    rows = []
    for number, raw in enumerate(reader, start=2):
        where = _("row %(number)s") % {"number": number}
        raw = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(raw.values()):
            continue
        instrument = builder.instrument(raw["instrument"], where)
        country = countries.resolve(raw[country_column])
        if country is None:
            builder.errors.append(
                (where, _("unknown country %(value)r") % {"value": raw[country_column]})
            )
        if instrument is None or country is None:
            continue
        row = builder.build(
            where=where,
            instrument=instrument,
            country=country,
            date=raw["date"],
            status=raw["status"],
            note=raw.get("note", ""),
            year=raw.get("year", ""),
            source_url=raw.get("source_url", ""),
            source_as_of=raw.get("source_as_of", ""),
        )
        if row:
            rows.append(row)
    for code in complete:
        if builder.instruments.get(code) is None:
            builder.errors.append((file_name, _("unknown instrument %(value)r") % {"value": code}))
    if builder.errors:
        raise ImportRefused(builder.errors)
    if not rows:
        raise ImportRefused([(file_name, _("the file has no ratification rows"))])
    listed = {r.instrument.code: r.instrument for r in rows}
    coverage = [
        CoverageSpec(
            instrument=instrument,
            country=None,
            extent=Coverage.Extent.COMPLETE if code in complete else Coverage.Extent.PARTIAL,
        )
        for code, instrument in sorted(listed.items())
    ]
    return ParsedImport(
        kind=Dataset.Kind.CSV,
        name=_("CSV %(name)s") % {"name": file_name},
        source=source or _("CSV file uploaded by an operator"),
        file_name=file_name,
        file_sha256=sha,
        rows=rows,
        coverage=coverage,
    )


def parse_sourced_file(
    data: bytes, *, file_name: str, sha: str, coverage_rows: list[dict], name: str, source: str
) -> ParsedImport:
    """A file of data/standards/sourced/: one source address and as-of note per row, coverage
    declared in coverage.csv (C182 complete, the rest partial)."""
    reader = _reader(data, file_name)
    builder = RowBuilder()
    countries = CountryResolver()
    rows = []
    for number, raw in enumerate(reader, start=2):
        where = f"{file_name} " + _("row %(number)s") % {"number": number}
        raw = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        instrument = builder.instrument(raw["instrument"], where)
        country = countries.code(raw["iso3"])
        if country is None:
            builder.errors.append((where, _("unknown country %(value)r") % {"value": raw["iso3"]}))
            continue
        if instrument is None:
            continue
        row = builder.build(
            where=where,
            instrument=instrument,
            country=country,
            date=raw["ratified_on"],
            year=raw["ratified_year"],
            status=raw["status"],
            note=raw["note"],
            source_url=raw["source_url"],
            source_as_of=raw["source_as_of"],
        )
        if row:
            rows.append(row)
    coverage = []
    for spec in coverage_rows:
        instrument = builder.instrument(spec["instrument"], "coverage.csv")
        if instrument is None:
            continue
        coverage.append(
            CoverageSpec(
                instrument=instrument,
                country=None,
                extent=spec["extent"],
                known_total=int(spec["known_total"]) if spec.get("known_total") else None,
                known_total_note=spec.get("known_total_note", ""),
            )
        )
    if builder.errors:
        raise ImportRefused(builder.errors)
    return ParsedImport(
        kind=Dataset.Kind.SOURCED,
        name=name,
        source=source,
        file_name=file_name,
        file_sha256=sha,
        rows=rows,
        coverage=coverage,
        as_of_note=_("given with each ratification"),
    )
