"""The self-assessment question set: `data/selfassessment/questions.json` → one
`SelfAssessmentQuestion` per question per language.

Idempotent. A question's structure (area, instruments, timeframe, order...) follows the file; its
texts follow the file only while nobody has edited them in the CMS (`loaded_digest`), so that a
content editor's or a translator's wording is never overwritten by the next deployment.
Every instrument code must be in the standards catalogue and every compliance point code in the
compliance reference data: a typo fails the load rather than becoming a dead link.
"""

import json
import uuid
from pathlib import Path

from django.conf import settings

from labourdesk.core.reference import ReferenceDataError

# Fixed, so that a question keeps its translation key from one load to the next.
TRANSLATION_NAMESPACE = uuid.UUID("6f1c7f0e-58a5-4b7e-9f1f-5d0c2a9a5e16")


def translation_key(code: str) -> uuid.UUID:
    return uuid.uuid5(TRANSLATION_NAMESPACE, code)


def read_questions(data_dir: Path) -> list[dict]:
    path = data_dir / "selfassessment" / "questions.json"
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path.name}: {exc}") from exc
    questions = document.get("questions")
    if not isinstance(questions, list) or not questions:
        raise ReferenceDataError(f"{path.name}: no question list")
    return questions


def _check(questions: list[dict]) -> None:
    from labourdesk.compliance.models import CompliancePoint
    from labourdesk.selfassessment.models import TEXT_FIELDS, Area, Scope, Timeframe
    from labourdesk.standards.models import Instrument

    known_instruments = set(Instrument.objects.values_list("code", flat=True))
    known_points = set(CompliancePoint.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for n, q in enumerate(questions, start=1):
        where = f"questions.json question {n} ({q.get('code', '?')})"
        code = q.get("code")
        if not code or code in seen:
            raise ReferenceDataError(f"{where}: missing or repeated code")
        seen.add(code)
        if q.get("area") not in Area.values or q.get("scope", "all") not in Scope.values:
            raise ReferenceDataError(f"{where}: unknown area or scope")
        if q.get("timeframe") not in Timeframe.values:
            raise ReferenceDataError(f"{where}: unknown timeframe {q.get('timeframe')!r}")
        missing = [c for c in q.get("instruments", []) if c not in known_instruments]
        if missing:
            raise ReferenceDataError(f"{where}: instrument(s) not in the catalogue: {missing}")
        if q.get("compliance_point") and q["compliance_point"] not in known_points:
            raise ReferenceDataError(f"{where}: unknown compliance point {q['compliance_point']}")
        for language in settings.COMPLETE_LANGUAGES:
            for field in TEXT_FIELDS:
                if not (q.get(field) or {}).get(language, "").strip():
                    raise ReferenceDataError(f"{where}: {field} missing in {language}")


def load_questions(data_dir: Path) -> dict[str, int]:
    from wagtail.models import Locale

    from labourdesk.selfassessment.models import (
        TEXT_FIELDS,
        SelfAssessmentQuestion,
        digest,
    )

    questions = read_questions(data_dir)
    _check(questions)
    locales = {}
    for code, _name in settings.LANGUAGES:
        locales[code], _created = Locale.objects.get_or_create(language_code=code)
    existing = {(q.code, q.locale_id): q for q in SelfAssessmentQuestion.objects.all()}
    created = updated = kept = 0
    for q in questions:
        structure = {
            "area": q["area"],
            "scope": q.get("scope", "all"),
            "instruments": " ".join(q.get("instruments", [])),
            "global_key": q.get("global_key", ""),
            "compliance_point": q.get("compliance_point", ""),
            "timeframe": q["timeframe"],
            "critical": bool(q.get("critical")),
            "allow_not_applicable": bool(q.get("allow_not_applicable")),
            "position": int(q.get("position", 0)),
        }
        for language, locale in locales.items():
            texts = {f: (q.get(f) or {}).get(language, "").strip() for f in TEXT_FIELDS}
            if not texts["text"]:
                continue  # not translated: the page falls back to the default language
            row = existing.get((q["code"], locale.pk))
            new_digest = digest(*(texts[f] for f in TEXT_FIELDS))
            if row is None:
                row = SelfAssessmentQuestion(
                    code=q["code"],
                    locale=locale,
                    translation_key=translation_key(q["code"]),
                    **structure,
                    **texts,
                    loaded_digest=new_digest,
                )
                row.full_clean()
                row.save()
                created += 1
                continue
            changed = False
            for field, value in structure.items():
                if getattr(row, field) != value:
                    setattr(row, field, value)
                    changed = True
            if row.texts_digest() == row.loaded_digest:
                if row.loaded_digest != new_digest:
                    for field, value in texts.items():
                        setattr(row, field, value)
                    row.loaded_digest = new_digest
                    changed = True
            else:
                kept += 1  # edited in the CMS: the editor's texts stay
            if changed:
                row.full_clean()
                row.save()
                updated += 1
    return {"questions": len(questions), "created": created, "updated": updated, "edited": kept}


LOADERS = [("questions", load_questions)]
