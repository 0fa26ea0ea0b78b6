"""From one table row (CSV, sourced file or NORMLEX page) to a `RatificationRow`."""

from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.standards.importers.common import (
    normalise_code,
    parse_date,
    parse_status,
    read_note,
)
from labourdesk.standards.models import Instrument, MemberState, RatificationStatus
from labourdesk.standards.services import RatificationRow, check_date


class RowBuilder:
    """Collects errors with the row of each; the caller raises `ImportRefused` if any."""

    def __init__(self) -> None:
        self.instruments = {i.code: i for i in Instrument.objects.all()}
        self.errors: list[tuple[str, str]] = []

    def instrument(self, value: str, where: str) -> Instrument | None:
        code = normalise_code(value)
        found = self.instruments.get(code or "")
        if found is None:
            self.errors.append((where, _("unknown instrument %(value)r") % {"value": value}))
        return found

    def build(
        self,
        *,
        where: str,
        instrument: Instrument,
        country: MemberState,
        date: str,
        status: str,
        note: str,
        year: str = "",
        source_url: str = "",
        source_as_of: str = "",
    ) -> RatificationRow | None:
        errors_before = len(self.errors)
        try:
            registered_on = parse_date(date)
        except ValueError as exc:
            self.errors.append((where, str(exc)))
            registered_on = None
        registered_year = None
        if registered_on is None and year.strip():
            try:
                registered_year = int(year)
            except ValueError:
                self.errors.append((where, _("not a year: %(value)r") % {"value": year}))
        parsed_status = parse_status(status)
        if parsed_status is None:
            self.errors.append((where, _("unknown status %(value)r") % {"value": status}))
        found = read_note(note, self.instruments)
        if found.get("denounced_by_code") and found.get("denounced_by") is None:
            self.errors.append(
                (where, _("unknown instrument %(value)r") % {"value": found["denounced_by_code"]})
            )
        if found.get("denounced_on") and parsed_status in (
            RatificationStatus.NOT_IN_FORCE,
            RatificationStatus.RATIFIED,
            RatificationStatus.DENOUNCED,
        ):
            # NORMLEX shows a denounced convention as "Not in force" with the denunciation in
            # the note.
            parsed_status = RatificationStatus.DENOUNCED
        if instrument.type == Instrument.Type.RECOMMENDATION:
            self.errors.append(
                (
                    where,
                    _("%(code)s is a recommendation: recommendations are not ratified")
                    % {"code": instrument.code},
                )
            )
        check_date(registered_on, where, self.errors)
        check_date(found.get("denounced_on"), where, self.errors)
        if registered_year is not None and not (
            1919 <= registered_year <= timezone.localdate().year
        ):
            self.errors.append(
                (where, _("the year %(year)s is outside 1919–today") % {"year": registered_year})
            )
        if len(self.errors) > errors_before:
            return None
        return RatificationRow(
            where=where,
            instrument=instrument,
            country=country,
            status=parsed_status,
            registered_on=registered_on,
            registered_year=registered_year,
            entry_into_force_on=found.get("entry_into_force_on"),
            denounced_on=found.get("denounced_on"),
            denounced_by=found.get("denounced_by"),
            declarations=found["declarations"],
            note=" ".join(note.split()),
            source_url=source_url,
            source_as_of=source_as_of,
        )
