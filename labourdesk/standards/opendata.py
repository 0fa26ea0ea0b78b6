"""The open-data tables: one definition serves the CSV, XLSX and JSON downloads and the data
dictionary, so that a column cannot be in one format and missing from another."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from labourdesk.core.exports import csv_bytes, xlsx_bytes
from labourdesk.standards.models import (
    Coverage,
    Dataset,
    Instrument,
    MemberState,
    NationalLawLink,
    Ratification,
    SupervisoryComment,
)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    get: Callable[[Any], Any]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    source: str
    columns: tuple[Column, ...]
    rows: Callable[[], Any]

    def values(self):
        for obj in self.rows():
            yield [_plain(c.get(obj)) for c in self.columns]


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""
    return value


def _code(instrument):
    return instrument.code if instrument else ""


CATALOGUE_SOURCE = (
    "data/standards/instruments.csv and sourced/recommendations.csv (see PROVENANCE.md; "
    "titles and statuses only where a source was seen)"
)

TABLES: tuple[Table, ...] = (
    Table(
        "instruments",
        "Conventions, protocols and recommendations of the ILO.",
        CATALOGUE_SOURCE,
        (
            Column("code", "text", "C001–C190, Pnnn, Rnnn", lambda i: i.code),
            Column("type", "text", "Convention, Protocol or Recommendation", lambda i: i.type),
            Column("number", "integer", "number of the instrument", lambda i: i.number),
            Column("year", "integer", "year of adoption", lambda i: i.year),
            Column(
                "session", "integer", "session of the Conference, where known", lambda i: i.session
            ),
            Column(
                "title_en",
                "text",
                "English title; blank where no source gave one",
                lambda i: i.titles.get("en", ""),
            ),
            Column(
                "title_fr",
                "text",
                "French title, where a source gave one",
                lambda i: i.titles.get("fr", ""),
            ),
            Column(
                "category", "text", "Fundamental, Governance or Technical", lambda i: i.category
            ),
            Column(
                "status",
                "text",
                "legal status; blank: in force or not otherwise known",
                lambda i: i.status,
            ),
            Column(
                "status_note", "text", "what the source says of the status", lambda i: i.status_note
            ),
            Column(
                "gb_classification",
                "text",
                "Governing Body classification; blank: not known",
                lambda i: i.gb_classification,
            ),
            Column(
                "supplements",
                "text",
                "code of the convention it supplements",
                lambda i: _code(i.supplements),
            ),
            Column(
                "revised_by",
                "text",
                "code of the instrument that revised or replaced it",
                lambda i: _code(i.revised_by),
            ),
            Column(
                "subjects",
                "text",
                "subject codes, separated by ';'",
                lambda i: ";".join(s.code for s in i.subjects.all()),
            ),
            Column("normlex_url", "text", "NORMLEX page", lambda i: i.normlex_url),
            Column(
                "title_verified",
                "text",
                "whether the English title was checked against a source",
                lambda i: i.title_verified,
            ),
            Column("source_url", "text", "sources of the row", lambda i: i.source_url),
        ),
        lambda: (
            Instrument.objects.select_related("supplements", "revised_by")
            .prefetch_related("subjects")
            .order_by("code")
        ),
    ),
    Table(
        "member_states",
        "The 187 ILO member states.",
        "data/standards/member_states.csv (UN membership list, ILOSTAT country groupings)",
        (
            Column("iso3", "text", "ISO 3166-1 alpha-3", lambda m: m.iso3),
            Column("iso2", "text", "ISO 3166-1 alpha-2 (Namibia is the text NA)", lambda m: m.iso2),
            Column("name", "text", "name (ILOSTAT)", lambda m: m.name),
            Column("ilo_region", "text", "ILO region", lambda m: m.ilo_region),
            Column(
                "ilo_subregion_broad",
                "text",
                "ILO subregion (broad)",
                lambda m: m.ilo_subregion_broad,
            ),
            Column("income_group", "text", "World Bank income group", lambda m: m.income_group),
            Column(
                "un_member_since", "integer", "year of UN membership", lambda m: m.un_member_since
            ),
        ),
        lambda: MemberState.objects.order_by("iso3"),
    ),
    Table(
        "ratifications",
        "Ratifications known to the loaded datasets. A state or instrument missing here means "
        "no data, unless the coverage table declares complete coverage for it.",
        "the datasets table (each row names its dataset and source)",
        (
            Column("instrument", "text", "instrument code", lambda r: r.instrument.code),
            Column("iso3", "text", "member state, ISO alpha-3", lambda r: r.country.iso3),
            Column("iso2", "text", "member state, ISO alpha-2", lambda r: r.country.iso2),
            Column(
                "registered_on",
                "date",
                "date of registration (ISO 8601); blank when unknown",
                lambda r: r.registered_on,
            ),
            Column(
                "registered_year",
                "integer",
                "year of registration, when only the year is known",
                lambda r: r.registered_year,
            ),
            Column(
                "status",
                "text",
                "in force, not in force, denounced, temporary, or ratified (status not stated)",
                lambda r: r.status,
            ),
            Column(
                "entry_into_force_on",
                "date",
                "date it enters into force (not yet in force)",
                lambda r: r.entry_into_force_on,
            ),
            Column("denounced_on", "date", "date of denunciation", lambda r: r.denounced_on),
            Column(
                "denounced_by",
                "text",
                "for an automatic denunciation: the convention whose ratification caused it",
                lambda r: _code(r.denounced_by),
            ),
            Column(
                "declarations",
                "json",
                "declarations (minimum_age, accepted, excluded_branches, territories)",
                lambda r: r.declarations,
            ),
            Column("note", "text", "note as the source gives it", lambda r: r.note),
            Column(
                "dataset_id",
                "integer",
                "dataset that last set the row (datasets table)",
                lambda r: r.dataset_id,
            ),
            Column("source_url", "text", "source of the row", lambda r: r.source_url),
            Column(
                "source_as_of", "text", "as-of date of the row's source", lambda r: r.source_as_of
            ),
        ),
        lambda: Ratification.objects.select_related(
            "instrument", "country", "denounced_by"
        ).order_by("instrument__code", "country__iso3"),
    ),
    Table(
        "datasets",
        "Every import: source, as-of date, import date and file hash.",
        "this database's import log",
        (
            Column("id", "integer", "dataset id", lambda d: d.pk),
            Column("name", "text", "name", lambda d: d.name),
            Column(
                "kind",
                "text",
                "sourced, normlex_instrument, normlex_country, csv, comments, law_links",
                lambda d: d.kind,
            ),
            Column("source", "text", "source", lambda d: d.source),
            Column("source_url", "text", "source address", lambda d: d.source_url),
            Column("as_of", "date", "as-of date, when known", lambda d: d.as_of),
            Column(
                "as_of_note", "text", "as-of date as the source says it", lambda d: d.as_of_note
            ),
            Column("imported_at", "datetime", "when it was imported", lambda d: d.imported_at),
            Column("file_name", "text", "imported file", lambda d: d.file_name),
            Column("file_sha256", "text", "SHA-256 of the file", lambda d: d.file_sha256),
        ),
        lambda: Dataset.objects.order_by("id"),
    ),
    Table(
        "coverage",
        "What each dataset covers: an instrument (blank: all) in a country (blank: all), "
        "completely or partly. A missing ratification is a fact only inside complete coverage.",
        "the datasets' declarations",
        (
            Column("dataset_id", "integer", "dataset", lambda c: c.dataset_id),
            Column(
                "instrument",
                "text",
                "instrument code; blank: every instrument",
                lambda c: _code(c.instrument),
            ),
            Column(
                "iso3",
                "text",
                "member state; blank: every member state",
                lambda c: c.country.iso3 if c.country else "",
            ),
            Column("extent", "text", "complete or partial", lambda c: c.extent),
            Column(
                "known_total",
                "integer",
                "number of ratifications a source states",
                lambda c: c.known_total,
            ),
            Column(
                "known_total_note",
                "text",
                "where the total comes from",
                lambda c: c.known_total_note,
            ),
        ),
        lambda: Coverage.objects.select_related("instrument", "country").order_by(
            "dataset_id", "id"
        ),
    ),
    Table(
        "supervisory_comments",
        "Comments of the Committee of Experts (observations, direct requests).",
        "the datasets table",
        (
            Column("iso3", "text", "member state", lambda c: c.country.iso3),
            Column("instrument", "text", "instrument code", lambda c: c.instrument.code),
            Column("year", "integer", "year", lambda c: c.year),
            Column("type", "text", "observation or direct request", lambda c: c.type),
            Column("url", "text", "link", lambda c: c.url),
            Column("dataset_id", "integer", "dataset", lambda c: c.dataset_id),
        ),
        lambda: SupervisoryComment.objects.select_related("country", "instrument").order_by(
            "country__iso3", "-year"
        ),
    ),
    Table(
        "national_law_links",
        "Links to national labour law (NATLEX-style).",
        "the datasets table",
        (
            Column("iso3", "text", "member state", lambda n: n.country.iso3),
            Column("title", "text", "title", lambda n: n.title),
            Column("year", "integer", "year", lambda n: n.year),
            Column("subject", "text", "subject", lambda n: n.subject),
            Column("url", "text", "link", lambda n: n.url),
            Column("dataset_id", "integer", "dataset", lambda n: n.dataset_id),
        ),
        lambda: NationalLawLink.objects.select_related("country").order_by(
            "country__iso3", "title"
        ),
    ),
)
TABLES_BY_NAME = {t.name: t for t in TABLES}
DICTIONARY_HEADERS = ["table", "column", "type", "description", "table_source"]


def dictionary_rows() -> list[list[str]]:
    return [[t.name, c.name, c.type, c.description, t.source] for t in TABLES for c in t.columns]


def sources() -> list[dict]:
    """The datasets (sources, as-of dates) behind the data, for every file's header."""
    return [
        {
            "id": d.pk,
            "name": d.name,
            "source": d.source,
            "as_of": d.as_of_label,
            "imported_at": d.imported_at.isoformat(),
        }
        for d in Dataset.objects.order_by("id")
    ] + [
        {"id": None, "name": "catalogue", "source": CATALOGUE_SOURCE, "as_of": "see PROVENANCE.md"}
    ]


def table_csv(table: Table) -> bytes:
    return csv_bytes([c.name for c in table.columns], table.values())


def dictionary_csv() -> bytes:
    return csv_bytes(DICTIONARY_HEADERS, dictionary_rows())


def table_json(table: Table) -> bytes:
    names = [c.name for c in table.columns]
    payload = {
        "table": table.name,
        "description": table.description,
        "source": table.source,
        "sources": sources(),
        "generated_at": timezone.now().isoformat(),
        "columns": names,
        "rows": [dict(zip(names, values, strict=True)) for values in table.values()],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def dictionary_json() -> bytes:
    payload = {
        "tables": [
            {
                "name": t.name,
                "description": t.description,
                "source": t.source,
                "columns": [
                    {"name": c.name, "type": c.type, "description": c.description}
                    for c in t.columns
                ],
            }
            for t in TABLES
        ],
        "sources": sources(),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")


def workbook() -> bytes:
    """Every table, the data dictionary and the sources, one sheet each."""
    sheets = [(t.name, [c.name for c in t.columns], list(t.values())) for t in TABLES]
    sheets.append(("data_dictionary", DICTIONARY_HEADERS, dictionary_rows()))
    sheets.append(
        (
            "sources",
            ["id", "name", "source", "as_of", "imported_at"],
            [
                [s["id"], s["name"], s["source"], s["as_of"], s.get("imported_at", "")]
                for s in sources()
            ],
        )
    )
    return xlsx_bytes(sheets)
