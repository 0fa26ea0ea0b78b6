"""Cases for the report tests, created straight with the ORM (a read-side app)."""

import datetime as dt
from zoneinfo import ZoneInfo

from labourdesk.helpdesk.models import Case, Region, Sector, Topic, UserType

ZURICH = ZoneInfo("Europe/Zurich")


def zurich(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZURICH)


def make_case(
    admitted_at: dt.datetime | None,
    *,
    admissible: bool | None = True,
    user_type: str | None = None,
    user_region: str | None = None,
    regions: list[str] = (),
    sectors: list[str] = (),
    topics: list[str] = (),
) -> Case:
    case = Case.objects.create(
        subject="Report test",
        admissible=admissible,
        inadmissible_reason="" if admissible is not False else Case.InadmissibleReason.SPAM,
        admitted_at=admitted_at if admissible else None,
        user_type=UserType.objects.get(code=user_type) if user_type else None,
        user_region=Region.objects.get(code=user_region) if user_region else None,
    )
    if regions:
        case.regions_concerned.set(Region.objects.filter(code__in=regions))
    if sectors:
        case.sectors.set(Sector.objects.filter(code__in=sectors))
    if topics:
        case.topics.set(Topic.objects.filter(code__in=topics))
    return case


def cell(report, table: str, row: str, column: str = "period"):
    t = report.table(table)
    r = t.total if row == "total" else next(r for r in t.rows if r.code == row)
    return r.cells[column].value
