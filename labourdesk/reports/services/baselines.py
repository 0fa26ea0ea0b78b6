"""Import a published report as a historical baseline: all or nothing, checked against the
taxonomy first (Zulip's check-then-do)."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from labourdesk.core.audit import audit_record
from labourdesk.reports.models import (
    BaselineFigure,
    HistoricalBaseline,
    WebsiteBaselineContinent,
    WebsiteBaselineYear,
)
from labourdesk.reports.tables import TABLES

# The keys of the published JSON, per table of the report.
TABLE_KEYS = {
    "t1": "table_1_user_types",
    "t2": "table_2_user_regions",
    "t3": "table_3_regions_concerned",
    "t4": "table_4_sectors",
    "t5": "table_5_topics",
}


class BaselineError(Exception):
    """The file does not match the taxonomy or the expected shape; lists every problem."""

    def __init__(self, problems: list[str], *, source: str = ""):
        self.problems = problems
        self.source = source
        prefix = f"{source}: " if source else ""
        super().__init__(prefix + "; ".join(problems))


@dataclass
class _Plan:
    period_start: dt.date
    period_end: dt.date
    totals: dict[str, int | None]
    narrative: dict
    notes: dict[str, str]
    figures: list[dict] = field(default_factory=list)
    website_years: list[dict] = field(default_factory=list)
    website_continents: list[dict] = field(default_factory=list)
    website_totals: dict = field(default_factory=dict)


def _month_range(text: str) -> tuple[dt.date, dt.date] | None:
    """'2022-03..2023-02' → (2022-03-01, 2023-03-01)."""
    try:
        first, last = text.split("..")
        start = dt.date.fromisoformat(first + "-01")
        last_month = dt.date.fromisoformat(last + "-01")
    except ValueError:
        return None
    end = dt.date(last_month.year + (last_month.month == 12), last_month.month % 12 + 1, 1)
    return start, end


def _count(value, where: str, problems: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(
            _("%(where)s: expected a whole number ≥ 0, got %(value)r")
            % {"where": where, "value": value}
        )
        return None
    return value


def baseline_check(data: dict) -> _Plan:
    """Validate a published report against the taxonomy; raise BaselineError listing problems."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise BaselineError([_("the file is not a JSON object")])
    period = data.get("reference_period") or {}
    try:
        start = dt.date.fromisoformat(period["start"])
        end = dt.date.fromisoformat(period["end"]) + dt.timedelta(days=1)
    except (KeyError, TypeError, ValueError):
        raise BaselineError(
            [_("reference_period: expected start and end dates (YYYY-MM-DD)")]
        ) from None
    if not (start.month == 3 and start.day == 1 and end == dt.date(start.year + 1, 3, 1)):
        problems.append(
            _("reference_period: %(start)s to %(end)s is not 1 March to the end of February")
            % {"start": start, "end": end - dt.timedelta(days=1)}
        )
    previous_start = dt.date(start.year - 1, 3, 1)

    narrative = data.get("narrative_figures") or {}
    plan = _Plan(
        period_start=start,
        period_end=end,
        totals={
            "period": _count(
                narrative.get("admissible_requests_this_period"),
                "narrative_figures.admissible_requests_this_period",
                problems,
            ),
            "previous": _count(
                narrative.get("admissible_requests_previous_period"),
                "narrative_figures.admissible_requests_previous_period",
                problems,
            ),
            "cumulative": _count(
                narrative.get("answered_since_2009"),
                "narrative_figures.answered_since_2009",
                problems,
            ),
        },
        narrative=narrative,
        notes={},
    )

    for table in TABLES:
        key = TABLE_KEYS[table.key]
        block = data.get(key)
        if not isinstance(block, dict):
            problems.append(
                _("missing table %(key)s (%(table)s)") % {"key": key, "table": table.key}
            )
            continue
        if block.get("note"):
            plan.notes[table.key] = str(block["note"])
        columns = []
        for name in block.get("columns") or []:
            if name == "cumulative":
                columns.append("cumulative")
                continue
            span = _month_range(str(name))
            if span == (start, end):
                columns.append("period")
            elif span == (previous_start, start):
                columns.append("previous")
            else:
                problems.append(_("%(key)s: unknown column %(name)r") % {"key": key, "name": name})
                columns.append(None)
        if "period" not in columns:
            problems.append(_("%(key)s: no column for the report's period") % {"key": key})
        known = table.codes()
        rows = block.get("rows")
        if not isinstance(rows, dict) or not rows:
            problems.append(_("%(key)s: no rows") % {"key": key})
            rows = {}
        single = block.get("rows_with_one_published_value") or {}
        for code in [*rows, *single]:
            if code not in known:
                problems.append(
                    _("%(key)s: unknown row code %(code)r (not in the %(taxonomy)s taxonomy)")
                    % {"key": key, "code": code, "taxonomy": table.taxonomy_name}
                )
        for code, values in rows.items():
            if not isinstance(values, list) or len(values) != len(columns):
                problems.append(
                    _("%(key)s.%(code)s: expected %(n)s values, one per column")
                    % {"key": key, "code": code, "n": len(columns)}
                )
                continue
            figure = {"table": table.key, "row_code": code}
            for column, value in zip(columns, values, strict=True):
                if column:
                    figure[column] = _count(value, f"{key}.{code}", problems)
            plan.figures.append(figure)
        for code, value in single.items():
            plan.figures.append(
                {
                    "table": table.key,
                    "row_code": code,
                    "single_value": True,
                    "period": _count(value, f"{key}.{code}", problems),
                }
            )
        total = block.get("published_total")
        if total is not None:
            if not isinstance(total, list) or len(total) != len(columns):
                problems.append(
                    _("%(key)s.published_total: expected one value per column") % {"key": key}
                )
            else:
                figure = {"table": table.key, "row_code": "total"}
                for column, value in zip(columns, total, strict=True):
                    if column:
                        figure[column] = _count(value, f"{key}.published_total", problems)
                plan.figures.append(figure)
    _website_check(data, plan, problems)
    if problems:
        raise BaselineError(problems)
    return plan


def _period_start(code, where: str, problems: list[str]) -> dt.date | None:
    text = str(code)
    try:
        first, second = text.split("-")
        year = int(first)
        if len(first) != 4 or (year + 1) % 100 != int(second):
            raise ValueError
    except ValueError:
        problems.append(
            _("%(where)s: %(code)r is not a period YYYY-YY") % {"where": where, "code": code}
        )
        return None
    return dt.date(year, 3, 1)


def _percent(value, where: str, problems: list[str]) -> Decimal | None:
    """'79,65%', '83%', 35.93 or null → a Decimal percentage (None when not published)."""
    if value is None:
        return None
    text = str(value).strip().rstrip("%").replace(",", ".").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        problems.append(
            _("%(where)s: %(value)r is not a percentage") % {"where": where, "value": value}
        )
        return None
    if not 0 <= number <= 100:
        problems.append(
            _("%(where)s: %(value)r is not a percentage") % {"where": where, "value": value}
        )
        return None
    return number.quantize(Decimal("0.01"))


def _series(block: dict, key: str, n: int, problems: list[str], *, pad: bool = False) -> list:
    values = block.get(key)
    if values is None:
        return [None] * n
    if not isinstance(values, list) or len(values) > n or (len(values) < n and not pad):
        problems.append(_("%(key)s: expected %(n)s values, one per period") % {"key": key, "n": n})
        return [None] * n
    return [*values, *[None] * (n - len(values))]


def _website_check(data: dict, plan: _Plan, problems: list[str]) -> None:
    """Table 6 (website activity per year since 2011-12, with totals) and the users by
    continent, when the report publishes them. Visits: the published series may stop a year
    short (`visits_first_11_periods`, where the source garbles the last year): the missing year
    stays unknown."""
    block = data.get("table_6_website")
    if block is None:
        return
    if not isinstance(block, dict) or not isinstance(block.get("periods"), list):
        problems.append(_("table_6_website: expected an object with a list of periods"))
        return
    starts = [_period_start(c, "table_6_website.periods", problems) for c in block["periods"]]
    n = len(starts)
    visits = _series(block, "visits", n, problems)
    if block.get("visits") is None:
        visits = _series(block, "visits_first_11_periods", n, problems, pad=True)
    series = {
        "visits": visits,
        "visits_monthly_average": _series(block, "visits_monthly_average", n, problems),
        "users": _series(block, "users", n, problems),
        "countries": _series(block, "countries_or_territories", n, problems),
        "page_views": _series(block, "page_views", n, problems),
    }
    shares = _series(block, "share_new_users", n, problems)
    for i, start in enumerate(starts):
        if start is None:
            continue
        row = {"period_start": start}
        for name, values in series.items():
            row[name] = _count(values[i], f"table_6_website.{name}[{i}]", problems)
        row["share_new_users"] = _percent(
            shares[i], f"table_6_website.share_new_users[{i}]", problems
        )
        plan.website_years.append(row)
    for name in ("visits", "users", "page_views"):
        value = _count(block.get(f"{name}_total"), f"table_6_website.{name}_total", problems)
        if value is not None:
            plan.website_totals[name] = value

    continents = data.get("users_by_continent")
    if continents is None:
        return
    if not isinstance(continents, dict) or not isinstance(continents.get("rows"), dict):
        problems.append(_("users_by_continent: expected an object with rows"))
        return
    c_starts = [
        _period_start(c, "users_by_continent.periods", problems)
        for c in continents.get("periods") or []
    ]
    known = set(WebsiteBaselineContinent.Continent.values)
    for code, row in continents["rows"].items():
        if code not in known:
            problems.append(_("users_by_continent: unknown region %(code)r") % {"code": code})
            continue
        if not isinstance(row, dict):
            problems.append(_("users_by_continent.%(code)s: expected an object") % {"code": code})
            continue
        users = _series(row, "users", len(c_starts), problems)
        shares = _series(row, "share_pct", len(c_starts), problems)
        for i, start in enumerate(c_starts):
            if start is None:
                continue
            where = f"users_by_continent.{code}[{i}]"
            plan.website_continents.append(
                {
                    "period_start": start,
                    "continent": code,
                    "users": _count(users[i], where, problems),
                    "share_published": _percent(shares[i], where, problems),
                }
            )


@transaction.atomic
def baseline_import(*, path: Path, actor=None) -> tuple[HistoricalBaseline, bool]:
    """Load (or reload) a published report; returns (baseline, changed). Idempotent."""
    raw = Path(path).read_bytes()
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(
            [_("not valid JSON (%(error)s)") % {"error": exc}], source=Path(path).name
        ) from None
    try:
        plan = baseline_check(data)
    except BaselineError as exc:
        raise BaselineError(exc.problems, source=Path(path).name) from None
    digest = hashlib.sha256(raw).hexdigest()
    code = f"published-{plan.period_start.year}-{(plan.period_start.year + 1) % 100:02d}"
    existing = HistoricalBaseline.objects.filter(period_end=plan.period_end).first()
    if existing and existing.content_hash == digest:
        return existing, False
    fields = {
        "code": code,
        "title": f"Published report {plan.period_start.year}-{plan.period_end.year}",
        "period_start": plan.period_start,
        "source": str(data.get("source", ""))[:2000],
        "total_period": plan.totals["period"],
        "total_previous": plan.totals["previous"],
        "total_cumulative": plan.totals["cumulative"],
        "narrative": plan.narrative,
        "notes": plan.notes,
        "website_totals": plan.website_totals,
        "content_hash": digest,
    }
    baseline, _created = HistoricalBaseline.objects.update_or_create(
        period_end=plan.period_end, defaults=fields
    )
    baseline.full_clean()
    baseline.figures.all().delete()
    BaselineFigure.objects.bulk_create(BaselineFigure(baseline=baseline, **f) for f in plan.figures)
    baseline.website_years.all().delete()
    WebsiteBaselineYear.objects.bulk_create(
        WebsiteBaselineYear(baseline=baseline, **y) for y in plan.website_years
    )
    baseline.website_continents.all().delete()
    WebsiteBaselineContinent.objects.bulk_create(
        WebsiteBaselineContinent(baseline=baseline, **c) for c in plan.website_continents
    )
    audit_record(
        actor=actor,
        action="reports.baseline_import",
        target=baseline,
        details={
            "file": Path(path).name,
            "figures": len(plan.figures),
            "website_years": len(plan.website_years),
        },
    )
    return baseline, True
