"""Import a published report as a historical baseline: all or nothing, checked against the
taxonomy first (Zulip's check-then-do)."""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from labourdesk.core.audit import audit_record
from labourdesk.reports.models import BaselineFigure, HistoricalBaseline
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
    if problems:
        raise BaselineError(problems)
    return plan


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
        "content_hash": digest,
    }
    baseline, _created = HistoricalBaseline.objects.update_or_create(
        period_end=plan.period_end, defaults=fields
    )
    baseline.full_clean()
    baseline.figures.all().delete()
    BaselineFigure.objects.bulk_create(BaselineFigure(baseline=baseline, **f) for f in plan.figures)
    audit_record(
        actor=actor,
        action="reports.baseline_import",
        target=baseline,
        details={"file": Path(path).name, "figures": len(plan.figures)},
    )
    return baseline, True
