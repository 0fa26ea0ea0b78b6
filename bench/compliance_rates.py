"""Benchmark: non-compliance per compliance point over N findings, against pandas.

    .venv/bin/python bench/compliance_rates.py [--findings 10000000] [--questions 250]

One country and a one-year window, all compliance points, by Better Work's method (each
factory's latest assessment in the window, scored questions only). Times the production query
(`labourdesk.compliance.statistics.compliance_point_table`, which reads one row per assessment
and compliance point, written from the findings as an import writes them) and pandas computing
the same table by the same method on the same rows already in memory, checks both tables agree,
prints both.

Uses the database of DATABASE_URL (meant for PostgreSQL; run it against a scratch database):
it replaces the synthetic "BENCH" records it created before. Data are synthetic, never real.
"""

import argparse
import datetime
import os
import random
import statistics as pystats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")

COUNTRIES = ["VNM", "IDN", "JOR"]
WINDOW = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def _setup():
    from django.conf import settings
    from django.core.management import call_command

    from labourdesk.compliance.reference import load_compliance_points
    from labourdesk.standards.reference import load_member_states

    call_command("migrate", verbosity=0)
    data_dir = settings.BASE_DIR / "data"
    load_member_states(data_dir)
    load_compliance_points(data_dir)


def _clear():
    from labourdesk.compliance.models import Assessment, Factory, Finding, QuestionnaireVersion

    Finding.objects.filter(assessment__external_id__startswith="BENCH-").delete()
    Assessment.objects.filter(external_id__startswith="BENCH-").delete()
    Factory.objects.filter(external_id__startswith="BENCH-").delete()
    QuestionnaireVersion.objects.filter(name="BENCH Garment CAT").delete()


def _generate(findings: int, questions: int, seed: int = 11) -> int:
    """Factories in three countries, cycles a year apart, `questions` per assessment (one in
    ten an information question), about one finding in five non-compliant."""
    from django.db import connection, transaction
    from django.utils import timezone

    from labourdesk.compliance.models import (
        Assessment,
        AssessmentStatus,
        CompliancePoint,
        CountryProgramme,
        Factory,
        Finding,
        Question,
        QuestionnaireVersion,
    )
    from labourdesk.standards.models import MemberState

    rng = random.Random(seed)
    points = list(CompliancePoint.objects.values_list("pk", flat=True))
    assessments = max(1, findings // questions)
    per_factory = 3
    factories = max(1, assessments // per_factory)
    now = timezone.now()
    with transaction.atomic():
        versions, question_ids = {}, {}
        for iso3 in COUNTRIES:
            state = MemberState.objects.get(iso3=iso3)
            programme, _ = CountryProgramme.objects.get_or_create(
                country=state, defaults={"name": state.name}
            )
            number = 1 + max(programme.questionnaires.values_list("number", flat=True), default=0)
            version = QuestionnaireVersion.objects.create(
                programme=programme,
                industry="apparel",
                number=number,
                name="BENCH Garment CAT",
                status=QuestionnaireVersion.Status.PUBLISHED,
            )
            versions[iso3] = version
            qs = Question.objects.bulk_create(
                Question(
                    version=version,
                    code=f"Q{q:04d}",
                    global_key=f"Q{q:04d}",
                    texts={"en": f"Synthetic question {q}"},
                    type="FGW" if q % 10 == 9 else "NCQ",
                    compliance_point_id=points[q % len(points)],
                    position=q,
                )
                for q in range(questions)
            )
            question_ids[iso3] = [(q.pk, q.type == "NCQ") for q in qs]
        country_of = {iso3: MemberState.objects.get(iso3=iso3).pk for iso3 in COUNTRIES}
        factory_objs = Factory.objects.bulk_create(
            Factory(
                external_id=f"BENCH-F{f}",
                name=f"Synthetic factory {f}",
                country_id=country_of[COUNTRIES[f % len(COUNTRIES)]],
            )
            for f in range(factories)
        )
        assessment_objs = []
        for a in range(assessments):
            factory = factory_objs[a % factories]
            cycle = a // factories + 1
            iso3 = COUNTRIES[(a % factories) % len(COUNTRIES)]
            start = datetime.date(2019 + cycle, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
            assessment_objs.append(
                Assessment(
                    external_id=f"BENCH-A{a}",
                    factory=factory,
                    version=versions[iso3],
                    cycle=cycle,
                    start_date=start,
                    status=AssessmentStatus.RELEASED,
                )
            )
        Assessment.objects.bulk_create(assessment_objs, batch_size=5000)
        if any(a.pk is None for a in assessment_objs):
            ids = dict(
                Assessment.objects.filter(external_id__startswith="BENCH-").values_list(
                    "external_id", "pk"
                )
            )
            for a in assessment_objs:
                a.pk = ids[a.external_id]
        table = connection.ops.quote_name(Finding._meta.db_table)
        columns = "assessment_id, question_id, value, non_compliant, evidence, updated_at"

        def rows():
            for a, assessment in enumerate(assessment_objs):
                iso3 = COUNTRIES[(a % factories) % len(COUNTRIES)]
                for qid, scored in question_ids[iso3]:
                    if scored:
                        nc = rng.random() < 0.2
                        yield (assessment.pk, qid, "1" if nc else "0", nc, "", now)
                    else:
                        yield (assessment.pk, qid, "12", None, "", now)

        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows():
                        copy.write_row(row)
            else:
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)",
                    list(rows()),
                )
    # The rows the statistics read (one per assessment and compliance point), as an import
    # writes them.
    from labourdesk.compliance.models import AssessmentPoint
    from labourdesk.compliance.statistics import refresh_assessment_points

    start = time.perf_counter()
    with transaction.atomic():
        refresh_assessment_points(a.pk for a in assessment_objs)
    print(
        f"assessment × compliance point rows: {AssessmentPoint.objects.count():,} "
        f"written in {time.perf_counter() - start:.1f} s"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh planner statistics and visibility map, as autovacuum gathers after a real
            # import (PostgreSQL 13+ vacuums after inserts too).
            cursor.execute(
                f"VACUUM ANALYZE {connection.ops.quote_name(AssessmentPoint._meta.db_table)}"
            )
            for model in (
                Finding,
                Assessment,
                AssessmentPoint,
                Factory,
                Question,
                QuestionnaireVersion,
            ):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return assessments * questions


def _load_frames():
    """The same rows, in memory, as pandas frames (not timed)."""
    import pandas as pd

    from labourdesk.compliance.models import Assessment, Finding, Question

    findings = pd.DataFrame.from_records(
        Finding.objects.order_by().values_list("assessment_id", "question_id", "non_compliant"),
        columns=["assessment_id", "question_id", "non_compliant"],
    )
    assessments = pd.DataFrame.from_records(
        Assessment.objects.order_by().values_list(
            "id", "factory_id", "factory__country__iso3", "start_date", "status"
        ),
        columns=["id", "factory_id", "country", "start_date", "status"],
    )
    assessments["start_date"] = pd.to_datetime(assessments["start_date"])
    questions = pd.DataFrame.from_records(
        Question.objects.order_by().values_list("id", "type", "compliance_point__code"),
        columns=["question_id", "type", "cp"],
    )
    return findings, assessments, questions


def _pandas_table(findings, assessments, questions, country, window):
    import pandas as pd

    a = assessments[
        (assessments["country"] == country)
        & (assessments["start_date"] >= pd.Timestamp(window[0]))
        & (assessments["start_date"] <= pd.Timestamp(window[1]))
        & (assessments["status"].isin(["finalised", "released"]))
    ]
    latest = a.sort_values(["factory_id", "start_date", "id"]).drop_duplicates(
        "factory_id", keep="last"
    )["id"]
    scored = questions.loc[questions["type"] == "NCQ", ["question_id", "cp"]]
    f = findings[findings["assessment_id"].isin(latest) & findings["non_compliant"].notna()]
    f = f.merge(scored, on="question_id")
    per = f.groupby(["cp", "assessment_id"])["non_compliant"].any().reset_index()
    table = per.groupby("cp")["non_compliant"].agg(factories="size", non_compliant="sum")
    return {cp: (int(r.factories), int(r.non_compliant)) for cp, r in table.iterrows()}


def _best(fn, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), pystats.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000_000)
    parser.add_argument("--questions", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from labourdesk.compliance import statistics as stats
    from labourdesk.standards.models import MemberState

    _setup()
    _clear()
    start = time.perf_counter()
    created = _generate(args.findings, args.questions)
    print(
        f"generated {created:,} findings in {time.perf_counter() - start:.1f} s "
        f"({connection.vendor})"
    )
    country = MemberState.objects.get(iso3=COUNTRIES[0])
    slice_ = stats.Slice(countries=(country.pk,), date_from=WINDOW[0], date_to=WINDOW[1])

    def production():
        table = stats.compliance_point_table(slice_)
        return {r["compliance_point"]: (r["factories"], r["non_compliant"]) for r in table.rows}

    frames = _load_frames()
    sql_best, sql_median, sql_table = _best(production, args.repeat)
    pd_best, pd_median, pd_table = _best(
        lambda: _pandas_table(*frames, COUNTRIES[0], WINDOW), args.repeat
    )
    assert sql_table == pd_table, "the query and pandas disagree"
    factories = max((n for n, _k in sql_table.values()), default=0)
    print(
        f"{COUNTRIES[0]}, {WINDOW[0]}..{WINDOW[1]}: {len(sql_table)} compliance points, "
        f"{factories} factories"
    )
    print(f"database query: best {sql_best:.3f} s, median {sql_median:.3f} s")
    print(f"pandas (rows in memory): best {pd_best:.3f} s, median {pd_median:.3f} s")
    print(f"ratio pandas/query (best): {pd_best / sql_best:.2f}x")


if __name__ == "__main__":
    main()
