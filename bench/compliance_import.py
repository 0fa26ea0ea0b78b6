"""Benchmark: import a generated Better Work export (default 1,000,000 rows = 4,000 × 250).

    .venv/bin/python bench/compliance_import.py [--rows N] [--questions 250] [--keep]

Uses the database of DATABASE_URL (SQLite by default): run it against a scratch database, it
creates the synthetic factories and assessments it imports. Prints rows/s and peak memory
(resident set of the process, from getrusage). The data are synthetic, never real figures.
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labourdesk.settings")


def bare_load(connection, path: Path) -> tuple[float, str]:
    """The limit: the CSV loaded as text into a bare table with no checks — PostgreSQL's COPY,
    or on SQLite (which has no COPY) one executemany in one transaction."""
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    columns = ", ".join(f'"c{n}" text' for n in range(len(header)))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_bare_export")
        cursor.execute(f"CREATE TABLE bench_bare_export ({columns})")
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, path.open("rb") as handle:
            sql = "COPY bench_bare_export FROM STDIN WITH (FORMAT csv, HEADER true)"
            with cursor.cursor.copy(sql) as copy:
                while block := handle.read(1 << 20):
                    copy.write(block)
        name = "PostgreSQL COPY"
    else:
        marks = ", ".join("?" for _ in header)
        raw = connection.connection
        with path.open(newline="", encoding="utf-8") as handle, raw:
            reader = csv.reader(handle)
            next(reader)
            raw.executemany(f"INSERT INTO bench_bare_export VALUES ({marks})", reader)
        name = "SQLite executemany (no COPY in SQLite)"
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_bare_export")
    return elapsed, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=250)
    parser.add_argument("--keep", action="store_true", help="keep the generated CSV")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from labourdesk.compliance.reference import load_compliance_points
    from labourdesk.standards.reference import load_member_states

    call_command("migrate", verbosity=0)
    # Only the reference data the importer reads (countries, clusters, compliance points).
    data_dir = settings.BASE_DIR / "data"
    load_member_states(data_dir)
    load_compliance_points(data_dir)
    from labourdesk.compliance.importers.assessments import import_assessments
    from labourdesk.compliance.importers.synthetic import export_rows, write_export
    from labourdesk.compliance.models import Assessment, Finding

    assessments = max(1, args.rows // args.questions)
    rows = assessments * args.questions
    workdir = Path(tempfile.mkdtemp(prefix="bench-compliance-"))
    path = workdir / "export.csv"
    t0 = time.perf_counter()
    write_export(path, export_rows(assessments=assessments, questions=args.questions))
    generated = time.perf_counter() - t0
    # Fresh synthetic records each run, so the figure is a first import, not a no-op re-import.
    Finding.objects.filter(assessment__external_id__startswith="Q").delete()
    Assessment.objects.filter(external_id__startswith="Q").delete()

    t0 = time.perf_counter()
    counts = import_assessments(actor=None, source=path, file_name=path.name)
    elapsed = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = import_assessments(actor=None, source=path, file_name=path.name)
    reimport = time.perf_counter() - t0
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"database: {connection.vendor}")
    print(f"rows: {rows:,} ({assessments:,} assessments x {args.questions} questions)")
    print(f"generated the CSV in {generated:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)")
    created = counts["findings_created"]
    print(f"import: {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s; created {created:,} findings")
    print(
        f"re-import (no change): {reimport:.1f} s, {rows / reimport:,.0f} rows/s; "
        f"changed {again['findings_created'] + again['findings_updated']}"
    )
    print(f"peak memory (max RSS): {peak_mib:,.0f} MiB")
    limit, limit_name = bare_load(connection, path)
    print(
        f"limit: {limit_name} of the same CSV into a bare table: {limit:.1f} s, "
        f"{rows / limit:,.0f} rows/s; the import takes {elapsed / limit:.1f} x as long"
    )
    print(
        "BENCH "
        + json.dumps(
            {
                "bench": "assessment import",
                "figure": f"{rows / elapsed:,.0f} rows/s ({rows:,} rows, {connection.vendor})",
                "limit": f"{rows / limit:,.0f} rows/s {limit_name}",
                "ratio": round(limit / elapsed, 3),
                "aim": "import of 1,000,000 rows in minutes, all-or-nothing",
                "met": None,
            }
        )
    )
    if not args.keep:
        path.unlink()
        workdir.rmdir()


if __name__ == "__main__":
    main()
