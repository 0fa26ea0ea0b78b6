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
    case = make_case(zurich(2024, 3, 1, 0, 0), user_type="mne")
    assert cell(build_report(period), "t1", "mne") == 1
    case.delete()
    assert cell(build_report(period), "t1", "mne") == 0
    assert cell(build_report(period), "t1", "total", "cumulative") == 0


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
