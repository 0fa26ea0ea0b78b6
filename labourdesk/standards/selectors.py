"""Reads of the standards database, and the coverage rule every page, API answer and export
follows: "not ratified" only where a dataset covers the instrument for the country completely;
elsewhere "no data", naming the sources that cover it partly."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from labourdesk.standards.models import (
    Coverage,
    Dataset,
    Instrument,
    MemberState,
    Ratification,
    RatificationStatus,
)

RATIFIED = "ratified"
NOT_RATIFIED = "not_ratified"
NO_DATA = "no_data"

# Statuses that count as "ratified" in the profile's counts (a denounced ratification does not).
COUNTED = (
    RatificationStatus.IN_FORCE,
    RatificationStatus.NOT_IN_FORCE,
    RatificationStatus.TEMPORARY,
    RatificationStatus.RATIFIED,
)


class CoverageIndex:
    """All coverage declarations, read once (a page asks about hundreds of cells)."""

    def __init__(self) -> None:
        self.complete: set[tuple[int | None, int | None]] = set()
        self.by_instrument: dict[int | None, list[Coverage]] = defaultdict(list)
        for c in Coverage.objects.select_related("dataset"):
            if c.extent == Coverage.Extent.COMPLETE:
                self.complete.add((c.instrument_id, c.country_id))
            self.by_instrument[c.instrument_id].append(c)

    def is_complete(self, instrument_id: int, country_id: int) -> bool:
        return any(
            key in self.complete
            for key in (
                (instrument_id, country_id),
                (instrument_id, None),
                (None, country_id),
            )
        )

    def extent(self, instrument_id: int) -> str | None:
        """complete / partial / None for an instrument over all countries."""
        if (instrument_id, None) in self.complete:
            return Coverage.Extent.COMPLETE
        rows = self.by_instrument.get(instrument_id, [])
        return Coverage.Extent.PARTIAL if rows else None

    def coverage_rows(self, instrument_id: int) -> list[Coverage]:
        return self.by_instrument.get(instrument_id, [])

    def datasets(self, instrument_id: int) -> list[Dataset]:
        seen: dict[int, Dataset] = {}
        for c in self.by_instrument.get(instrument_id, []) + self.by_instrument.get(None, []):
            seen.setdefault(c.dataset_id, c.dataset)
        return list(seen.values())

    def state(self, instrument_id: int, country_id: int, ratification) -> str:
        if ratification is not None:
            return RATIFIED
        if self.is_complete(instrument_id, country_id):
            return NOT_RATIFIED
        return NO_DATA


def instrument_list(*, user, filters: dict | None = None):
    qs = Instrument.objects.restrict(user, "view").prefetch_related("subjects")
    return qs.annotate(
        ratification_count=Count(
            "ratifications", filter=Q(ratifications__status__in=COUNTED), distinct=True
        )
    )


def ratifications_of(instrument: Instrument):
    return (
        Ratification.objects.filter(instrument=instrument)
        .select_related("country", "dataset", "denounced_by")
        .order_by("country__name")
    )


def ratifications_over_time(ratifications) -> tuple[list[tuple[int, int]], int]:
    """Cumulative count of ratifications by year of registration; and how many have no year.
    Denounced ratifications count from their registration (they were ratifications then)."""
    years: dict[int, int] = defaultdict(int)
    undated = 0
    for r in ratifications:
        if r.year:
            years[r.year] += 1
        else:
            undated += 1
    total = 0
    series = []
    for year in sorted(years):
        total += years[year]
        series.append((year, total))
    return series, undated


@dataclass
class ProfileCell:
    instrument: Instrument
    ratification: Ratification | None
    state: str


def country_cells(country: MemberState, instruments, index: CoverageIndex) -> list[ProfileCell]:
    ratifications = {
        r.instrument_id: r
        for r in Ratification.objects.filter(country=country).select_related(
            "dataset", "denounced_by"
        )
    }
    return [
        ProfileCell(
            i, ratifications.get(i.pk), index.state(i.pk, country.pk, ratifications.get(i.pk))
        )
        for i in instruments
    ]


def category_summary(cells: list[ProfileCell]) -> dict:
    return {
        "total": len(cells),
        "ratified": sum(
            1 for c in cells if c.ratification is not None and c.ratification.status in COUNTED
        ),
        "denounced": sum(
            1
            for c in cells
            if c.ratification is not None and c.ratification.status == RatificationStatus.DENOUNCED
        ),
        "not_ratified": sum(1 for c in cells if c.state == NOT_RATIFIED),
        "no_data": sum(1 for c in cells if c.state == NO_DATA),
    }


def ratifiable_instruments():
    """Conventions and protocols, the instruments that are ratified."""
    return Instrument.objects.exclude(type=Instrument.Type.RECOMMENDATION).order_by(
        "type", "number"
    )


def last_modified():
    """When the standards data last changed: the newest dataset import (the catalogue changes
    only with a release, which also changes the ETag)."""
    return Dataset.objects.aggregate(at=Max("imported_at"))["at"]


def ratification_counts() -> dict[int, int]:
    """Ratifications (not denounced) per member state, as far as the loaded data goes."""
    rows = (
        Ratification.objects.filter(status__in=COUNTED).values("country_id").annotate(n=Count("id"))
    )
    return {r["country_id"]: r["n"] for r in rows}
