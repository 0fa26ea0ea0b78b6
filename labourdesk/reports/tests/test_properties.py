"""Property-based: for random sets of cases, every table equals a plain-Python count.

The oracle below knows nothing of the engine: it walks the cases in memory. Each hypothesis
example runs inside the test's transaction and is rolled back (hypothesis.extra.django.TestCase).
"""

import datetime as dt

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from labourdesk.helpdesk.models import Case, Region, Sector, Topic, UserType
from labourdesk.reports.models import HistoricalBaseline
from labourdesk.reports.periods import parse_period, period_containing
from labourdesk.reports.selectors import build_report
from labourdesk.reports.tables import TABLES
from labourdesk.reports.tests.factories import zurich

# Moments around the boundaries of 2024-25 (and its neighbours), in Geneva time.
EDGES = [
    zurich(2023, 3, 1, 0, 0),
    zurich(2024, 2, 29, 23, 59),
    zurich(2024, 3, 1, 0, 0),
    zurich(2025, 2, 28, 23, 59),
    zurich(2025, 3, 1, 0, 0),
    zurich(2026, 2, 28, 23, 59),
]
moments = st.one_of(
    st.sampled_from(EDGES),
    st.datetimes(min_value=dt.datetime(2023, 3, 1, 0, 0), max_value=dt.datetime(2026, 2, 28)).map(
        lambda d: d.replace(tzinfo=EDGES[0].tzinfo)
    ),
)
USER_TYPES = ["mne", "ngo", "sme", "unknown"]
REGIONS = ["africa", "east_asia", "western_europe", "international"]
CONCERNED = ["africa", "east_asia", "global_unspecified"]
SECTORS = ["agriculture", "mining", "finance", "unspecified"]
TOPICS = ["osh", "wages", "child_labour", "respect_national_law"]

cases = st.lists(
    st.fixed_dictionaries(
        {
            "admissible": st.sampled_from([True, True, True, False, None]),
            "at": moments,
            "user_type": st.none() | st.sampled_from(USER_TYPES),
            "user_region": st.none() | st.sampled_from(REGIONS),
            "t3": st.sets(st.sampled_from(CONCERNED), max_size=3),
            "t4": st.sets(st.sampled_from(SECTORS), max_size=3),
            "t5": st.sets(st.sampled_from(TOPICS), max_size=4),
        }
    ),
    max_size=25,
)


def _create(specs) -> None:
    types = {t.code: t for t in UserType.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    sectors = {s.code: s for s in Sector.objects.all()}
    topics = {t.code: t for t in Topic.objects.all()}
    for spec in specs:
        ok = spec["admissible"] is True
        case = Case.objects.create(
            admissible=spec["admissible"],
            inadmissible_reason="spam" if spec["admissible"] is False else "",
            admitted_at=spec["at"] if ok else None,
            user_type=types.get(spec["user_type"]),
            user_region=regions.get(spec["user_region"]),
        )
        case.regions_concerned.set([regions[c] for c in spec["t3"]])
        case.sectors.set([sectors[c] for c in spec["t4"]])
        case.topics.set([topics[c] for c in spec["t5"]])


def _terms(spec, table: str) -> set[str]:
    if table == "t1":
        return {spec["user_type"]} - {None}
    if table == "t2":
        return {spec["user_region"]} - {None}
    return set(spec[table])


def _oracle(specs, start: dt.datetime, end: dt.datetime, table: str, code: str | None) -> int:
    return sum(
        1
        for s in specs
        if s["admissible"] is True
        and start <= s["at"] < end
        and (code is None or code in _terms(s, table))
    )


def _no_data(specs, end: dt.datetime, column: str, baseline) -> bool:
    """The platform has no data before the reference period of its first admissible case; a
    cumulative total after a baseline is not known when a period between them has no data."""
    admitted = [s["at"] for s in specs if s["admissible"] is True]
    if not admitted:
        return True
    start = period_containing(min(admitted)).start_at
    if column == "cumulative" and baseline is not None:
        return start > zurich(2023, 3, 1)
    return end <= start


class ReportMatchesPlainPython(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_reference_data", verbosity=0)

    def _check(self, specs, *, baseline: HistoricalBaseline | None):
        # Both engines: the monthly roll-up (rebuilt for these cases) and plain SQL.
        for engine in ("auto", "sql"):
            self._check_engine(specs, baseline=baseline, engine=engine)

    def _check_engine(self, specs, *, baseline: HistoricalBaseline | None, engine: str):
        period = parse_period("2024-25")
        report = build_report(period, previous=True, engine=engine)
        windows = {
            "period": (period.start_at, period.end_at),
            "previous": (period.previous().start_at, period.previous().end_at),
            "cumulative": (
                zurich(2023, 3, 1) if baseline else zurich(2009, 3, 1),
                period.end_at,
            ),
        }
        for spec in TABLES:
            table = report.table(spec.key)
            for row in [*table.rows, table.total]:
                code = None if row.is_total else row.code
                for column, (lo, hi) in windows.items():
                    expected = _oracle(specs, lo, hi, spec.key, code)
                    if _no_data(specs, hi, column, baseline):
                        expected = None
                    elif column == "cumulative" and baseline is not None:
                        figure = baseline.figures.filter(table=spec.key, row_code=row.code).first()
                        published = (
                            baseline.total_cumulative
                            if row.is_total and not (figure and figure.cumulative)
                            else (figure.cumulative if figure else None)
                        )
                        expected = None if published is None else published + expected
                    assert row.cells[column].value == expected, (
                        engine,
                        spec.key,
                        row.code,
                        column,
                    )

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cases)
    def test_without_baseline(self, specs):
        HistoricalBaseline.objects.all().delete()
        _create(specs)
        self._check(specs, baseline=None)

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(cases)
    def test_with_the_published_baseline(self, specs):
        _create(specs)
        self._check(specs, baseline=HistoricalBaseline.objects.get())
