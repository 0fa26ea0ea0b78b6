"""NORMLEX pages saved by an operator, parsed with lxml's HTML parser.

- The instrument page ("Ratifications of C087 …"): a table of Country · Date · Status · Note.
  It lists every ratification of the instrument: complete coverage of that instrument.
- The country page ("Ratifications for Ghana"): sections Fundamental, Governance (Priority),
  Technical, each a table of Convention · Date · Status · Note. It lists every ratification of
  the country: complete coverage of that country.

Cells are read as text with whitespace collapsed (NORMLEX pads them); country names are NORMLEX's
formal UN names, mapped to ISO codes (`CountryResolver`); an unknown name is an error naming it.
"""

import re

import lxml.html
from django.utils.translation import gettext as _
from lxml import etree

from labourdesk.standards.countries import CountryResolver
from labourdesk.standards.importers.common import normalise_code
from labourdesk.standards.importers.rows import RowBuilder
from labourdesk.standards.models import Coverage, Dataset
from labourdesk.standards.services import CoverageSpec, ImportRefused, ParsedImport

_INSTRUMENT_HEADING = re.compile(r"Ratifications\s+of\s+((?:C|P)\s*\d{1,3}|MLC,?\s*2006)", re.I)
_COUNTRY_HEADING = re.compile(r"Ratifications\s+for\s+(.+)", re.I)


def _text(element) -> str:
    return " ".join(element.text_content().split())


def _headings(document) -> list[str]:
    found = [_text(e) for e in document.iter("title", "h1", "h2", "h3", "h4")]
    return [t for t in found if t]


def _header_cells(table) -> list[str]:
    header = table.xpath(".//thead//tr[1]/*") or table.xpath(".//tr[1]/*")
    return [_text(cell).casefold() for cell in header]


def _body_rows(table):
    rows = table.xpath("./tbody/tr") or table.xpath("./tr")
    return [r for r in rows if r.xpath("./td")]


def _columns(headers: list[str], first: str) -> dict[str, int] | None:
    """Positions of the columns NORMLEX's tables have, or None when the table is not one."""
    wanted = {first: None, "date": None, "status": None, "note": None}
    for position, header in enumerate(headers):
        for name in wanted:
            if wanted[name] is None and header.startswith(name):
                wanted[name] = position
    if wanted[first] is None or wanted["date"] is None or wanted["status"] is None:
        return None
    return wanted


def _cell(cells, position: int | None) -> str:
    if position is None or position >= len(cells):
        return ""
    return _text(cells[position])


def parse_normlex_page(data: bytes, *, file_name: str, sha: str) -> ParsedImport:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    # lxml refuses a str that carries an XML encoding declaration; the text is decoded already.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        document = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        raise ImportRefused([(file_name, _("this is not an HTML page"))]) from None
    headings = _headings(document)
    for heading in headings:
        match = _INSTRUMENT_HEADING.search(heading)
        if match:
            return _instrument_page(document, match.group(1), file_name=file_name, sha=sha)
    for heading in headings:
        match = _COUNTRY_HEADING.search(heading)
        if match:
            return _country_page(document, match.group(1), file_name=file_name, sha=sha)
    raise ImportRefused(
        [
            (
                file_name,
                _(
                    "not a NORMLEX page: no heading “Ratifications of C…” (instrument page) or "
                    "“Ratifications for …” (country page)"
                ),
            )
        ]
    )


def _instrument_page(document, code_text: str, *, file_name: str, sha: str) -> ParsedImport:
    builder = RowBuilder()
    instrument = builder.instrument(normalise_code(code_text) or code_text, file_name)
    if instrument is None:
        raise ImportRefused(builder.errors)
    tables = [
        (table, columns)
        for table in document.iter("table")
        if (columns := _columns(_header_cells(table), "country"))
    ]
    if not tables:
        raise ImportRefused(
            [(file_name, _("not a NORMLEX page: no table of Country, Date, Status and Note"))]
        )
    countries = CountryResolver()
    rows = []
    number = 0
    for table, columns in tables:
        for tr in _body_rows(table):
            cells = tr.xpath("./td|./th")
            number += 1
            where = _("table row %(number)s") % {"number": number}
            name = _cell(cells, columns["country"])
            country = countries.resolve(name)
            if country is None:
                builder.errors.append((where, _("unknown country %(value)r") % {"value": name}))
                continue
            row = builder.build(
                where=where,
                instrument=instrument,
                country=country,
                date=_cell(cells, columns["date"]),
                status=_cell(cells, columns["status"]),
                note=_cell(cells, columns["note"]),
            )
            if row:
                rows.append(row)
    if builder.errors:
        raise ImportRefused(builder.errors)
    return ParsedImport(
        kind=Dataset.Kind.NORMLEX_INSTRUMENT,
        name=_("NORMLEX: ratifications of %(code)s") % {"code": instrument.code},
        source=_("NORMLEX instrument page saved by an operator"),
        file_name=file_name,
        file_sha256=sha,
        rows=rows,
        coverage=[
            CoverageSpec(instrument=instrument, country=None, extent=Coverage.Extent.COMPLETE)
        ],
    )


def _country_page(document, name: str, *, file_name: str, sha: str) -> ParsedImport:
    countries = CountryResolver()
    country = countries.resolve(name)
    if country is None:
        raise ImportRefused([(file_name, _("unknown country %(value)r") % {"value": name})])
    builder = RowBuilder()
    tables = [
        (table, columns)
        for table in document.iter("table")
        if (columns := _columns(_header_cells(table), "convention"))
        or (columns := _columns(_header_cells(table), "instrument"))
    ]
    if not tables:
        raise ImportRefused(
            [(file_name, _("not a NORMLEX page: no table of Convention, Date, Status and Note"))]
        )
    rows = []
    number = 0
    for table, columns in tables:
        first = columns.get("convention", columns.get("instrument"))
        for tr in _body_rows(table):
            cells = tr.xpath("./td|./th")
            number += 1
            where = _("table row %(number)s") % {"number": number}
            instrument = builder.instrument(_cell(cells, first), where)
            if instrument is None:
                continue
            row = builder.build(
                where=where,
                instrument=instrument,
                country=country,
                date=_cell(cells, columns["date"]),
                status=_cell(cells, columns["status"]),
                note=_cell(cells, columns["note"]),
            )
            if row:
                rows.append(row)
    if builder.errors:
        raise ImportRefused(builder.errors)
    return ParsedImport(
        kind=Dataset.Kind.NORMLEX_COUNTRY,
        name=_("NORMLEX: ratifications for %(country)s") % {"country": country.name},
        source=_("NORMLEX country page saved by an operator"),
        file_name=file_name,
        file_sha256=sha,
        rows=rows,
        coverage=[CoverageSpec(instrument=None, country=country, extent=Coverage.Extent.COMPLETE)],
    )


def parse_file(data: bytes, *, file_name: str, complete: tuple[str, ...] = ()) -> ParsedImport:
    """An HTML page (NORMLEX) or a CSV, by content and name."""
    from labourdesk.standards.importers.common import sha256
    from labourdesk.standards.importers.tables import parse_ratifications_csv

    sha = sha256(data)
    head = data[:2048].lstrip().lower()
    if file_name.lower().endswith((".html", ".htm")) or head.startswith((b"<!doctype", b"<html")):
        return parse_normlex_page(data, file_name=file_name, sha=sha)
    return parse_ratifications_csv(data, file_name=file_name, sha=sha, complete=complete)
