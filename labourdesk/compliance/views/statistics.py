"""Statistics pages: the programme staff's page, the public dashboard, the buyer's dashboard.

Charts are SVG drawn on the server from the same rows the API answers (no script): a bar per
compliance point with its 95 % interval, a line per compliance point across a panel's cycles.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from labourdesk.compliance import selectors
from labourdesk.compliance import statistics as stats
from labourdesk.compliance.models import (
    Assessment,
    AssessmentStatus,
    ImprovementAction,
    Industry,
    ReportConsent,
)
from labourdesk.compliance.querysets import STAFF_ROLES
from labourdesk.core.roles import ADMINISTRATOR, BUYER_USER, has_role
from labourdesk.standards.models import MemberState


def _fmt(value: float) -> str:
    # SVG coordinates: always a dot, whatever the page's language.
    return f"{value:.2f}"


def _with_bars(rows: list[dict]) -> list[dict]:
    for row in rows:
        if row.get("rate") is not None:
            row["percent"] = 100 * row["rate"]
            row["bar"] = _fmt(100 * row["rate"])
            row["low"] = _fmt(100 * row["ci_low"])
            row["high"] = _fmt(100 * row["ci_high"])
            row["low_percent"] = 100 * row["ci_low"]
            row["high_percent"] = 100 * row["ci_high"]
    return rows


def _trend_lines(rows: list[dict], cycle: int | None) -> list[dict]:
    """One line per (compliance point, country): points (cycle, rate) of the published cells."""
    lines: dict = {}
    for row in rows:
        key = (row["compliance_point"], row["country"])
        line = lines.setdefault(
            key,
            {
                "label": row["compliance_point_label"],
                "cluster": row["cluster_label"],
                "country": row["country"],
                "country_name": row["country_name"],
                "cells": [],
            },
        )
        line["cells"].append(row)
    span = max((cycle or 1) - 1, 1)
    out = []
    for line in lines.values():
        points = [
            (10 + 80 * (r["cycle"] - 1) / span, 45 - 40 * r["rate"])
            for r in sorted(line["cells"], key=lambda r: r["cycle"])
            if r["rate"] is not None
        ]
        line["points"] = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)
        line["dots"] = [{"x": _fmt(x), "y": _fmt(y)} for x, y in points]
        out.append(line)
    return out


def _filters_context(request):
    """The slice asked for, or the errors to show beside the filters (never a 500)."""
    errors = {}
    try:
        slice_ = stats.parse_slice(request.GET)
    except ValidationError as exc:
        errors = exc.message_dict
        slice_ = None
    countries = MemberState.objects.filter(
        factories__assessments__status__in=stats.COUNTED_STATUSES
    ).distinct()
    return (
        slice_,
        errors,
        {
            "countries": sorted(countries, key=lambda c: c.localized_name()),
            "industries": Industry.choices,
            "selected_countries": [c.upper() for c in request.GET.getlist("country")],
            "query": request.GET.urlencode(),
            "values": request.GET,
        },
    )


def _with_country_names(rows: list[dict]) -> list[dict]:
    """The country's name in the page's language beside its ISO code (the API keeps the code)."""
    codes = {row["country"] for row in rows if row.get("country")}
    names = {c.iso3: c.localized_name() for c in MemberState.objects.filter(iso3__in=codes)}
    for row in rows:
        row["country_name"] = names.get(row.get("country"), row.get("country"))
    return rows


def _tables(slice_, user, kinds):
    language = get_language()
    tables = {}
    for kind in kinds:
        table = stats.published_table(kind, slice_, user, language=language)
        table["rows"] = _with_country_names(_with_bars(table["rows"]))
        if kind == "trends":
            table["lines"] = _trend_lines(table["rows"], table["cycle"])
        tables[kind] = table
    return tables


def _tables_or_errors(slice_, user, kinds, errors):
    """The tables, or none and the reason beside the filters (a public window over more than
    one calendar year, say)."""
    if not slice_:
        return {}, errors
    try:
        return _tables(slice_, user, kinds), errors
    except ValidationError as exc:
        return {}, {**errors, **exc.message_dict}


def _is_staff(user) -> bool:
    return has_role(user, ADMINISTRATOR, *STAFF_ROLES)


@login_required
def statistics_page(request):
    """Programme staff: full figures for their countries, filters, charts, the factory table."""
    if not _is_staff(request.user):
        raise Http404
    slice_, errors, context = _filters_context(request)
    tables, errors = _tables_or_errors(
        slice_, request.user, ["compliance_points", "questions", "trends", "factories"], errors
    )
    return render(
        request,
        "compliance/statistics.html",
        {**context, "errors": errors, "tables": tables, "public": False},
        status=400 if errors else 200,
    )


def dashboard(request):
    """The public dashboard: suppressed figures only (whoever reads it), each with its
    definition."""
    slice_, errors, context = _filters_context(request)
    tables, errors = _tables_or_errors(
        slice_, None, ["compliance_points", "trends", "questions"], errors
    )
    return render(
        request,
        "compliance/dashboard.html",
        {**context, "errors": errors, "tables": tables, "public": True},
        status=400 if errors else 200,
    )


@login_required
def buyer_dashboard(request):
    """A buyer's supply chain: the factories that granted it access, each one's latest released
    assessment at the granted level, non-compliance by compliance point, plan progress."""
    if not has_role(request.user, BUYER_USER):
        raise Http404
    language = get_language()
    consents = (
        ReportConsent.objects.restrict(request.user, "view")
        .filter(buyer__organisation_id=request.user.organisation_id, revoked_at__isnull=True)
        .select_related("factory__country")
    )
    factories = []
    for consent in consents:
        factory = consent.factory
        latest = (
            Assessment.objects.restrict(request.user, "view")
            .filter(factory=factory, status=AssessmentStatus.RELEASED)
            .order_by("-start_date", "-id")
            .first()
        )
        report = (
            selectors.report_data(latest, level=consent.level, language=language)
            if latest
            else None
        )
        progress = {}
        if consent.level == ReportConsent.Level.FULL:
            progress = dict(
                ImprovementAction.objects.restrict(request.user, "view")
                .filter(factory=factory)
                .values_list("status")
                .annotate(n=Count("id"))
                .order_by()
            )
        factories.append(
            {
                "factory": factory,
                "level": consent.level,
                "level_label": consent.get_level_display(),
                "assessment": latest,
                "report": report,
                "progress": [
                    (label, progress.get(value, 0))
                    for value, label in ImprovementAction.Status.choices
                ],
                "full": consent.level == ReportConsent.Level.FULL,
            }
        )
    return render(
        request,
        "compliance/buyer_dashboard.html",
        {"factories": factories, "points": _supply_chain_points(factories)},
    )


def _supply_chain_points(factories: list[dict]) -> list[dict]:
    """Per compliance point, across the buyer's consenting factories: how many were assessed on
    it (latest released assessment, scored questions) and which were non-compliant. The buyer
    reads each of these factories' points already (summary level and up): this adds them up."""
    points: dict[int, dict] = {}
    for entry in factories:
        if not entry["report"]:
            continue
        for cluster in entry["report"]["clusters"]:
            for point in cluster["points"]:
                if not point["scored"]:  # information questions only: nothing to count
                    continue
                row = points.setdefault(
                    point["id"],
                    {
                        "cluster": point["cluster"],
                        "label": point["label"],
                        "assessed": 0,
                        "non_compliant": [],
                    },
                )
                row["assessed"] += 1
                if point["non_compliant"]:
                    row["non_compliant"].append(entry["factory"])
    return sorted(
        points.values(), key=lambda r: (-len(r["non_compliant"]), r["cluster"], r["label"])
    )
