"""The monthly roll-up follows every change of the cases, and free ranges bypass it."""

import pytest

from labourdesk.helpdesk.models import Sector
from labourdesk.reports.models import HistoricalBaseline, MonthlyCount
from labourdesk.reports.periods import from_dates, parse_period
from labourdesk.reports.rollup import ensure_rollup, rollup_invalidate
from labourdesk.reports.selectors import build_report
from labourdesk.reports.tests.factories import cell, make_case, zurich

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_baseline(reference_data):
    HistoricalBaseline.objects.all().delete()


def test_rebuilt_after_a_many_to_many_change_without_save(no_baseline):
    case = make_case(zurich(2024, 2, 29, 23, 59), sectors=["mining"])
    period = parse_period("2023-24")
    assert cell(build_report(period), "t4", "mining") == 1
    assert MonthlyCount.objects.filter(table="t4").exists()
    assert not ensure_rollup()  # nothing changed: no rebuild
    case.sectors.set(Sector.objects.filter(code="finance"))  # no Case.save()
    report = build_report(period)
    assert cell(report, "t4", "mining") == 0 and cell(report, "t4", "finance") == 1
    case.sectors.clear()
    assert cell(build_report(period), "t4", "finance") == 0


def test_rebuilt_after_admission_and_deletion(no_baseline):
    period = parse_period("2024-25")
    make_case(zurich(2023, 5, 1), user_type="ngo")  # the platform's first case
    case = make_case(zurich(2024, 3, 1, 0, 0), user_type="mne")
    assert cell(build_report(period), "t1", "mne") == 1
    case.delete()
    assert cell(build_report(period), "t1", "mne") == 0
    assert cell(build_report(period), "t1", "total", "cumulative") == 1


def test_reclassification_by_save_and_by_bulk_insert(no_baseline):
    from labourdesk.helpdesk.models import Case, UserType

    period = parse_period("2024-25")
    case = make_case(zurich(2024, 5, 1), user_type="ngo")
    assert cell(build_report(period), "t1", "ngo") == 1
    case.user_type = UserType.objects.get(code="mne")
    case.save(update_fields=["user_type"])
    assert cell(build_report(period), "t1", "mne") == 1
    case.status = Case.Status.CLOSED
    case.save(update_fields=["status"])
    assert not ensure_rollup()  # a status change does not touch the report
    Case.objects.bulk_create(
        [Case(admissible=True, admitted_at=zurich(2024, 6, 1), user_type=case.user_type)]
    )
    assert cell(build_report(period), "t1", "mne") == 2


def test_invalidate_forces_a_rebuild(no_baseline):
    make_case(zurich(2024, 5, 1), user_type="ngo")
    ensure_rollup()
    rollup_invalidate()
    assert ensure_rollup()


def test_free_ranges_bypass_the_rollup(no_baseline):
    make_case(zurich(2024, 5, 14, 23, 59), user_type="ngo")
    make_case(zurich(2024, 5, 15, 0, 0), user_type="ngo")
    r = build_report(from_dates("2024-05-01", "2024-05-14"))
    assert cell(r, "t1", "ngo") == 1
    assert cell(r, "t1", "ngo", "cumulative") == 1


def _ids_by_month():
    return {
        m: set(MonthlyCount.objects.filter(month=m).values_list("id", flat=True))
        for m in MonthlyCount.objects.values_list("month", flat=True).distinct()
    }


def test_one_change_is_applied_as_a_delta(no_baseline):
    import datetime as dt

    from labourdesk.helpdesk.models import Case
    from labourdesk.reports.models import RollupDelta

    make_case(zurich(2023, 4, 1), user_type="ngo", sectors=["mining"])
    case = make_case(zurich(2024, 5, 1), user_type="ngo", sectors=["mining"])
    make_case(zurich(2025, 1, 10), user_type="mne")
    period = parse_period("2024-25")
    assert cell(build_report(period), "t1", "ngo") == 1
    before = _ids_by_month()
    mining = Sector.objects.get(code="mining").pk
    ngo = case.user_type_id
    # Move the case from May to July 2024: -1 in May and +1 in July for each of its counts.
    case.admitted_at = zurich(2024, 7, 15)
    case.save()
    may, july = dt.date(2024, 5, 1), dt.date(2024, 7, 1)
    recorded = {(d.table, d.term_id, d.month): d.delta for d in RollupDelta.objects.all()}
    assert recorded == {
        ("t0", 0, may): -1,
        ("t1", ngo, may): -1,
        ("t4", mining, may): -1,
        ("t0", 0, july): 1,
        ("t1", ngo, july): 1,
        ("t4", mining, july): 1,
    }
    assert ensure_rollup()
    after = _ids_by_month()
    for month in (dt.date(2023, 4, 1), dt.date(2025, 1, 1)):
        assert after[month] == before[month]  # untouched rows: not rebuilt
    assert may not in after  # its counts fell to zero: no row, as a full rebuild
    assert not RollupDelta.objects.exists()
    report = build_report(period)
    assert cell(report, "t1", "ngo") == 1 and cell(report, "t4", "mining") == 1
    # A reverse many-to-many change (from the sector's side) is recorded too.
    Sector.objects.get(code="finance").cases.add(case)
    assert cell(build_report(period), "t4", "finance") == 1
    assert ensure_rollup() is False
    # The old state comes from the database: a stale instance saved again changes nothing
    # it did not write.
    stale = Case.objects.get(pk=case.pk)
    case.user_type = None
    case.save(update_fields=["user_type"])
    stale.save(update_fields=["admitted_at"])
    report = build_report(period)
    assert cell(report, "t1", "ngo") == 0 and cell(report, "t1", "total") == 2


def test_deltas_that_disagree_with_the_rollup_force_a_full_rebuild(no_baseline):
    import datetime as dt

    from labourdesk.reports.models import RollupDelta

    make_case(zurich(2024, 5, 1), user_type="ngo")
    period = parse_period("2024-25")
    assert cell(build_report(period), "t1", "total") == 1
    # A delta that would take a count below zero (as if a change had been recorded twice).
    RollupDelta.objects.create(table="t0", term_id=0, month=dt.date(2024, 5, 1), delta=-2)
    assert cell(build_report(period), "t1", "total") == 1


def test_answered_counts_what_it_says(no_baseline):
    from django.utils import timezone

    period = parse_period("2024-25")
    answered = make_case(zurich(2024, 5, 1))
    make_case(zurich(2024, 6, 1))
    make_case(None, admissible=False)
    answered.first_answer_at = timezone.now()
    answered.save(update_fields=["first_answer_at"])
    for engine in ("auto", "sql"):
        figures = {n.key: n for n in build_report(period, engine=engine).narrative}
        assert figures["admissible_requests_this_period"].value == 2
        assert (
            "received 2 admissible requests" in figures["admissible_requests_this_period"].sentence
        )
        assert figures["answered_requests_this_period"].value == 1
        assert "1 of them has been answered" in figures["answered_requests_this_period"].sentence
