"""Reference periods: 1 March 00:00 to the end of February, in the Helpdesk's time zone.

`2022-23` runs from 1 March 2022 00:00 to 1 March 2023 00:00 (exclusive) in Europe/Zurich
(settings.TIME_ZONE), so 29 February of a leap year belongs to the period that began the March
before. Any date range is also a period (`from_dates`), inclusive of both days.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The Helpdesk was created by the Governing Body in March 2009: the first reference period.
SERVICE_START = dt.date(2009, 3, 1)
FIRST_YEAR = SERVICE_START.year
_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


def helpdesk_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _start_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=helpdesk_tz())


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """Days [start, end): `end` is the first day after the period."""

    start: dt.date
    end: dt.date
    # "2022-23" for a reference period, "" for a free date range.
    code: str = ""

    @property
    def is_reference(self) -> bool:
        return bool(self.code)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)

    @property
    def start_at(self) -> dt.datetime:
        return _start_of_day(self.start)

    @property
    def end_at(self) -> dt.datetime:
        return _start_of_day(self.end)

    def previous(self) -> "Period":
        """The previous reference period, or the same days one year earlier (year on year,
        as the report compares periods)."""
        if self.is_reference:
            return reference_period(self.start.year - 1)
        return Period(start=_year_before(self.start), end=_year_before(self.end))

    def label(self) -> str:
        from django.utils.formats import date_format

        if self.is_reference:
            # Translators: a reference period, e.g. "March 2022 – February 2023".
            return _("%(start)s – %(end)s") % {
                "start": date_format(self.start, "YEAR_MONTH_FORMAT"),
                "end": date_format(self.last_day, "YEAR_MONTH_FORMAT"),
            }
        return _("%(start)s – %(end)s") % {
            "start": date_format(self.start, "DATE_FORMAT"),
            "end": date_format(self.last_day, "DATE_FORMAT"),
        }

    def as_param(self) -> dict[str, str]:
        if self.is_reference:
            return {"period": self.code}
        return {"start": self.start.isoformat(), "end": self.last_day.isoformat()}


def reference_period(first_year: int) -> Period:
    return Period(
        start=dt.date(first_year, 3, 1),
        end=dt.date(first_year + 1, 3, 1),
        code=f"{first_year}-{(first_year + 1) % 100:02d}",
    )


def parse_period(value: str) -> Period:
    """`YYYY-YY` → the reference period; anything else is a ValidationError naming the problem."""
    text = (value or "").strip()
    match = _PERIOD_RE.match(text)
    if not match:
        raise ValidationError(
            _("“%(value)s” is not a reference period: expected YYYY-YY, for example 2022-23.")
            % {"value": value},
            code="period_format",
        )
    first, second = int(match.group(1)), int(match.group(2))
    # The range first: the message about the years names a period, which year 0 cannot have.
    if first < FIRST_YEAR or first > 9998:
        raise ValidationError(
            _("“%(value)s” is out of range: the Helpdesk began in March %(year)s.")
            % {"value": value, "year": FIRST_YEAR},
            code="period_range",
        )
    if (first + 1) % 100 != second:
        raise ValidationError(
            _(
                "“%(value)s” is not a reference period: a period runs from 1 March to the end of "
                "February of the next year, so the period that begins in %(first)s is %(expected)s."
            )
            % {"value": value, "first": first, "expected": reference_period(first).code},
            code="period_years",
        )
    if first < FIRST_YEAR:
        raise ValidationError(
            _("“%(value)s” is out of range: the Helpdesk began in March %(year)s.")
            % {"value": value, "year": FIRST_YEAR},
            code="period_range",
        )
    current = current_period()
    if first > current.start.year:
        raise ValidationError(
            _(
                "“%(value)s” has not begun yet: the latest reference period is %(current)s "
                "(in progress)."
            )
            % {"value": value, "current": current.code},
            code="period_future",
        )
    return reference_period(first)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.now().astimezone(helpdesk_tz()).date()


def current_period() -> "Period":
    """The reference period in progress today."""
    return period_containing(today())


def period_containing(moment: dt.datetime | dt.date) -> Period:
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(helpdesk_tz()).date()
    year = moment.year if moment.month >= 3 else moment.year - 1
    return reference_period(year)


def from_dates(start: dt.date | str, last_day: dt.date | str) -> Period:
    """A free range of days, both inclusive."""
    try:
        if isinstance(start, str):
            start = dt.date.fromisoformat(start.strip())
        if isinstance(last_day, str):
            last_day = dt.date.fromisoformat(last_day.strip())
    except (ValueError, TypeError):
        raise ValidationError(
            _("Dates must be written YYYY-MM-DD, for example 2022-03-01."), code="date_format"
        ) from None
    if last_day < start:
        raise ValidationError(_("The end date is before the start date."), code="date_order")
    if start < SERVICE_START:
        raise ValidationError(
            _("The Helpdesk began on %(date)s: choose a later start date.")
            % {"date": SERVICE_START.isoformat()},
            code="date_range",
        )
    if start > today():
        raise ValidationError(
            _("%(date)s is in the future: choose a start date up to today.")
            % {"date": start.isoformat()},
            code="date_future",
        )
    current = current_period()
    if last_day >= current.end:
        raise ValidationError(
            _(
                "%(date)s is after the end of the reference period in progress (%(last)s): "
                "choose an earlier end date."
            )
            % {"date": last_day.isoformat(), "last": current.last_day.isoformat()},
            code="date_future",
        )
    end = last_day + dt.timedelta(days=1)
    reference = period_containing(start)
    if reference.start == start and reference.end == end:
        return reference
    return Period(start=start, end=end)


def resolve_period(
    *, period: str | None = None, start: str | None = None, end: str | None = None
) -> Period:
    """From request or command parameters: `period`, or `start` and `end` (inclusive)."""
    if period:
        return parse_period(period)
    if start or end:
        if not (start and end):
            raise ValidationError(
                _("Give both a start and an end date, or a period."), code="date_missing"
            )
        return from_dates(start, end)
    raise ValidationError(_("Choose a period, for example 2022-23."), code="period_missing")


def reference_periods_until(period: Period) -> list[Period]:
    """Every reference period from 2009-10 to the one in which `period` ends."""
    last = period_containing(period.last_day)
    return [reference_period(y) for y in range(FIRST_YEAR, last.start.year + 1)]
