"""Import Better Work's assessment export (one row per assessment × question).

Two passes over the file keep memory flat at a million rows: the first checks every row and
collects the few thousand assessments, factories and questions; only when the whole file is
clean does the second pass write, inside one transaction, in batches. Re-importing the same
file compares with what is stored and changes nothing.
"""

import operator
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labourdesk.compliance.countries import country_index, resolve_country_name
from labourdesk.compliance.importers.common import (
    MAX_ERRORS,
    ErrorList,
    ImportFailed,
    map_columns,
    open_table,
    parse_date,
)
from labourdesk.compliance.models import (
    Assessment,
    AssessmentStatus,
    Cluster,
    CompliancePoint,
    CountryProgramme,
    Factory,
    Finding,
    Industry,
    Question,
    QuestionnaireVersion,
)
from labourdesk.compliance.querysets import importable_country_ids
from labourdesk.core.audit import audit_record

COLUMNS = {
    "country": ("country",),
    "factory_id": ("factory assessed id",),
    "factory_name": ("factory assessed name",),
    "quest_id": ("quest id",),
    "cycle": ("cycle",),
    "start_date": ("assesment start date", "assessment start date"),
    "tq_name": ("tq name",),
    "cluster": ("cluster",),
    "cp": ("cp",),
    "question_id": ("question id",),
    "label": ("q label",),
    "qtype": ("question type",),
    "finding": ("finding",),
    "tags": ("tags",),
}
REQUIRED = set(COLUMNS) - {"tags"}
BATCH = 5000
RAW = {"label", "factory_name"}
HAZARDOUS = {"hazardous work", "unconditional worst forms", "hazardous work and other worst forms"}


@dataclass
class Options:
    """The cleaning options of Better Work's own analysis code (SYSTEM.md)."""

    drop_obsolete: bool = False
    drop_duplicates: bool = False
    merge_hazardous: bool = False
    systems_to_osh: bool = False
    industry: str = Industry.APPAREL

    @classmethod
    def from_dict(cls, data: dict | None) -> "Options":
        data = data or {}
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass
class _Plan:
    countries: dict = field(default_factory=dict)  # iso3 -> MemberState
    factories: dict = field(default_factory=dict)  # external id -> (name, country)
    # A questionnaire version is its country and its TQ name: "Garment CAT" serves many countries.
    versions: dict = field(default_factory=dict)  # (TQ name, iso3) -> country
    questions: dict = field(default_factory=dict)  # (TQ, iso3, code) -> dict
    assessments: dict = field(default_factory=dict)  # quest id -> dict
    skip: set = field(default_factory=set)  # rows dropped by a cleaning option
    rows: int = 0


def _labels_index(model) -> dict[str, object]:
    index = {}
    for term in model.objects.all():
        index[term.code.lower()] = term
        for label in term.labels.values():
            index.setdefault(label.strip().lower(), term)
    return index


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


SCORED = str(Question.Type.SCORED.value)
FACTORY_NAME_MAX = Factory._meta.get_field("name").max_length
TYPES = frozenset(str(t) for t in Question.Type.values)
_CHECKED = ("country", "cycle", "start_date", "cluster", "cp", "qtype")


def _row_reader(indexes):
    """A fast `cells -> {field: value}` for one file's column layout."""
    names = list(indexes)
    getter = operator.itemgetter(*indexes.values())
    width = max(indexes.values()) + 1
    raw = [name in RAW for name in names]

    def read(cells):
        if len(cells) < width:
            cells = list(cells) + [""] * (width - len(cells))
        # Labels and names are kept exactly as written; codes and values lose stray spaces.
        return {
            name: v if keep or not isinstance(v, str) else v.strip()
            for name, keep, v in zip(names, raw, getter(cells), strict=True)
        }

    return read


def _resolver(options: Options):
    """Memoised checks of the few distinct values a column holds (countries, CPs, dates...):
    a million rows carry a few hundred distinct values, each checked once."""
    clusters, points = _labels_index(Cluster), _labels_index(CompliancePoint)
    hazardous = CompliancePoint.objects.filter(code="hazardous_work").first()
    aliases = {"hazardous work": hazardous}  # the CP's former, shorter name
    countries = country_index()
    memo: dict = {}

    def country(value):
        key = ("country", value)
        if key not in memo:
            state = resolve_country_name(value, countries)
            memo[key] = (state, None if state else _("Unknown country “%s”.") % value)
        return memo[key]

    def cycle(value):
        key = ("cycle", value)
        if key not in memo:
            try:
                n = int(str(value))
                if n < 1:
                    raise ValueError
                memo[key] = (n, None)
            except ValueError:
                memo[key] = (None, _("The cycle is a whole number from 1: “%s”.") % value)
        return memo[key]

    def start_date(value):
        key = ("date", value)
        if key not in memo:
            try:
                memo[key] = (parse_date(value), None)
            except (ValueError, TypeError):
                memo[key] = (None, _("Not a date dd/mm/yyyy: “%s”.") % value)
        return memo[key]

    def point(cluster_value, cp_value):
        """(cp, [(column, message)])"""
        key = ("cp", cluster_value, cp_value)
        if key in memo:
            return memo[key]
        problems = []
        cluster_name = str(cluster_value).lower()
        systems = options.systems_to_osh and cluster_name == "systems"
        cluster = clusters.get("osh" if systems else cluster_name)
        if cluster is None:
            problems.append(("cluster", _("Unknown cluster “%s”.") % cluster_value))
        cp_name = _one_line(cp_value).lower()
        if options.merge_hazardous and cp_name in HAZARDOUS:
            cp = hazardous
        else:
            cp = points.get(cp_name) or aliases.get(cp_name)
        if cp is None:
            problems.append(("cp", _("Unknown compliance point “%s”.") % cp_value))
        elif cluster is not None and cp.cluster_id != cluster.pk and not systems:
            problems.append(
                (
                    "cp",
                    _("“%(cp)s” is not in the cluster “%(cluster)s”.")
                    % {"cp": cp_value, "cluster": cluster_value},
                )
            )
        memo[key] = (cp if not problems else None, problems)
        return memo[key]

    return country, cycle, start_date, point


def _check(
    source, file_name, options: Options, progress, allowed_countries=None
) -> tuple[_Plan, dict, dict]:
    """The checking pass. `allowed_countries`: the ids of the member states whose rows the
    uploader may import (their programmes'), or None for every country (administrator,
    operator at the command line)."""
    headers, rows = open_table(source, file_name)
    indexes, labels = map_columns(headers, COLUMNS, REQUIRED)
    read = _row_reader(indexes)
    errors = ErrorList()
    plan = _Plan()
    resolve_country_, resolve_cycle, resolve_date, resolve_point = _resolver(options)
    # Duplicate detection at a million rows: one small int per (assessment, question) pair,
    # the row number as value; the finding itself only when duplicates may be dropped.
    seen: dict[int, int] = {}
    seen_value: dict[int, str] = {}
    quest_index: dict[str, int] = {}
    question_index: dict[tuple[str, str], int] = {}
    required = sorted(REQUIRED - {"finding", "label"})

    def err(row, name, message):
        errors.add(row, labels.get(name, name), message)

    for number, cells in rows:
        plan.rows += 1
        if progress and plan.rows % 50000 == 0:
            progress(plan.rows)
        v = read(cells)
        missing = [n for n in required if v[n] in ("", None)]
        for name in missing:
            err(number, name, _("Empty value."))
        if missing:
            continue
        if options.drop_obsolete and "(obsolete)" in str(v["factory_name"]).lower():
            plan.skip.add(number)
            continue
        country, problem = resolve_country_(v["country"])
        if problem:
            err(number, "country", problem)
        elif allowed_countries is not None and country.pk not in allowed_countries:
            err(
                number,
                "country",
                _(
                    "You are not on the staff of a programme in %(country)s: its rows are "
                    "imported by that programme or an administrator."
                )
                % {"country": country.localized_name()},
            )
            country = None
        cycle, problem = resolve_cycle(v["cycle"])
        if problem:
            err(number, "cycle", problem)
        start, problem = resolve_date(v["start_date"])
        if problem:
            err(number, "start_date", problem)
        cp, problems = resolve_point(v["cluster"], v["cp"])
        for column, message in problems:
            err(number, column, message)
        qtype = str(v["qtype"]).upper()
        if qtype not in TYPES:
            err(number, "qtype", _("The question type is NCQ or FGW, not “%s”.") % v["qtype"])
        finding = str(v.get("finding", ""))
        if qtype == SCORED and finding not in ("0", "1"):
            err(number, "finding", _("A scored question's finding is 0 or 1, not “%s”.") % finding)
        if len(errors.items) >= MAX_ERRORS:
            break
        if country is None or cycle is None or start is None or cp is None or qtype not in TYPES:
            continue
        quest, tq = str(v["quest_id"]), str(v["tq_name"])
        fid, qid = str(v["factory_id"]), str(v["question_id"])
        meta = (fid, cycle, start, tq, country.iso3)
        known = plan.assessments.get(quest)
        if known is None:
            plan.assessments[quest] = {"meta": meta, "row": number}
        elif known["meta"] != meta:
            err(
                number,
                "quest_id",
                _("Assessment %(id)s differs from row %(row)s.")
                % {"id": quest, "row": known["row"]},
            )
            continue
        factory = plan.factories.get(fid)
        if factory is None and len(str(v["factory_name"])) > FACTORY_NAME_MAX:
            err(
                number,
                "factory_name",
                _("The factory name is longer than %s characters.") % FACTORY_NAME_MAX,
            )
            continue
        if factory is None:
            plan.factories[fid] = (v["factory_name"], country, number)
            plan.countries[country.iso3] = country
        elif factory[1] is not country:  # memoised: one instance per country
            err(
                number,
                "country",
                _("Factory %(id)s is in another country on row %(row)s.")
                % {"id": fid, "row": factory[2]},
            )
        version_key = (tq, country.iso3)
        plan.versions.setdefault(version_key, country)
        question = plan.questions.get((*version_key, qid))
        if question is None:
            plan.questions[(*version_key, qid)] = {
                "cp": cp,
                "type": qtype,
                "label": str(v.get("label") or qid),
                "row": number,
                "public": "public disclosure" in str(v.get("tags", "")).lower(),
            }
        elif question["type"] != qtype or question["cp"] is not cp:
            err(
                number,
                "question_id",
                _("Question %(id)s differs from row %(row)s.")
                % {"id": qid, "row": question["row"]},
            )
        key = (quest_index.setdefault(quest, len(quest_index)) << 32) | question_index.setdefault(
            (*version_key, qid), len(question_index)
        )
        first = seen.get(key)
        if first is not None:
            if options.drop_duplicates and seen_value[key] == finding:
                plan.skip.add(number)
                continue
            err(
                number,
                "question_id",
                _("Question %(id)s is answered twice in assessment %(quest)s (row %(row)s).")
                % {"id": qid, "quest": quest, "row": first},
            )
            continue
        seen[key] = number
        if options.drop_duplicates:
            seen_value[key] = finding
    if plan.rows == 0 and not errors:
        errors.add(None, None, _("The file has no rows."))
    del seen, seen_value, quest_index, question_index
    if not errors:
        _check_against_database(plan, errors)
    if errors:
        raise ImportFailed(errors.items)
    return plan, indexes, labels


def _check_against_database(plan: _Plan, errors: ErrorList) -> None:
    """Conflicts with what is stored already: a cycle taken by another assessment."""
    stored = {
        (a.factory.external_id, a.cycle): a.external_id
        for a in Assessment.objects.filter(
            factory__external_id__in=list(plan.factories)
        ).select_related("factory")
    }
    for quest, info in plan.assessments.items():
        fid, cycle, _start, _tq, _iso3 = info["meta"]
        other = stored.get((fid, cycle))
        if other is not None and other != quest:
            errors.add(
                info["row"],
                "Cycle",
                _("Factory %(f)s has another assessment for cycle %(c)s.") % {"f": fid, "c": cycle},
            )


def import_assessments(
    *,
    actor,
    source,
    file_name: str,
    options: dict | Options | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict:
    """Import the file; all or nothing. Returns counts of what was created and changed.

    `source` is a path or a binary file object that can be read twice (seekable)."""
    opts = options if isinstance(options, Options) else Options.from_dict(options)
    plan, indexes, _labels = _check(
        source, file_name, opts, progress, allowed_countries=importable_country_ids(actor)
    )
    if hasattr(source, "seek"):
        source.seek(0)
    counts = {"rows": plan.rows, "skipped": len(plan.skip)}
    with transaction.atomic():
        versions = _write_versions(plan, opts, counts)
        questions = _write_questions(plan, versions, counts)
        factories = _write_factories(plan, opts, counts)
        assessments = _write_assessments(plan, versions, factories, counts)
        _write_findings(source, file_name, indexes, plan, questions, assessments, counts)
        from labourdesk.compliance.statistics import refresh_assessment_points

        refresh_assessment_points(assessments.values())
        if (
            counts["findings_created"]
            or counts["findings_updated"]
            or counts["assessments_created"]
        ):
            audit_record(
                actor=actor,
                action="compliance.import.assessments",
                target_repr=file_name,
                details={**counts, "options": opts.__dict__},
            )
    return counts


def _write_versions(plan, opts, counts) -> dict:
    """{(TQ name, iso3): version}: one version per country programme and TQ name."""
    existing = {
        (v.name, v.programme.country.iso3): v
        for v in QuestionnaireVersion.objects.filter(
            name__in={name for name, _iso3 in plan.versions}
        ).select_related("programme__country")
    }
    core = list(Cluster.objects.filter(basis=Cluster.Basis.CORE_LABOUR_STANDARD))
    created = 0
    for key, country in plan.versions.items():
        if key in existing:
            continue
        name = key[0]
        programme, _ = CountryProgramme.objects.get_or_create(
            country=country, defaults={"name": country.name}
        )
        number = 1 + max(
            QuestionnaireVersion.objects.filter(
                programme=programme, industry=opts.industry
            ).values_list("number", flat=True),
            default=0,
        )
        version = QuestionnaireVersion(
            programme=programme,
            industry=opts.industry,
            name=name,
            number=number,
            status=QuestionnaireVersion.Status.PUBLISHED,
        )
        version.full_clean()
        version.save()
        version.core_clusters.set(core)
        existing[key] = version
        created += 1
    counts["versions_created"] = created
    return existing


def _write_questions(plan, versions, counts) -> dict:
    stored = {
        (q.version.name, q.version.programme.country.iso3, q.code): q
        for q in Question.objects.filter(version__in=versions.values()).select_related(
            "version__programme__country"
        )
    }
    new, changed = [], []
    for position, ((tq, iso3, code), info) in enumerate(plan.questions.items()):
        texts = {"en": info["label"]}
        question = stored.get((tq, iso3, code))
        if question is None:
            question = Question(
                version=versions[(tq, iso3)],
                code=code,
                global_key=code,
                texts=texts,
                type=info["type"],
                compliance_point=info["cp"],
                public_disclosure=info["public"],
                position=position,
            )
            question.full_clean(validate_unique=False, validate_constraints=False)
            new.append(question)
            stored[(tq, iso3, code)] = question
        elif (question.texts.get("en"), question.public_disclosure) != (
            info["label"],
            info["public"],
        ):
            question.texts = {**question.texts, "en": info["label"]}
            question.public_disclosure = info["public"]
            changed.append(question)
    Question.objects.bulk_create(new, batch_size=BATCH)
    Question.objects.bulk_update(changed, ["texts", "public_disclosure"], batch_size=BATCH)
    counts["questions_created"], counts["questions_updated"] = len(new), len(changed)
    return {key: q.pk for key, q in stored.items()}


def _write_factories(plan, opts, counts) -> dict:
    stored = {
        f.external_id: f for f in Factory.objects.filter(external_id__in=list(plan.factories))
    }
    new = []
    for fid, (name, country, _row) in plan.factories.items():
        if fid not in stored:
            factory = Factory(external_id=fid, name=name, country=country, industry=opts.industry)
            factory.full_clean(validate_unique=False)
            new.append(factory)
            stored[fid] = factory
    Factory.objects.bulk_create(new, batch_size=BATCH)
    if any(f.pk is None for f in new):  # backends that do not return ids
        stored = {
            f.external_id: f for f in Factory.objects.filter(external_id__in=list(plan.factories))
        }
    counts["factories_created"] = len(new)
    return {fid: f.pk for fid, f in stored.items()}


def _write_assessments(plan, versions, factories, counts) -> dict:
    stored = {
        a.external_id: a for a in Assessment.objects.filter(external_id__in=list(plan.assessments))
    }
    new, changed = [], []
    for quest, info in plan.assessments.items():
        fid, cycle, start, tq, iso3 = info["meta"]
        version = versions[(tq, iso3)]
        assessment = stored.get(quest)
        if assessment is None:
            assessment = Assessment(
                external_id=quest,
                factory_id=factories[fid],
                version=version,
                cycle=cycle,
                start_date=start,
                status=AssessmentStatus.RELEASED,
            )
            new.append(assessment)
            stored[quest] = assessment
        elif (assessment.start_date, assessment.version_id) != (start, version.pk):
            assessment.start_date, assessment.version = start, version
            changed.append(assessment)
    Assessment.objects.bulk_create(new, batch_size=BATCH)
    Assessment.objects.bulk_update(changed, ["start_date", "version"], batch_size=BATCH)
    if any(a.pk is None for a in new):
        stored = {
            a.external_id: a
            for a in Assessment.objects.filter(external_id__in=list(plan.assessments))
        }
    counts["assessments_created"], counts["assessments_updated"] = len(new), len(changed)
    counts["_new_assessments"] = {a.pk for a in new}
    return {quest: a.pk for quest, a in stored.items()}


def _insert_findings(rows: list[tuple]) -> None:
    """Insert new findings without building a model instance per row (at a million rows that
    costs more than the database does): COPY on PostgreSQL, a prepared multi-row INSERT
    elsewhere. Values were validated in the checking pass; the table's constraints still apply."""
    if not rows:
        return
    table = connection.ops.quote_name(Finding._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Finding._meta.get_field(f).column)
        for f in ("assessment", "question", "value", "non_compliant", "evidence", "updated_at")
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s)",  # noqa: S608
            rows,
        )


def _write_findings(source, file_name, indexes, plan, questions, assessments, counts) -> None:
    new_ids = counts.pop("_new_assessments")
    old_ids = set(assessments.values()) - new_ids
    # What is stored already, one int key per (assessment, question): a re-import compares
    # values and fetches the rows to change only for the few that differ.
    stored: dict[int, str] = {}
    old = sorted(old_ids)
    for start in range(0, len(old), 500):
        for a_id, q_id, value in Finding.objects.filter(
            assessment_id__in=old[start : start + 500]
        ).values_list("assessment_id", "question_id", "value"):
            stored[(a_id << 32) | q_id] = value
    # The version of a row is its assessment's (TQ name, country), checked in the first pass.
    version_of = {quest: info["meta"][3:] for quest, info in plan.assessments.items()}
    _headers, rows = open_table(source, file_name)
    read = _row_reader(indexes)
    now = timezone.now()
    batch, updates = [], []
    created = 0
    for number, cells in rows:
        if number in plan.skip:
            continue
        v = read(cells)
        quest = str(v["quest_id"])
        a_id = assessments[quest]
        q_id = questions[(*version_of[quest], str(v["question_id"]))]
        value = str(v["finding"])
        nc = (value == "1") if str(v["qtype"]).upper() == SCORED else None
        previous = stored.get((a_id << 32) | q_id)
        if previous is not None:
            if previous != value:
                updates.append((a_id, q_id, value, nc))
            continue
        batch.append((a_id, q_id, value, nc, "", now))
        if len(batch) >= BATCH:
            _insert_findings(batch)
            created += len(batch)
            batch = []
    _insert_findings(batch)
    created += len(batch)
    for a_id, q_id, value, nc in updates:
        Finding.objects.filter(assessment_id=a_id, question_id=q_id).update(
            value=value, non_compliant=nc, updated_at=now
        )
    counts["findings_created"], counts["findings_updated"] = created, len(updates)
