import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from labourdesk.reports.periods import (
    current_period,
    from_dates,
    parse_period,
    period_containing,
    reference_period,
    reference_periods_until,
    resolve_period,
)
from labourdesk.reports.tests.factories import zurich


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_reference_period_runs_from_1_march_to_end_of_february():
    p = parse_period("2022-23")
    assert (p.start, p.last_day, p.end) == (
        dt.date(2022, 3, 1),
        dt.date(2023, 2, 28),
        dt.date(2023, 3, 1),
    )
    assert p.start_at == zurich(2022, 3, 1)
    assert p.start_at.utcoffset() == dt.timedelta(hours=1)


def test_leap_year_period_ends_on_29_february():
    p = parse_period("2023-24")
    assert p.last_day == dt.date(2024, 2, 29)
    assert period_containing(zurich(2024, 2, 29, 23, 59)).code == "2023-24"
    assert period_containing(zurich(2024, 3, 1, 0, 0)).code == "2024-25"
    # 23:30 UTC on 29 February is already 1 March in Geneva.
    assert period_containing(dt.datetime(2024, 2, 29, 23, 30, tzinfo=dt.UTC)).code == "2024-25"


def test_century_wrap():
    assert reference_period(2099).code == "2099-00"
    assert reference_period(2099).end == dt.date(2100, 3, 1)


@pytest.mark.parametrize("value", ["2099-00", "2999-00", "9998-99"])
def test_a_period_that_has_not_begun_is_refused(value):
    with pytest.raises(ValidationError, match="has not begun"):
        parse_period(value)


def test_the_period_in_progress_is_accepted():
    assert parse_period(current_period().code) == current_period()


@pytest.mark.parametrize(
    "start,end,fragment",
    [
        ("2023-01-01", "9999-12-31", "after the end of the reference period in progress"),
        ("2999-01-01", "2999-02-01", "in the future"),
        ("2023-02-30", "2023-03-01", "YYYY-MM-DD"),
    ],
)
def test_impossible_date_ranges(start, end, fragment):
    with pytest.raises(ValidationError, match=fragment):
        from_dates(start, end)


@pytest.mark.parametrize(
    "value,fragment",
    [
        ("2022-24", "2022-23"),
        ("abcd", "expected YYYY-YY"),
        ("2022/23", "expected YYYY-YY"),
        ("", "expected YYYY-YY"),
        ("2007-08", "March 2009"),
        ("22-23", "expected YYYY-YY"),
    ],
)
def test_bad_periods_are_refused_with_a_clear_message(value, fragment):
    with pytest.raises(ValidationError) as exc:
        parse_period(value)
    assert fragment in exc.value.messages[0]


def test_date_ranges():
    assert from_dates("2022-03-01", "2023-02-28").code == "2022-23"
    free = from_dates("2023-04-01", "2023-06-30")
    assert not free.is_reference
    assert free.previous() == from_dates("2022-04-01", "2022-06-30")
    with pytest.raises(ValidationError, match="before the start"):
        from_dates("2023-06-30", "2023-04-01")
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        from_dates("2023-02-30", "2023-04-01")
    with pytest.raises(ValidationError, match="both"):
        resolve_period(start="2023-01-01")


def test_years_since_2009():
    years = reference_periods_until(parse_period("2022-23"))
    assert [years[0].code, years[-1].code, len(years)] == ["2009-10", "2022-23", 14]
