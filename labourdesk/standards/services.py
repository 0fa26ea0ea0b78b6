"""Writes of the standards database: datasets of ratifications, comments and law links.

Every importer (sourced reference files, NORMLEX pages, CSV) parses into a `ParsedImport`, and
`ratifications_import` applies it: the diff first (new, changed, denounced, removed), then, when
asked to commit, the whole of it in one transaction with its dataset, coverage, history and audit
entry. A second run of the same file changes nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.core.audit import audit_record
from labourdesk.standards.models import (
    Coverage,
    Dataset,
    Instrument,
    MemberState,
    NationalLawLink,
    Ratification,
    RatificationChange,
    RatificationStatus,
    SupervisoryComment,
)

EARLIEST = datetime.date(1919, 1, 1)


class ImportRefused(Exception):
    """The file cannot be imported; `errors` lists (where, message), nothing was written."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("; ".join(f"{where}: {message}" for where, message in errors))


def check_date(value: datetime.date | None, where: str, errors: list) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        errors.append((where, _("the date %(date)s is in the future") % {"date": value}))
    elif value < EARLIEST:
        errors.append((where, _("the date %(date)s is before 1919") % {"date": value}))


@dataclass
class RatificationRow:
    where: str
    instrument: Instrument
    country: MemberState
    status: str
    registered_on: datetime.date | None = None
    registered_year: int | None = None
    entry_into_force_on: datetime.date | None = None
    denounced_on: datetime.date | None = None
    denounced_by: Instrument | None = None
    declarations: dict = field(default_factory=dict)
    note: str = ""
    source_url: str = ""
    source_as_of: str = ""

    def values(self) -> dict:
        """The comparable fields, as JSON (history and diff)."""
        return {
            "status": self.status,
            "registered_on": self.registered_on.isoformat() if self.registered_on else None,
            "registered_year": self.registered_year,
            "entry_into_force_on": (
                self.entry_into_force_on.isoformat() if self.entry_into_force_on else None
            ),
            "denounced_on": self.denounced_on.isoformat() if self.denounced_on else None,
            "denounced_by": self.denounced_by.code if self.denounced_by else None,
            "declarations": self.declarations,
            "note": self.note,
            "source_url": self.source_url,
            "source_as_of": self.source_as_of,
        }


def ratification_values(r: Ratification) -> dict:
    return {
        "status": r.status,
        "registered_on": r.registered_on.isoformat() if r.registered_on else None,
        "registered_year": r.registered_year,
        "entry_into_force_on": (
            r.entry_into_force_on.isoformat() if r.entry_into_force_on else None
        ),
        "denounced_on": r.denounced_on.isoformat() if r.denounced_on else None,
        "denounced_by": r.denounced_by.code if r.denounced_by_id else None,
        "declarations": r.declarations,
        "note": r.note,
        "source_url": r.source_url,
        "source_as_of": r.source_as_of,
    }


@dataclass
class CoverageSpec:
    instrument: Instrument | None
    country: MemberState | None
    extent: str
    known_total: int | None = None
    known_total_note: str = ""


@dataclass
class ParsedImport:
    kind: str
    name: str
    source: str
    file_name: str
    file_sha256: str
    rows: list[RatificationRow]
    coverage: list[CoverageSpec]
    source_url: str = ""
    as_of: datetime.date | None = None
    as_of_note: str = ""


@dataclass
class DiffEntry:
    kind: str  # RatificationChange.Kind
    instrument: str
    country: str
    before: dict | None
    after: dict | None


@dataclass
class ImportResult:
    entries: list[DiffEntry]
    dataset: Dataset | None
    committed: bool

    def count(self, kind: str) -> int:
        return sum(1 for e in self.entries if e.kind == kind)

    @property
    def summary(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in RatificationChange.Kind.values}


def _validate_rows(parsed: ParsedImport) -> None:
    errors: list[tuple[str, str]] = []
    seen: dict[tuple[int, int], str] = {}
    for row in parsed.rows:
        key = (row.country.pk, row.instrument.pk)
        if key in seen:
            errors.append(
                (
                    row.where,
                    _("%(instrument)s for %(country)s appears twice (also %(other)s)")
                    % {
                        "instrument": row.instrument.code,
                        "country": row.country.iso3,
                        "other": seen[key],
                    },
                )
            )
        seen[key] = row.where
        if row.instrument.type == Instrument.Type.RECOMMENDATION:
            errors.append(
                (
                    row.where,
                    _("%(code)s is a recommendation: recommendations are not ratified")
                    % {"code": row.instrument.code},
                )
            )
        if row.status not in RatificationStatus.values:
            errors.append((row.where, _("unknown status %(status)r") % {"status": row.status}))
        for value in (row.registered_on, row.denounced_on):
            check_date(value, row.where, errors)
        if row.registered_year is not None and not (
            1919 <= row.registered_year <= timezone.localdate().year
        ):
            errors.append(
                (
                    row.where,
                    _("the year %(year)s is outside 1919–today") % {"year": row.registered_year},
                )
            )
    if errors:
        raise ImportRefused(errors)


def _removal_scope(parsed: ParsedImport, existing: dict) -> list[tuple[int, int]]:
    """Existing ratifications inside the import's complete coverage that the file no longer
    lists: NORMLEX dropped them (removed). Partial coverage never removes anything."""
    complete = [c for c in parsed.coverage if c.extent == Coverage.Extent.COMPLETE]
    listed = {(r.country.pk, r.instrument.pk) for r in parsed.rows}
    removed = []
    for key, ratification in existing.items():
        if key in listed:
            continue
        for c in complete:
            if (c.instrument is None or c.instrument.pk == ratification.instrument_id) and (
                c.country is None or c.country.pk == ratification.country_id
            ):
                removed.append(key)
                break
    return removed


def _existing_in_scope(parsed: ParsedImport) -> dict[tuple[int, int], Ratification]:
    instruments = {r.instrument.pk for r in parsed.rows}
    countries = {r.country.pk for r in parsed.rows}
    qs = Ratification.objects.select_related("instrument", "country", "denounced_by")
    found: dict[tuple[int, int], Ratification] = {}
    for r in qs.filter(instrument_id__in=instruments, country_id__in=countries):
        found[(r.country_id, r.instrument_id)] = r
    for c in parsed.coverage:
        if c.extent != Coverage.Extent.COMPLETE:
            continue
        scoped = qs
        if c.instrument is not None:
            scoped = scoped.filter(instrument=c.instrument)
        if c.country is not None:
            scoped = scoped.filter(country=c.country)
        if c.instrument is None and c.country is None:
            continue  # never a blanket "everything" removal
        for r in scoped:
            found[(r.country_id, r.instrument_id)] = r
    return found


def ratifications_diff(parsed: ParsedImport) -> list[DiffEntry]:
    _validate_rows(parsed)
    existing = _existing_in_scope(parsed)
    entries: list[DiffEntry] = []
    for row in parsed.rows:
        current = existing.get((row.country.pk, row.instrument.pk))
        after = row.values()
        if current is None:
            entries.append(DiffEntry("new", row.instrument.code, row.country.iso3, None, after))
            continue
        before = ratification_values(current)
        if before == after:
            continue
        kind = (
            "denounced"
            if after["status"] == RatificationStatus.DENOUNCED
            and before["status"] != RatificationStatus.DENOUNCED
            else "changed"
        )
        entries.append(DiffEntry(kind, row.instrument.code, row.country.iso3, before, after))
    for key in _removal_scope(parsed, existing):
        r = existing[key]
        entries.append(
            DiffEntry("removed", r.instrument.code, r.country.iso3, ratification_values(r), None)
        )
    return entries


def _coverage_is_recorded(parsed: ParsedImport) -> bool:
    """The same file was imported before with the same coverage (a re-import)."""
    previous = Dataset.objects.filter(file_sha256=parsed.file_sha256, kind=parsed.kind).first()
    if previous is None:
        return False
    recorded = set(
        previous.coverage.values_list("instrument_id", "country_id", "extent", "known_total")
    )
    wanted = {
        (
            c.instrument.pk if c.instrument else None,
            c.country.pk if c.country else None,
            c.extent,
            c.known_total,
        )
        for c in parsed.coverage
    }
    return recorded == wanted


def ratifications_import(*, parsed: ParsedImport, actor=None, commit: bool) -> ImportResult:
    """Diff, and with `commit` apply, a parsed import: all or nothing.

    Raises `ImportRefused` with every row error; nothing is written then.
    """
    entries = ratifications_diff(parsed)
    if not commit or (not entries and _coverage_is_recorded(parsed)):
        return ImportResult(entries=entries, dataset=None, committed=False)
    with transaction.atomic():
        dataset = Dataset(
            name=parsed.name,
            kind=parsed.kind,
            source=parsed.source,
            source_url=parsed.source_url,
            as_of=parsed.as_of,
            as_of_note=parsed.as_of_note,
            file_name=parsed.file_name,
            file_sha256=parsed.file_sha256,
            imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        dataset.full_clean()
        dataset.save()
        for spec in parsed.coverage:
            coverage = Coverage(
                dataset=dataset,
                instrument=spec.instrument,
                country=spec.country,
                extent=spec.extent,
                known_total=spec.known_total,
                known_total_note=spec.known_total_note,
            )
            coverage.full_clean()
            coverage.save()
        rows = {(r.country.iso3, r.instrument.code): r for r in parsed.rows}
        for entry in entries:
            country = MemberState.objects.get(iso3=entry.country)
            instrument = Instrument.objects.get(code=entry.instrument)
            if entry.kind == "removed":
                Ratification.objects.filter(country=country, instrument=instrument).delete()
            else:
                row = rows[(entry.country, entry.instrument)]
                ratification = Ratification.objects.filter(
                    country=country, instrument=instrument
                ).first() or Ratification(country=country, instrument=instrument)
                for name in (
                    "status",
                    "registered_on",
                    "registered_year",
                    "entry_into_force_on",
                    "denounced_on",
                    "denounced_by",
                    "declarations",
                    "note",
                    "source_url",
                    "source_as_of",
                ):
                    setattr(ratification, name, getattr(row, name))
                ratification.dataset = dataset
                ratification.full_clean(validate_unique=False)
                ratification.save()
            RatificationChange.objects.create(
                country=country,
                instrument=instrument,
                dataset=dataset,
                kind=entry.kind,
                before=entry.before,
                after=entry.after,
            )
        result = ImportResult(entries=entries, dataset=dataset, committed=True)
        audit_record(
            actor=actor,
            action="standards.ratifications_import",
            target=dataset,
            details={"file": parsed.file_name, "sha256": parsed.file_sha256, **result.summary},
        )
    return result


# Supervisory comments and national-law links: plain CSV datasets, replaced per country.


@dataclass
class CommentRow:
    where: str
    country: MemberState
    instrument: Instrument
    year: int
    type: str
    url: str


@dataclass
class LawLinkRow:
    where: str
    country: MemberState
    title: str
    year: int | None
    subject: str
    url: str


def _dataset_for(*, kind: str, name: str, source: str, file_name: str, sha: str, actor):
    dataset = Dataset(
        name=name,
        kind=kind,
        source=source,
        file_name=file_name,
        file_sha256=sha,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    dataset.full_clean()
    dataset.save()
    return dataset


def _records_import(
    *, rows, kind, action, known, build, name, source, file_name, sha, actor
) -> dict[str, int]:
    """Add the records a CSV lists, skipping those `known(row)` says exist; all or nothing.
    The dataset is made only if something new comes in; one audit entry for the import."""
    with transaction.atomic():
        dataset = None
        created = 0
        for row in rows:
            if known(row):
                continue
            dataset = dataset or _dataset_for(
                kind=kind,
                name=name,
                source=source,
                file_name=file_name,
                sha=sha,
                actor=actor,
            )
            record = build(row, dataset)
            try:
                record.full_clean()
            except ValidationError as exc:
                raise ImportRefused([(row.where, "; ".join(exc.messages))]) from exc
            record.save()
            created += 1
        if dataset:
            audit_record(
                actor=actor,
                action=action,
                target=dataset,
                details={"file": file_name, "created": created},
            )
    return {"created": created, "unchanged": len(rows) - created}


def supervisory_comments_import(
    *, rows: list[CommentRow], name: str, source: str, file_name: str, sha: str, actor=None
) -> dict[str, int]:
    """Add the comments a CSV lists (a comment already known is left alone); all or nothing."""
    return _records_import(
        rows=rows,
        kind=Dataset.Kind.COMMENTS,
        action="standards.comments_import",
        known=lambda row: SupervisoryComment.objects.filter(
            country=row.country, instrument=row.instrument, year=row.year, type=row.type
        ).exists(),
        build=lambda row, dataset: SupervisoryComment(
            country=row.country,
            instrument=row.instrument,
            year=row.year,
            type=row.type,
            url=row.url,
            dataset=dataset,
        ),
        name=name,
        source=source,
        file_name=file_name,
        sha=sha,
        actor=actor,
    )


def national_law_links_import(
    *, rows: list[LawLinkRow], name: str, source: str, file_name: str, sha: str, actor=None
) -> dict[str, int]:
    """Add the law links a CSV lists (same country and address: left alone); all or nothing."""
    return _records_import(
        rows=rows,
        kind=Dataset.Kind.LAW_LINKS,
        action="standards.law_links_import",
        known=lambda row: NationalLawLink.objects.filter(country=row.country, url=row.url).exists(),
        build=lambda row, dataset: NationalLawLink(
            country=row.country,
            title=row.title,
            year=row.year,
            subject=row.subject,
            url=row.url,
            dataset=dataset,
        ),
        name=name,
        source=source,
        file_name=file_name,
        sha=sha,
        actor=actor,
    )
