"""Generated Better Work exports for tests and the benchmark. Synthetic, never real figures."""

import contextlib
import csv
import datetime
import random
from pathlib import Path

HEADERS = [
    "Country",
    "Factory Assessed ID",
    "Factory Assessed Name",
    "Quest ID",
    "Cycle",
    "Assesment Start Date",
    "TQ Name",
    "Cluster",
    "CP",
    "Question ID",
    "Q Label",
    "Question type",
    "Finding",
    "Tags",
]


def r_spelling(header: str) -> str:
    """How R's read.csv names the column: spaces become dots."""
    return header.replace(" ", ".")


def export_row(
    country,
    factory_id,
    factory_name,
    assessment_id,
    cycle,
    day,
    cluster,
    cp,
    question_id,
    label,
    qtype,
    finding,
    *,
    tq="Garment CAT",
    tags="",
) -> list[str]:
    """One row of an export, in the order of HEADERS."""
    return [
        country,
        factory_id,
        factory_name,
        assessment_id,
        str(cycle),
        day.strftime("%d/%m/%Y"),
        tq,
        cluster,
        cp,
        question_id,
        label,
        qtype,
        finding,
        tags,
    ]


def export_rows(*, assessments: int, questions: int, seed: int = 7, country: str = "Viet Nam"):
    """Rows of an export: `assessments` × `questions`, with scored and information questions."""
    from labourdesk.compliance.models import CompliancePoint

    rng = random.Random(seed)
    points = list(CompliancePoint.objects.select_related("cluster").order_by("id"))
    factories = max(1, assessments // 2)
    for a in range(assessments):
        factory = a % factories
        cycle = a // factories + 1
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=(a * 7) % 1400)
        for q in range(questions):
            cp = points[q % len(points)]
            scored = q % 10 != 9
            finding = str(int(rng.random() < 0.2)) if scored else str(rng.randint(0, 500))
            yield export_row(
                country,
                f"F{factory:05d}",
                f"Synthetic factory {factory}",
                f"Q{a:06d}",
                cycle,
                start,
                cp.cluster.labels["en"],
                cp.labels["en"],
                f"Q{q:04d}",
                f"Synthetic question {q}\nabout {cp.labels['en']}",
                "NCQ" if scored else "FGW",
                finding,
                tq="Synthetic TQ 2020",
                tags="Public Disclosure" if q % 3 == 0 else "",
            )


def write_export(path: Path, rows, *, r_names: bool = False, headers=HEADERS) -> Path:
    headers = [r_spelling(h) for h in headers] if r_names else list(headers)
    path = Path(path)
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(headers)
        for row in rows:
            sheet.append(_typed(row))
        workbook.save(path)
        return path
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _typed(row):
    """In a spreadsheet, numbers are numbers and dates are dates."""
    out = list(row)
    for i in (4, 12):
        if str(out[i]).isdigit():
            out[i] = int(out[i])
    with contextlib.suppress(TypeError, ValueError):
        out[5] = datetime.datetime.strptime(out[5], "%d/%m/%Y")
    return out
