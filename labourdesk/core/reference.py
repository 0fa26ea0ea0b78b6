"""Reference data shipped in `data/` and loaded idempotently by `manage.py load_reference_data`.

Each app that owns reference data has a `reference.py` with `LOADERS`: a list of
`(name, callable(data_dir) -> dict of counts)` run in app order inside one transaction.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

DATA_DIR = settings.BASE_DIR / "data"


class ReferenceDataError(Exception):
    """A reference file does not have the expected shape; names the file, row and column."""


def read_csv(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts of text (never guessing types: Namibia's ISO2 code is the string "NA")."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(f"{path.name}: missing column(s) {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            yield number, {k: (v or "").strip() for k, v in row.items() if k is not None}


def upsert_terms(model, rows: list[dict]) -> dict[str, int]:
    """Create or update taxonomy terms by code; never deletes (old codes stay for history)."""
    created = updated = 0
    existing = {t.code: t for t in model.objects.all()}
    for position, row in enumerate(rows):
        code = row.pop("code")
        term = existing.get(code)
        fields = {"position": position, **row}
        if term is None:
            model.objects.create(code=code, **fields)
            created += 1
        elif any(getattr(term, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(term, k, v)
            term.save()
            updated += 1
    return {"created": created, "updated": updated}
