"""Suppression by difference across public answers: whatever two public answers a reader puts
side by side, the factories counted in one and not the other are none or at least five.

The attack is written apart from the production audit: for every public answer (every set of
countries, industry, calendar year or none, cycle or none; compliance-point tables and trends)
it works out from the generated export itself which factory's assessment each published cell
adds up, then differences every published cell against every other one on the same compliance
point."""

import datetime
import itertools
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourdesk.compliance import statistics as stats
from labourdesk.compliance.importers.assessments import import_assessments
from labourdesk.compliance.importers.synthetic import export_row, write_export
from labourdesk.compliance.models import Factory
from labourdesk.standards.models import MemberState

COUNTRIES = {"Viet Nam": "VNM", "Indonesia": "IDN"}
POINTS = [("Compensation", "Overtime Wages"), ("Child Labour", "Child Labourers")]
YEARS = (2021, 2022)
INDUSTRIES = ("apparel", "footwear")


@st.composite
def worlds(draw):
    """Factories in two countries and two industries, one to three cycles a year or so apart
    (sometimes two in one year), each assessment on the first compliance point and sometimes
    on the second."""
    factories = []
    for f in range(draw(st.integers(1, 16))):
        country = draw(st.sampled_from(sorted(COUNTRIES)))
        industry = draw(st.sampled_from(INDUSTRIES))
        day = datetime.date(2020, 6, 1) + datetime.timedelta(days=draw(st.integers(0, 400)))
        assessments = []
        for cycle in range(1, draw(st.integers(1, 3)) + 1):
            points = [POINTS[0]] + ([POINTS[1]] if draw(st.booleans()) else [])
            findings = [draw(st.sampled_from("01")) for _p in points]
            assessments.append((cycle, day, list(zip(points, findings, strict=True))))
            day += datetime.timedelta(days=draw(st.integers(100, 500)))
        factories.append((f, country, industry, assessments))
    return factories


def _rows(world):
    rows = []
    for f, country, _industry, assessments in world:
        for cycle, day, findings in assessments:
            for q, ((cluster, cp), finding) in enumerate(findings):
                rows.append(
                    export_row(
                        country,
                        f"F{f}",
                        f"Factory {f}",
                        f"A{f}-{cycle}",
                        cycle,
                        day,
                        cluster,
                        cp,
                        f"Q{q}",
                        f"Question {q}",
                        "NCQ",
                        finding,
                    )
                )
    return rows


def _load(world):
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(Path(folder) / "export.csv", _rows(world))
        import_assessments(actor=None, source=path, file_name=path.name)
    for f, _country, industry, _a in world:
        Factory.objects.filter(external_id=f"F{f}").update(industry=industry)


def _units(world, countries, industry, year, cycle, point, trend=None):
    """The (factory, cycle) units a published cell adds up, from the world itself: each
    factory's latest assessment in the year and cycle (tables), or, for a trend panel
    (cycle c, cell cycle k), the cycle-k assessment of each factory whose cycle c is in the
    year. Only assessments on `point` count."""
    units = set()
    for f, country, f_industry, assessments in world:
        if COUNTRIES[country] not in countries or (industry and f_industry != industry):
            continue
        on_point = {c: d for c, d, findings in assessments if any(p == point for p, _ in findings)}
        if trend is None:
            chosen = [
                (d, c)
                for c, d, _findings in assessments
                if (year is None or d.year == year) and (cycle is None or c == cycle)
            ]
            if chosen:
                _d, c = max(chosen)
                if c in on_point:
                    units.add((f, c))
        else:
            panel, k = trend
            reached = [d for c, d, _f in assessments if c == panel]
            if reached and (year is None or reached[0].year == year) and k in on_point:
                units.add((f, k))
    return frozenset(units)


def _published_cells(world):
    """Every public (non-suppressed) cell of every public answer: (compliance point, units)."""
    codes = sorted(COUNTRIES.values())
    ids = dict(MemberState.objects.filter(iso3__in=codes).values_list("iso3", "pk"))
    cells = []
    for n in (0, 1, 2):
        for chosen in itertools.combinations(codes, n):
            for industry, year, cycle in itertools.product(
                ("", *INDUSTRIES), (None, *YEARS), (None, 1, 2, 3)
            ):
                slice_ = stats.Slice(
                    countries=tuple(ids[c] for c in chosen),
                    industry=industry,
                    date_from=datetime.date(year, 1, 1) if year else None,
                    date_to=datetime.date(year, 12, 31) if year else None,
                    cycle=cycle,
                )
                for kind in ("compliance_points", "trends"):
                    if kind == "trends" and cycle is None:
                        continue  # the default panel is one of the cycles asked anyway
                    answer = stats.published_table(kind, slice_, None)
                    for row in answer["rows"]:
                        if row["suppressed"]:
                            continue
                        point = next(p for p in POINTS if p[1] == row["compliance_point_label"])
                        countries = {row["country"]} if row["country"] else set(chosen or codes)
                        trend = (answer["cycle"], row["cycle"]) if kind == "trends" else None
                        units = _units(world, countries, industry, year, cycle, point, trend)
                        # The cell's own count is the world's: the attack reads the right units.
                        assert row["factories"] == len(units), (slice_, kind, row)
                        cells.append((point, units))
    return cells


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_no_two_public_answers_difference_to_fewer_than_five_factories(reference_data, world):
    with transaction.atomic():
        _load(world)
        cells = _published_cells(world)
        distinct = {(point, units) for point, units in cells}
        for point, units in distinct:
            assert len(units) >= stats.MIN_FACTORIES, (point, sorted(units))
        for (p1, u1), (p2, u2) in itertools.combinations(distinct, 2):
            if p1 != p2:
                continue
            factories = {f for f, _c in u1 ^ u2}
            assert not factories or len(factories) >= stats.MIN_FACTORIES, (
                p1,
                sorted(u1),
                sorted(u2),
            )
        transaction.set_rollback(True)


def _big_world():
    """Seven apparel factories in Viet Nam, assessed in 2021 and 2022, and one footwear
    factory: Viet Nam all industries minus Viet Nam apparel would be that one factory."""
    world = [
        (
            f,
            "Viet Nam",
            "apparel",
            [
                (1, datetime.date(2021, 3, 1 + f), [(POINTS[0], "1")]),
                (2, datetime.date(2022, 3, 1 + f), [(POINTS[0], str(f % 2))]),
            ],
        )
        for f in range(7)
    ]
    world.append((7, "Viet Nam", "footwear", [(1, datetime.date(2021, 5, 5), [(POINTS[0], "1")])]))
    return world


def _rows_of(answer):
    return [r for r in answer["rows"] if r["compliance_point"]]


@pytest.mark.django_db
def test_a_country_minus_its_industry_and_a_year_minus_all_years_stay_closed(reference_data):
    _load(_big_world())
    vnm = (MemberState.objects.get(iso3="VNM").pk,)
    every = _rows_of(stats.published_table("compliance_points", stats.Slice(countries=vnm), None))
    apparel = _rows_of(
        stats.published_table(
            "compliance_points", stats.Slice(countries=vnm, industry="apparel"), None
        )
    )
    # Apparel alone (7) is public; all industries (8) would leave the footwear factory.
    assert [r["factories"] for r in apparel] == [7]
    assert [r["suppressed"] for r in every] == [True]
    # 2021: 8 factories (7 apparel, 1 footwear) — all years: the apparel ones at 2022 and the
    # footwear one at 2021; apparel 2021 against apparel all years: 7 differ, both public.
    year = stats.Slice(
        countries=vnm,
        industry="apparel",
        date_from=datetime.date(2021, 1, 1),
        date_to=datetime.date(2021, 12, 31),
    )
    assert [
        r["factories"] for r in _rows_of(stats.published_table("compliance_points", year, None))
    ] == [7]


@pytest.mark.django_db
def test_public_windows_are_whole_calendar_years(reference_data):
    _load(_big_world())
    vnm = (MemberState.objects.get(iso3="VNM").pk,)

    def answer(start, end):
        return stats.published_table(
            "compliance_points",
            stats.Slice(countries=vnm, industry="apparel", date_from=start, date_to=end),
            None,
        )

    # A window one day longer than another answers the same figures: both are the year.
    short = answer(datetime.date(2021, 3, 1), datetime.date(2021, 3, 3))
    longer = answer(datetime.date(2021, 3, 1), datetime.date(2021, 3, 4))
    assert short["rows"] == longer["rows"]
    assert short["window"] == {"from": "2021-01-01", "to": "2021-12-31"}
    assert [r["factories"] for r in short["rows"]] == [7]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        answer(datetime.date(2021, 1, 1), datetime.date(2022, 12, 31))
    assert "calendar year" in str(error.value.message_dict["to"])
    with pytest.raises(ValidationError) as error:
        answer(datetime.date(2021, 1, 1), None)
    assert "calendar year" in str(error.value.message_dict["to"])
