"""Non-compliance statistics: the production query against an independent reference."""

import datetime
import tempfile
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labourdesk.compliance import statistics as stats
from labourdesk.compliance.importers.assessments import import_assessments
from labourdesk.compliance.importers.synthetic import export_row, write_export
from labourdesk.compliance.models import CompliancePoint
from labourdesk.compliance.tests import reference_rates as ref
from labourdesk.standards.models import MemberState

COUNTRIES = {"Viet Nam": "VNM", "Indonesia": "IDN", "Jordan": "JOR"}
# (cluster, CP) as the export writes them; the first three merge into one CP.
POINTS = [
    ("Child Labour", "Unconditional Worst Forms"),
    ("Child Labour", "Hazardous Work"),
    ("Child Labour", "Hazardous Work and other Worst Forms"),
    ("Child Labour", "Child Labourers"),
    ("Compensation", "Overtime Wages"),
    ("Compensation", "Minimum Wages/Piece Rate Wages"),
    ("Occupational Safety and Health", "Chemicals and Hazardous Substances"),
]
OPTIONS = {"drop_obsolete": True, "drop_duplicates": True, "merge_hazardous": True}
DAY0 = datetime.date(2020, 1, 1)


def test_wilson_interval_matches_published_values():
    # Newcombe (1998), table I: 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775.
    low, high = stats.wilson_interval(81, 263)
    assert (round(low, 4), round(high, 4)) == (0.2553, 0.3662)
    low, high = stats.wilson_interval(0, 10)
    assert (round(low, 4), round(high, 4)) == (0.0, 0.2775)
    assert stats.wilson_interval(0, 0) == (None, None)


@st.composite
def exports(draw):
    """A random Better Work export: factories in up to three countries, cycles, dates, scored and
    information questions, obsolete factories, repeated rows, the hazardous-work CPs."""
    questions = draw(
        st.lists(
            st.tuples(st.sampled_from(POINTS), st.sampled_from(["NCQ", "NCQ", "FGW"])),
            min_size=1,
            max_size=6,
        )
    )
    if all(kind == "FGW" for _p, kind in questions):
        questions[0] = (questions[0][0], "NCQ")
    n_factories = draw(st.integers(1, 9))
    rows = []
    for f in range(n_factories):
        country = draw(st.sampled_from(sorted(COUNTRIES)))
        name = f"Factory {f}" + (" (Obsolete)" if draw(st.integers(0, 6)) == 0 else "")
        for cycle in range(1, draw(st.integers(1, 3)) + 1):
            day = DAY0 + datetime.timedelta(days=draw(st.integers(0, 1000)))
            for q, ((cluster, cp), kind) in enumerate(questions):
                finding = draw(st.sampled_from(["0", "1"])) if kind == "NCQ" else "7"
                row = export_row(
                    country,
                    f"F{f}",
                    name,
                    f"A{f}-{cycle}",
                    cycle,
                    day,
                    cluster,
                    cp,
                    f"Q{q}",
                    f"Question {q}",
                    kind,
                    finding,
                )
                rows.append(row)
                if draw(st.integers(0, 9)) == 0:
                    rows.append(list(row))  # a duplicate row of the export
    return rows


slices = st.fixed_dictionaries(
    {
        "countries": st.sets(st.sampled_from(sorted(COUNTRIES.values())), max_size=3),
        "date_from": st.none() | st.integers(0, 1000).map(lambda d: DAY0 + datetime.timedelta(d)),
        "date_to": st.none() | st.integers(0, 1000).map(lambda d: DAY0 + datetime.timedelta(d)),
        "cycle": st.none() | st.integers(1, 3),
    }
)


def _import(rows):
    with tempfile.TemporaryDirectory() as folder:
        path = write_export(Path(folder) / "export.csv", rows)
        import_assessments(actor=None, source=path, file_name=path.name, options=OPTIONS)


def _slice(spec, **extra) -> stats.Slice:
    ids = dict(MemberState.objects.values_list("iso3", "pk"))
    return stats.Slice(
        countries=tuple(sorted(ids[c] for c in spec["countries"])),
        date_from=spec["date_from"],
        date_to=spec["date_to"],
        cycle=spec["cycle"],
        **extra,
    )


def _pooled(table, key):
    return {key(r): (r["factories"], r["non_compliant"]) for r in table.rows if r.get("_pooled")}


@pytest.mark.django_db(transaction=False)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=exports(), spec=slices)
def test_production_query_agrees_with_the_reference(reference_data, rows, spec):
    cleaned = ref.clean(rows)
    reference_slice = dict(spec)
    with transaction.atomic():
        _import(rows)
        # The world is never empty: at least one factory survives and is counted.
        whole = ref.cp_rates(cleaned, COUNTRIES)
        if not cleaned:
            transaction.set_rollback(True)
            return
        assert whole and sum(n for n, _k in whole.values()) > 0
        assert (
            _pooled(stats.compliance_point_table(stats.Slice()), lambda r: r["compliance_point"])
            == whole
        )

        slice_ = _slice(spec)
        cps = stats.compliance_point_table(slice_)
        assert _pooled(cps, lambda r: r["compliance_point"]) == ref.cp_rates(
            cleaned, COUNTRIES, **reference_slice
        )
        if len(spec["countries"]) > 1:  # national comparisons: one row per country
            for iso3 in spec["countries"]:
                expected = ref.cp_rates(
                    cleaned, COUNTRIES, **{**reference_slice, "countries": {iso3}}
                )
                got = {
                    r["compliance_point"]: (r["factories"], r["non_compliant"])
                    for r in cps.rows
                    if r["country"] == iso3
                }
                assert got == expected
        questions = stats.question_table(slice_)
        assert _pooled(questions, lambda r: r["global_key"]) == ref.question_rates(
            cleaned, COUNTRIES, **reference_slice
        )
        factories = stats.factory_table(slice_)
        assert {
            r["factory_ref"]: (r["compliance_points"], r["non_compliant"])
            for r in _with_external_ids(factories.rows)
        } == ref.factory_rates(cleaned, COUNTRIES, **reference_slice)
        cycle = spec["cycle"] or 2
        trends = stats.trend_table(stats.Slice(**{**slice_.__dict__, "cycle": cycle}))
        assert _pooled(trends, lambda r: (r["cycle"], r["compliance_point"])) == ref.trend_rates(
            cleaned, COUNTRIES, **{**reference_slice, "cycle": cycle}
        )
        transaction.set_rollback(True)


def _with_external_ids(rows):
    from labourdesk.compliance.models import Factory

    ids = dict(Factory.objects.values_list("pk", "external_id"))
    return [{**r, "factory_ref": ids[r["factory_id"]]} for r in rows]


def test_latest_assessment_in_the_window_breaks_ties_by_the_highest_id(reference_data):
    rows = []
    for quest, cycle, day, finding in (("A1", 1, "01/03/2021", "1"), ("A2", 2, "01/03/2021", "0")):
        rows.append(
            [
                "Viet Nam",
                "F1",
                "Mill",
                quest,
                str(cycle),
                day,
                "Garment CAT",
                "Compensation",
                "Overtime Wages",
                "Q1",
                "Overtime paid?",
                "NCQ",
                finding,
                "",
            ]
        )
    _import(rows)
    table = stats.compliance_point_table(stats.Slice())
    assert [(r["factories"], r["non_compliant"]) for r in table.rows] == [(1, 0)]
    window = stats.Slice(date_from=datetime.date(2021, 3, 2))
    assert stats.compliance_point_table(window).rows == []


# Suppression ------------------------------------------------------------------------------------


def _row(country, factories, non_compliant=0, pooled=False, countries=None):
    return {
        "country": country,
        "_countries": set(countries) if countries else {country},
        "_pooled": pooled,
        "factories": factories,
        "non_compliant": non_compliant,
        "rate": non_compliant / factories,
        "ci_low": 0.0,
        "ci_high": 1.0,
    }


def test_small_cells_are_suppressed_not_zero_and_cannot_be_recovered_by_difference():
    parts = [_row("A", 3, 1), _row("B", 10, 2), _row("C", 12, 6)]
    total = _row(None, 25, 9, pooled=True, countries="ABC")
    table = stats.Table(kind="compliance_points", rows=[total, *parts], groups=[(total, parts)])
    out = {r["country"]: r for r in stats.suppress(table, stats.PUBLIC)}
    assert out["A"]["suppressed"] and out["A"]["factories"] is None and out["A"]["rate"] is None
    # A alone hidden: total − B − C = A. The smaller of B and C goes too.
    assert out["B"]["suppressed"] and not out["C"]["suppressed"]
    assert out[None]["factories"] == 25 and not out[None]["suppressed"]
    # Programme staff of every country read everything.
    full = stats.suppress(table, stats.Audience(full_countries=frozenset("ABC")))
    assert not any(r["suppressed"] for r in full)


def test_staff_keep_their_own_country_and_the_difference_is_closed_elsewhere():
    """A programme manager of B compares A, B, C: B's figures are theirs in full; A (3) is not,
    and total − B − C would give A away, so C (or the total) goes — never B."""
    parts = [_row("A", 3, 1), _row("B", 6, 2), _row("C", 12, 6)]
    total = _row(None, 21, 9, pooled=True, countries="ABC")
    table = stats.Table(kind="compliance_points", rows=[total, *parts], groups=[(total, parts)])
    out = {r["country"]: r for r in stats.suppress(table, stats.Audience(frozenset("B")))}
    assert not out["B"]["suppressed"] and out["B"]["factories"] == 6
    assert out["A"]["suppressed"]
    assert out["C"]["suppressed"] or out[None]["suppressed"]
    # Staff of B and C know both: only the total can give A away, so it goes.
    out = {r["country"]: r for r in stats.suppress(table, stats.Audience(frozenset("BC")))}
    assert not out["B"]["suppressed"] and not out["C"]["suppressed"]
    assert out["A"]["suppressed"] and out[None]["suppressed"]


@settings(max_examples=300, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 30), min_size=1, max_size=6),
    seen=st.sets(st.integers(0, 5)),
)
def test_no_published_combination_reveals_fewer_than_five_factories(sizes, seen):
    """For any audience (the public, or staff of some of the countries): every figure it reads
    is one of its own countries or rests on 5 factories or more, and the published total minus
    every part it knows leaves 0 or at least 5 factories."""
    names = [f"C{i}" for i in range(len(sizes))]
    parts = [_row(name, n) for name, n in zip(names, sizes, strict=True)]
    total = _row(None, sum(sizes), pooled=True, countries=names)
    table = stats.Table(kind="x", rows=[total, *parts], groups=[(total, parts)])
    own = frozenset(names[i] for i in seen if i < len(names))
    out = stats.suppress(table, stats.Audience(own))
    for row, original in zip(out, table.rows, strict=True):
        mine = bool(original["_countries"]) and original["_countries"] <= own
        if mine:
            assert not row["suppressed"] and row["factories"] == original["factories"]
        elif row["suppressed"]:
            assert row["factories"] is None and row["rate"] is None
        else:
            assert row["factories"] >= stats.MIN_FACTORIES
    if not out[0]["suppressed"]:
        known = sum(r["factories"] for r in out[1:] if not r["suppressed"])
        unknown = out[0]["factories"] - known
        assert unknown == 0 or unknown >= stats.MIN_FACTORIES


@pytest.mark.django_db
def test_assessment_points_follow_the_findings_through_finalisation(world):
    """The statistics read one row per assessment and compliance point, from its scored
    findings: rewritten when findings are saved, counted once the assessment is finalised."""
    from labourdesk.compliance import services
    from labourdesk.compliance.models import AssessmentPoint
    from labourdesk.compliance.tests.builders import answer_all

    answer_all(world, value="0")
    scored = world.version.questions.filter(type="NCQ")
    question = scored.first()
    services.findings_save(
        actor=world.advisor,
        assessment=world.assessment,
        entries=[{"question": question, "value": "1", "evidence": "seen"}],
    )
    points = set(scored.values_list("compliance_point_id", flat=True))
    rows = AssessmentPoint.objects.filter(assessment=world.assessment)
    assert set(rows.values_list("compliance_point_id", flat=True)) == points
    assert set(rows.filter(non_compliant=True).values_list("compliance_point_id", flat=True)) == {
        question.compliance_point_id
    }
    assert stats.compliance_point_table(stats.Slice()).rows == []  # a draft does not count
    services.assessment_transition(actor=world.advisor, assessment=world.assessment, to="in_review")
    AssessmentPoint.objects.all().delete()  # finalising writes them again
    services.assessment_transition(
        actor=world.advisor_m, assessment=world.assessment, to="finalised"
    )
    table = stats.compliance_point_table(stats.Slice())
    assert sorted(
        (r["compliance_point"], r["factories"], r["non_compliant"]) for r in table.rows
    ) == sorted(
        (code, 1, int(pk == question.compliance_point_id))
        for pk, code in CompliancePoint.objects.filter(pk__in=points).values_list("pk", "code")
    )
