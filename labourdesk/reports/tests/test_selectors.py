"""Counting rules, period boundaries in Geneva time, reclassification, cumulative totals."""

import pytest

from labourdesk.reports.models import HistoricalBaseline
from labourdesk.reports.periods import from_dates, parse_period
from labourdesk.reports.selectors import build_report, cell_cases
from labourdesk.reports.tests.factories import cell, make_case, zurich

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_baseline(reference_data):
    HistoricalBaseline.objects.all().delete()


def test_counting_rules(no_baseline):
    period = zurich(2023, 5, 1, 10)
    make_case(
        period,
        user_type="mne",
        user_region="africa",
        regions=["africa", "east_asia"],
        sectors=["mining", "agriculture"],
        topics=["osh", "wages", "child_labour"],
    )
    make_case(period, user_type="mne", sectors=["mining"], topics=["osh"])
    make_case(None, admissible=False)  # inadmissible: never counted
    make_case(None, admissible=None)  # not yet triaged
    report = build_report(parse_period("2023-24"))
    assert cell(report, "t1", "total") == 2
    assert cell(report, "t1", "mne") == 2
    assert cell(report, "t2", "africa") == 1
    assert cell(report, "t3", "africa") == 1 and cell(report, "t3", "east_asia") == 1
    assert cell(report, "t4", "mining") == 2 and cell(report, "t4", "agriculture") == 1
    assert sum(r.cells["period"].value for r in report.table("t5").rows) == 4  # > TOTAL 2
    assert cell(report, "t5", "total") == 2
    assert cell(report, "t4", "total", "cumulative") == 2
    assert not report.table("t4").has_baseline


@pytest.mark.parametrize(
    "moment,expected",
    [
        (zurich(2024, 2, 29, 23, 59), "2023-24"),
        (zurich(2024, 2, 29, 23, 59, 59, 999999), "2023-24"),
        (zurich(2024, 3, 1, 0, 0), "2024-25"),
        (zurich(2023, 2, 28, 23, 59), "2022-23"),
        (zurich(2023, 3, 1, 0, 0), "2023-24"),
        (zurich(2025, 2, 28, 23, 59), "2024-25"),
        (zurich(2025, 3, 1, 0, 0), "2025-26"),
    ],
)
def test_period_boundaries_geneva_time(no_baseline, moment, expected):
    make_case(moment, user_type="ngo", sectors=["finance"])
    for code in ("2022-23", "2023-24", "2024-25", "2025-26"):
        report = build_report(parse_period(code))
        # Before the first case the platform has no data (not zero); after it, zero is zero.
        want = 1 if code == expected else (None if code < expected else 0)
        assert cell(report, "t1", "ngo") == want, code
        assert cell(report, "t4", "finance") == want, code


def test_previous_column_on_table_4_by_default_and_optionally_elsewhere(no_baseline):
    make_case(zurich(2023, 6, 1), sectors=["ict"], user_type="sme")
    make_case(zurich(2024, 6, 1), sectors=["ict"], user_type="sme")
    report = build_report(parse_period("2024-25"))
    assert [c.key for c in report.table("t4").columns] == ["previous", "period", "cumulative"]
    assert [c.key for c in report.table("t1").columns] == ["period", "cumulative"]
    assert cell(report, "t4", "ict", "previous") == 1
    assert cell(report, "t4", "ict", "cumulative") == 2
    everywhere = build_report(parse_period("2024-25"), previous=True)
    assert cell(everywhere, "t1", "sme", "previous") == 1
    only_t2 = build_report(parse_period("2024-25"), previous={"t2"})
    assert only_t2.table("t2").columns[0].key == "previous"
    assert only_t2.table("t4").columns[0].key == "period"


def test_case_reclassified_after_the_period_closes(no_baseline):
    case = make_case(zurich(2023, 9, 1), user_type="ngo", sectors=["agriculture"])
    before = build_report(parse_period("2023-24"))
    assert cell(before, "t4", "agriculture") == 1
    # In April 2024, after 2023-24 closed, the manager reclassifies the case.
    case.sectors.set(case.sectors.model.objects.filter(code__in=["mining", "finance"]))
    case.user_type = case.user_type.__class__.objects.get(code="mne")
    case.save()
    after = build_report(parse_period("2023-24"))
    # It stays in the period of its admission, with its current classification, counted once.
    assert cell(after, "t4", "agriculture") == 0
    assert cell(after, "t4", "mining") == 1 and cell(after, "t4", "finance") == 1
    assert cell(after, "t1", "ngo") == 0 and cell(after, "t1", "mne") == 1
    assert cell(after, "t4", "total") == 1
    assert cell(build_report(parse_period("2024-25")), "t4", "mining") == 0
    assert cell(build_report(parse_period("2024-25")), "t4", "mining", "cumulative") == 1


def test_cumulative_is_baseline_plus_cases_after_it(reference_data):
    make_case(zurich(2023, 3, 1, 0, 0), user_type="mne", sectors=["agriculture"])
    make_case(zurich(2024, 3, 1, 0, 0), user_type="mne", sectors=["agriculture"])
    # Inside the baseline's period: the published figures stand; such a case is not added.
    make_case(zurich(2022, 6, 1), user_type="mne", sectors=["agriculture"])
    r = build_report(parse_period("2023-24"))
    assert cell(r, "t1", "mne") == 1
    assert cell(r, "t1", "mne", "cumulative") == 1091 + 1
    assert cell(r, "t1", "total", "cumulative") == 1695 + 1
    assert cell(r, "t4", "agriculture", "previous") == 11  # 2022-23 as published
    r = build_report(parse_period("2024-25"))
    assert cell(r, "t4", "agriculture", "cumulative") == 127 + 2
    assert r.table("t4").total.cells["cumulative"].from_baseline
    assert not r.table("t4").total.cells["period"].from_baseline
    # A General row of table 5 has no published cumulative figure: it stays unknown.
    assert cell(r, "t5", "respect_national_law", "cumulative") is None
    assert cell(build_report(parse_period("2022-23")), "t1", "mne") == 93
    # Before the baseline only published figures exist: the rest is unknown, never invented.
    old = build_report(parse_period("2019-20"))
    assert cell(old, "t1", "mne") is None
    assert cell(old, "t1", "mne", "cumulative") is None
    assert [p.value for p in r.per_year][-4:] == [157, 137, 1, 1]
    assert r.per_year[0].value is None


def test_narrative_from_counted_cases(reference_data):
    for _ in range(3):
        make_case(zurich(2023, 4, 1), user_type="mne")
    make_case(zurich(2023, 4, 1), user_type="ngo")
    for _ in range(2):
        make_case(zurich(2024, 4, 1), user_type="mne")
    figures = {n.key: n for n in build_report(parse_period("2024-25")).narrative}
    assert figures["answered_since_2009"].value == 1695 + 6
    assert figures["admissible_requests_this_period"].value == 2
    assert figures["change_vs_previous_period_pct"].value == -50
    assert "50% less" in figures["change_vs_previous_period_pct"].sentence
    # 1701 over 16 reference periods (2009-10 to 2024-25).
    assert figures["annual_average_since_creation"].value == round(1701 / 16)
    assert figures["mne_questions_this_period"].value == 2
    assert not figures["admissible_requests_this_period"].from_baseline


def test_date_range(no_baseline):
    make_case(zurich(2023, 4, 30, 23, 59), user_type="ngo")
    make_case(zurich(2023, 5, 1, 0, 0), user_type="ngo")
    r = build_report(from_dates("2023-04-01", "2023-04-30"))
    assert cell(r, "t1", "ngo") == 1
    assert cell(r, "t1", "ngo", "cumulative") == 1


def test_drill_down_lists_the_cases_of_a_cell(reference_data, make_user):
    a = make_case(zurich(2023, 5, 1), sectors=["mining", "finance"])
    make_case(zurich(2023, 5, 1), sectors=["finance"])
    make_case(zurich(2024, 5, 1), sectors=["mining"])
    user = make_user("administrator")
    cases, _source = cell_cases(
        user=user, period=parse_period("2023-24"), table="t4", row="mining", column="period"
    )
    assert list(cases) == [a]
    cases, _source = cell_cases(
        user=user, period=parse_period("2023-24"), table="t4", row="total", column="period"
    )
    assert cases.count() == 2
    cases, source = cell_cases(
        user=user, period=parse_period("2024-25"), table="t4", row="mining", column="cumulative"
    )
    assert cases.count() == 2 and source.baseline is not None
