"""What every ratification importer shares: dates, notes, instrument codes."""

import datetime
import hashlib
import re

from django.utils.translation import gettext as _

from labourdesk.standards.models import Instrument, RatificationStatus

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1,
    )
}
_DATE_WORDS = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_date(value: str) -> datetime.date | None:
    """`dd Mon yyyy` (NORMLEX), ISO `yyyy-mm-dd` or `dd/mm/yyyy`; None when blank.

    Raises ValueError with the value when it is not a date.
    """
    text = " ".join((value or "").split())
    if not text:
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        match = _DATE_WORDS.fullmatch(text)
        if match and match[2].lower() in MONTHS:
            return datetime.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        pass
    raise ValueError(_("not a date: %(value)r") % {"value": value})


def find_date(text: str) -> datetime.date | None:
    match = _DATE_WORDS.search(text or "")
    if not match or match[2].lower() not in MONTHS:
        return None
    try:
        return datetime.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        return None


_CODE = re.compile(r"\b([CPR])\s*0*(\d{1,3})\b")


def normalise_code(value: str) -> str | None:
    """`C87`, `C087`, `c 087`, `P029` → the catalogue code; `MLC, 2006` → C186."""
    text = (value or "").strip()
    if re.match(r"MLC\b", text, re.IGNORECASE):
        return "C186"
    match = _CODE.search(text.upper())
    return f"{match[1]}{int(match[2]):03d}" if match else None


_STATUSES = {
    "in force": RatificationStatus.IN_FORCE,
    "not in force": RatificationStatus.NOT_IN_FORCE,
    "denounced": RatificationStatus.DENOUNCED,
    "temporary": RatificationStatus.TEMPORARY,
    "temporarily not in force": RatificationStatus.TEMPORARY,
    "ratified": RatificationStatus.RATIFIED,
    "": RatificationStatus.RATIFIED,
}


def parse_status(value: str) -> str | None:
    return _STATUSES.get(" ".join((value or "").split()).casefold())


_MIN_AGE = re.compile(r"minimum age(?: specified)?(?: \(years\) in source)?\s*:\s*(\d{2})", re.I)
_AUTO_DENOUNCED = re.compile(
    r"automatic denunciation.*?\b(?:by|convention)\s+([CP]\s*\d{1,3})", re.I
)


def read_note(note: str, instruments: dict[str, Instrument]) -> dict:
    """What NORMLEX's note column says: a denunciation (with the date and, when automatic, the
    convention whose ratification caused it), a future entry into force, and declarations."""
    text = " ".join((note or "").split())
    found: dict = {"declarations": {}}
    lowered = text.casefold()
    if "denounc" in lowered or "denunciation" in lowered:
        found["denounced_on"] = find_date(text)
        auto = _AUTO_DENOUNCED.search(text)
        if auto:
            code = normalise_code(auto[1])
            found["denounced_by"] = instruments.get(code or "")
            found["denounced_by_code"] = code
    if "enter into force" in lowered or "entre en vigueur" in lowered:
        found["entry_into_force_on"] = find_date(text)
    age = _MIN_AGE.search(text)
    if age:
        found["declarations"]["minimum_age"] = int(age[1])
    accepted = re.search(r"(?:has )?accepted\s*:?\s*((?:art(?:icles?)?|parts?)[^.;]*)", text, re.I)
    if accepted:
        found["declarations"]["accepted"] = accepted[1].strip()
    excluded = re.search(r"excluded branch(?:es)?\s*:?\s*([^.;]*)", text, re.I)
    if excluded:
        found["declarations"]["excluded_branches"] = excluded[1].strip()
    territory = re.search(r"territor(?:y|ies)\s*:\s*([^.;]*)", text, re.I)
    if territory:
        found["declarations"]["territories"] = territory[1].strip()
    return found
