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


def _required(reader: csv.DictReader, file_name: str, columns: tuple[str, ...]) -> None:
    reader.fieldnames = [f.strip() for f in (reader.fieldnames or [])]
    missing = [c for c in columns if c not in reader.fieldnames]
    if missing:
        raise ImportRefused(
            [(file_name, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})]
        )


def _year(value: str, where: str, errors: list, *, required: bool) -> int | None:
    from django.utils import timezone

    if not value:
        if required:
            errors.append((where, _("the year is missing")))
        return None
    if not value.isdigit() or not 1919 <= int(value) <= timezone.localdate().year:
        errors.append((where, _("the year %(year)s is outside 1919–today") % {"year": value}))
        return None
    return int(value)


def _url(value: str, where: str, errors: list) -> str:
    if not value.startswith(("https://", "http://")):
        errors.append((where, _("not a web address: %(value)r") % {"value": value}))
    return value


COMMENT_TYPES = {"observation": "observation", "direct request": "direct request"}


def parse_comments_csv(data: bytes, *, file_name: str):
    """CEACR comments: `country,instrument,year,type,url` (type: observation, direct request)."""
    from labourdesk.standards.services import CommentRow

    reader = _reader(data, file_name)
    _required(reader, file_name, ("country", "instrument", "year", "type", "url"))
    builder = RowBuilder()
    countries = CountryResolver()
    rows = []
    for number, raw in enumerate(reader, start=2):
        where = _("row %(number)s") % {"number": number}
        raw = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(raw.values()):
            continue
        country = countries.resolve(raw["country"])
        if country is None:
            builder.errors.append(
                (where, _("unknown country %(value)r") % {"value": raw["country"]})
            )
        instrument = builder.instrument(raw["instrument"], where)
        year = _year(raw["year"], where, builder.errors, required=True)
        kind = COMMENT_TYPES.get(" ".join(raw["type"].casefold().split()))
        if kind is None:
            builder.errors.append((where, _("unknown type %(value)r") % {"value": raw["type"]}))
        url = _url(raw["url"], where, builder.errors)
        if country and instrument and year and kind:
            rows.append(CommentRow(where, country, instrument, year, kind, url))
    if builder.errors:
        raise ImportRefused(builder.errors)
    return rows


def parse_law_links_csv(data: bytes, *, file_name: str):
    """National-law links: `country,title,year,subject,url`."""
    from labourdesk.standards.services import LawLinkRow

    reader = _reader(data, file_name)
    _required(reader, file_name, ("country", "title", "url"))
    errors: list[tuple[str, str]] = []
    countries = CountryResolver()
    rows = []
    for number, raw in enumerate(reader, start=2):
        where = _("row %(number)s") % {"number": number}
        raw = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(raw.values()):
            continue
        country = countries.resolve(raw["country"])
        if country is None:
            errors.append((where, _("unknown country %(value)r") % {"value": raw["country"]}))
        if not raw["title"]:
            errors.append((where, _("the title is missing")))
        year = _year(raw.get("year", ""), where, errors, required=False)
        url = _url(raw["url"], where, errors)
        if country and raw["title"]:
            rows.append(LawLinkRow(where, country, raw["title"], year, raw.get("subject", ""), url))
    if errors:
        raise ImportRefused(errors)
    return rows
