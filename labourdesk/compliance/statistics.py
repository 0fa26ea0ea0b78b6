"""Non-compliance rates by Better Work's own method (SYSTEM.md, "Non-compliance rates").

- Only scored questions (NCQ) count; information questions (FGW) never do.
- One assessment per factory: its latest in the date window (latest start date, then highest
  assessment id), or the one of a chosen cycle. Only finalised or released assessments count.
- A factory is non-compliant on a compliance point (CP) when any scored question of that CP has a
  finding; the CP's rate is non-compliant factories ÷ factories assessed on it.
- Per question (by global key, across versions): findings ÷ assessments. Per factory: the share of
  its CPs that are non-compliant.
- Trends use a panel: the factories that reached cycle *c*, at their cycles 1..*c*.

Each table is one aggregate query over the findings (grouped by country and key, so that pooled
rows are sums computed here rather than a second pass). Every rate carries its numerator, its
denominator and a 95 % Wilson interval.

Suppression (our rule, not Better Work's): outside programme staff's own countries no figure rests
on fewer than `MIN_FACTORIES` factories, within a table no published total minus published
parts may leave a figure on fewer than `MIN_FACTORIES` factories (complementary suppression), and
across answers no two public answers differ by fewer than `MIN_FACTORIES` factories
(`DifferenceAudit`: public windows are whole calendar years, every country × industry cell is 0
or ≥ 5, and every pair of public time selections is checked).
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, F, Max, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from labourdesk.compliance.models import (
    Assessment,
    AssessmentPoint,
    AssessmentStatus,
    Cluster,
    CompliancePoint,
    Factory,
    Finding,
    Question,
)
from labourdesk.compliance.querysets import STAFF_ROLES, programme_country_ids
from labourdesk.core.roles import ADMINISTRATOR, has_role

MIN_FACTORIES = 5
Z95 = 1.959963984540054
COUNTED_STATUSES = (AssessmentStatus.FINALISED, AssessmentStatus.RELEASED)
POOLED = None  # the `country` of a row pooled over the slice's countries


@dataclass(frozen=True)
class Slice:
    """Which assessments a table is computed over. `countries` are member-state ids."""

    countries: tuple[int, ...] = ()
    industry: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    cycle: int | None = None
    compliance_point: int | None = None

    def assessments(self) -> QuerySet:
        qs = Assessment.objects.filter(status__in=COUNTED_STATUSES)
        if self.countries:
            qs = qs.filter(factory__country_id__in=self.countries)
        if self.industry:
            qs = qs.filter(factory__industry=self.industry)
        if self.date_from:
            qs = qs.filter(start_date__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(start_date__lte=self.date_to)
        if self.cycle:
            qs = qs.filter(cycle=self.cycle)
        return qs


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float | None, float | None]:
    """The Wilson score interval for k successes in n trials (None, None for n = 0)."""
    if n <= 0:
        return None, None
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def chosen_assessment_ids(slice_: Slice) -> QuerySet:
    """One assessment per factory: the latest in the slice (latest date, then highest id)."""
    ranked = slice_.assessments().annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("factory_id")],
            order_by=[F("start_date").desc(), F("id").desc()],
        )
    )
    return ranked.filter(rank=1).values("id")


def _scored_findings(assessment_ids, slice_: Slice) -> QuerySet:
    qs = Finding.objects.filter(
        assessment_id__in=assessment_ids,
        question__type=Question.Type.SCORED,
        non_compliant__isnull=False,
    )
    if slice_.compliance_point:
        qs = qs.filter(question__compliance_point_id=slice_.compliance_point)
    return qs.order_by()


# Visibility -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Audience:
    """Whose figures: `full_countries` None means every country in full (administrators)."""

    full_countries: frozenset[int] | None = frozenset()

    def sees_in_full(self, country_ids) -> bool:
        if self.full_countries is None:
            return True
        return bool(country_ids) and set(country_ids) <= self.full_countries


PUBLIC = Audience()


def audience_for(user) -> Audience:
    """Programme staff see their own countries' figures in full; everybody else the public ones."""
    if user is None or not user.is_authenticated:
        return PUBLIC
    if has_role(user, ADMINISTRATOR):
        return Audience(full_countries=None)
    if has_role(user, *STAFF_ROLES):
        return Audience(
            full_countries=frozenset(
                programme_country_ids(user).values_list("country_id", flat=True)
            )
        )
    return PUBLIC


# Tables -----------------------------------------------------------------------------------------


@dataclass
class Table:
    """Rows of a statistics table, each a dict; `groups` lists (total row, part rows) sets that a
    reader could subtract, for complementary suppression."""

    kind: str
    rows: list[dict]
    groups: list[tuple[dict, list[dict]]] = field(default_factory=list)
    cycle: int | None = None
    slice: Slice | None = None


def _rate_fields(numerator: int, denominator: int) -> dict:
    low, high = wilson_interval(numerator, denominator)
    return {
        "rate": numerator / denominator if denominator else None,
        "ci_low": low,
        "ci_high": high,
    }


def _country_codes(ids) -> dict[int, str]:
    from labourdesk.standards.models import MemberState

    return dict(MemberState.objects.filter(pk__in=set(ids)).values_list("pk", "iso3"))


def _assemble(kind, counts, key_fields, slice_: Slice, *, per_country: bool) -> Table:
    """`counts`: {(country_id, *key): (denominator, numerator)} → rows pooled over countries and,
    when comparing countries, one row per country beside each pooled row."""
    codes = _country_codes(k[0] for k in counts)
    pooled: dict[tuple, list] = defaultdict(lambda: [0, 0, set()])
    parts: dict[tuple, list[dict]] = defaultdict(list)
    for (country_id, *key), (denominator, numerator) in counts.items():
        key = tuple(key)
        entry = pooled[key]
        entry[0] += denominator
        entry[1] += numerator
        entry[2].add(country_id)
        if per_country:
            parts[key].append(
                {
                    **dict(zip(key_fields, key, strict=True)),
                    "country": codes.get(country_id),
                    "_countries": {country_id},
                    "factories": denominator,
                    "non_compliant": numerator,
                    **_rate_fields(numerator, denominator),
                }
            )
    rows, groups = [], []
    for key, (denominator, numerator, countries) in pooled.items():
        total = {
            **dict(zip(key_fields, key, strict=True)),
            "country": POOLED
            if per_country or len(countries) != 1
            else codes.get(next(iter(countries))),
            "_countries": countries,
            "_pooled": True,
            "factories": denominator,
            "non_compliant": numerator,
            **_rate_fields(numerator, denominator),
        }
        if slice_.countries and len(slice_.countries) == 1:
            total["country"] = codes.get(slice_.countries[0], total["country"])
        rows.append(total)
        if per_country:
            members = sorted(parts[key], key=lambda r: r["country"] or "")
            rows.extend(members)
            groups.append((total, members))
    return Table(kind=kind, rows=rows, groups=groups)


def _point_labels(language: str | None) -> dict[int, dict]:
    clusters = {c.pk: c for c in Cluster.objects.all()}
    info = {}
    for cp in CompliancePoint.objects.all():
        cluster = clusters[cp.cluster_id]
        info[cp.pk] = {
            "cluster": cluster.code,
            "compliance_point": cp.code,
            "cluster_label": cluster.label_in(language),
            "compliance_point_label": cp.label_in(language),
            "_order": (cluster.position, cluster.code, cp.position, cp.code),
        }
    return info


_REFRESH_CHUNK = 2000


def refresh_assessment_points(assessment_ids) -> None:
    """Rewrite the `AssessmentPoint` rows of these assessments from their findings: one row per
    compliance point with a scored finding, non-compliant when any finding of it is. One
    INSERT … SELECT per chunk of assessments (an import of a whole extract refreshes
    thousands)."""
    ids = sorted(set(assessment_ids))
    table = connection.ops.quote_name(AssessmentPoint._meta.db_table)
    for start in range(0, len(ids), _REFRESH_CHUNK):
        chunk = ids[start : start + _REFRESH_CHUNK]
        AssessmentPoint.objects.filter(assessment_id__in=chunk)._raw_delete(
            AssessmentPoint.objects.db
        )
        per_point = (
            Finding.objects.filter(
                assessment_id__in=chunk,
                question__type=Question.Type.SCORED,
                non_compliant__isnull=False,
            )
            .values("assessment_id", cp=F("question__compliance_point_id"))
            .annotate(nc=Max(Case(When(non_compliant=True, then=Value(1)), default=Value(0))))
            .order_by()
        )
        sql, params = per_point.query.sql_with_params()
        # Only the ORM's own SQL and our model's quoted names go into the text.
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (assessment_id, compliance_point_id, non_compliant) "  # noqa: S608
                f"SELECT assessment_id, cp, nc = 1 FROM ({sql}) per_point",
                params,
            )


def compliance_point_table(slice_: Slice, *, language: str | None = None) -> Table:
    """Non-compliance per CP: factories non-compliant ÷ factories assessed on the CP. Reads one
    row per chosen assessment and CP (`AssessmentPoint`), not the findings."""
    points = AssessmentPoint.objects.filter(assessment_id__in=chosen_assessment_ids(slice_))
    if slice_.compliance_point:
        points = points.filter(compliance_point_id=slice_.compliance_point)
    grouped = (
        points.values(
            country_id=F("assessment__factory__country_id"), cp_id=F("compliance_point_id")
        )
        .annotate(n=Count("id"), k=Count("id", filter=Q(non_compliant=True)))
        .order_by()
    )
    counts = {(r["country_id"], r["cp_id"]): (r["n"], r["k"]) for r in grouped}
    table = _assemble("compliance_points", counts, ["_cp"], slice_, per_country=_compare(slice_))
    table.slice = slice_
    labels = _point_labels(language)
    for row in table.rows:
        row["_key"] = ("cp", row["_cp"])
        row.update(labels[row.pop("_cp")])
    table.rows.sort(key=lambda r: (r["_order"], r["country"] or ""))
    return table


def question_table(slice_: Slice, *, language: str | None = None) -> Table:
    """Per question, by global key across versions: findings ÷ assessments."""
    findings = _scored_findings(chosen_assessment_ids(slice_), slice_)
    grouped = findings.values(
        country_id=F("assessment__factory__country_id"),
        key=F("question__global_key"),
        cp_id=F("question__compliance_point_id"),
    ).annotate(
        n=Count("assessment_id", distinct=True),
        k=Count("assessment_id", distinct=True, filter=Q(non_compliant=True)),
    )
    counts = {(r["country_id"], r["key"], r["cp_id"]): (r["n"], r["k"]) for r in grouped}
    table = _assemble(
        "questions", counts, ["global_key", "_cp"], slice_, per_country=_compare(slice_)
    )
    table.slice = slice_
    labels = _point_labels(language)
    texts = _question_texts({r["global_key"] for r in table.rows}, language)
    for row in table.rows:
        row["_key"] = ("q", row["global_key"])
        row.update(labels[row.pop("_cp")])
        row["question"] = texts.get(row["global_key"], row["global_key"])
    table.rows.sort(key=lambda r: (r["_order"], r["global_key"], r["country"] or ""))
    return table


def _question_texts(keys, language) -> dict[str, str]:
    texts = {}
    for q in Question.objects.filter(global_key__in=keys).order_by("-version_id"):
        texts.setdefault(q.global_key, q.text_in(language))
    return texts


def panel_cycle(slice_: Slice) -> int | None:
    """Default panel for trends: the highest cycle that at least MIN_FACTORIES factories reached
    in the slice (else the highest cycle there is)."""
    base = Slice(**{**slice_.__dict__, "cycle": None})
    reached = (
        base.assessments()
        .values("cycle")
        .annotate(factories=Count("factory_id", distinct=True))
        .order_by("-cycle")
    )
    cycles = list(reached)
    if not cycles:
        return None
    for entry in cycles:
        if entry["factories"] >= MIN_FACTORIES:
            return entry["cycle"]
    return cycles[0]["cycle"]


def trend_table(slice_: Slice, *, language: str | None = None) -> Table:
    """Panel trends: the factories whose cycle *c* assessment is in the slice, at cycles 1..c."""
    cycle = slice_.cycle or panel_cycle(slice_)
    if cycle is None:
        return Table(kind="trends", rows=[], cycle=None)
    panel = Slice(**{**slice_.__dict__, "cycle": cycle}).assessments().values("factory_id")
    assessment_ids = Assessment.objects.filter(
        status__in=COUNTED_STATUSES, factory_id__in=panel, cycle__lte=cycle
    ).values("id")
    grouped = (
        _scored_findings(assessment_ids, slice_)
        .values(
            country_id=F("assessment__factory__country_id"),
            cycle=F("assessment__cycle"),
            cp_id=F("question__compliance_point_id"),
        )
        .annotate(
            n=Count("assessment_id", distinct=True),
            k=Count("assessment_id", distinct=True, filter=Q(non_compliant=True)),
        )
    )
    counts = {(r["country_id"], r["cycle"], r["cp_id"]): (r["n"], r["k"]) for r in grouped}
    table = _assemble("trends", counts, ["cycle", "_cp"], slice_, per_country=_compare(slice_))
    table.cycle = cycle
    table.slice = slice_
    labels = _point_labels(language)
    for row in table.rows:
        row["_key"] = ("cp", row["_cp"])
        row["_selection"] = ("trend", _year(slice_), cycle, row["cycle"])
        row.update(labels[row.pop("_cp")])
    table.rows.sort(key=lambda r: (r["_order"], r["cycle"], r["country"] or ""))
    return table


def factory_table(slice_: Slice) -> Table:
    """Per factory: the share of its assessed CPs that are non-compliant. Programme staff only:
    every row is one factory, so the public never sees this table."""
    findings = _scored_findings(chosen_assessment_ids(slice_), slice_)
    grouped = findings.values(
        "assessment_id",
        factory_id=F("assessment__factory_id"),
        country_id=F("assessment__factory__country_id"),
    ).annotate(
        n=Count("question__compliance_point_id", distinct=True),
        k=Count("question__compliance_point_id", distinct=True, filter=Q(non_compliant=True)),
    )
    rows = list(grouped)
    names = dict(
        Factory.objects.filter(pk__in={r["factory_id"] for r in rows}).values_list("pk", "name")
    )
    codes = _country_codes(r["country_id"] for r in rows)
    table_rows = [
        {
            "factory": names[r["factory_id"]],
            "factory_id": r["factory_id"],
            "assessment": r["assessment_id"],
            "country": codes.get(r["country_id"]),
            "_countries": {r["country_id"]},
            "compliance_points": r["n"],
            "non_compliant": r["k"],
            **_rate_fields(r["k"], r["n"]),
        }
        for r in rows
    ]
    table_rows.sort(key=lambda r: (-(r["rate"] or 0), r["factory"], r["factory_id"]))
    return Table(kind="factories", rows=table_rows)


def _compare(slice_: Slice) -> bool:
    return len(slice_.countries) > 1


# Suppression ------------------------------------------------------------------------------------

_FIGURES = ("factories", "non_compliant", "rate", "ci_low", "ci_high")


def _year(slice_: Slice):
    """The slice's time selection as the difference audit names it: None (no window), a calendar
    year (the window is that whole year), else the window itself (not a public window)."""
    if slice_.date_from is None and slice_.date_to is None:
        return None
    start, end = slice_.date_from, slice_.date_to
    if (
        start is not None
        and end is not None
        and start.year == end.year
        and (start.month, start.day) == (1, 1)
        and (end.month, end.day) == (12, 31)
    ):
        return start.year
    return (start, end)


def public_window(slice_: Slice) -> Slice:
    """The slice as the public may ask it: a date window widened to whole calendar years, and
    at most one year. Public windows are a fixed set (one per year), so that no two public
    answers differ by a few days' assessments: a window one day longer than another answers the
    same figures. Raises ValidationError (keyed by parameter) for an open or multi-year window."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    if slice_.date_from is None and slice_.date_to is None:
        return slice_
    if slice_.date_from is None or slice_.date_to is None:
        missing = "from" if slice_.date_from is None else "to"
        raise ValidationError(
            {
                missing: [
                    _(
                        "Public figures are published per calendar year: give both “from” and "
                        "“to” within one year (e.g. from=2021-01-01&to=2021-12-31)."
                    )
                ]
            }
        )
    if slice_.date_from.year != slice_.date_to.year:
        raise ValidationError(
            {
                "to": [
                    _(
                        "Public figures are published per calendar year: “from” and “to” must "
                        "fall in the same year (%(from)s, %(to)s)."
                    )
                    % {"from": slice_.date_from.year, "to": slice_.date_to.year}
                ]
            }
        )
    year = slice_.date_from.year
    return Slice(
        **{
            **slice_.__dict__,
            "date_from": datetime.date(year, 1, 1),
            "date_to": datetime.date(year, 12, 31),
        }
    )


class DifferenceAudit:
    """Suppression by difference across public answers.

    A public answer is a sum over *units* (one factory's chosen assessment). Two public answers
    a reader can put side by side — a country against the same country's one industry, a country
    against a comparison that repeats it, a year against all years, a cycle against a year, a
    table against a trend — differ by the units in one and not in the other. The rule: a public
    figure on key K (a compliance point or a global question) is published only when

    1. every *atom* it adds up — one country × one industry — rests on 0 or ≥ `MIN_FACTORIES`
       factories assessed on K. Factories belong to one country and one industry, so any set of
       countries or industries a reader can ask for is a sum of whole atoms, and any difference
       of two such sums is a sum of whole atoms: never a part of one under 5 factories.
    2. within each atom, against *every* other public time selection T (all years, each calendar
       year, each cycle, each cycle within each year, each trend panel's cells), the factories
       whose unit differs between the two (present in one only, or a different assessment) are
       0 or ≥ `MIN_FACTORIES` (counted on K). Public windows are whole calendar years
       (`public_window`), so this family of time selections is finite and every pair of public
       answers is checked.

    The pair check is symmetric (both sides of a small difference are suppressed): it does not
    depend on which answer the reader asked first. It covers differences of two answers; with
    (1) it covers any sum or difference over countries and industries.
    """

    def __init__(
        self, slice_: Slice, exempt: frozenset[int] | None = frozenset(), *, questions=False
    ):
        # Every atom of the slice's countries and industry, whatever the time selection.
        qs = Assessment.objects.filter(status__in=COUNTED_STATUSES)
        if slice_.countries:
            qs = qs.filter(factory__country_id__in=slice_.countries)
        if slice_.industry:
            qs = qs.filter(factory__industry=slice_.industry)
        if exempt:
            qs = qs.exclude(factory__country_id__in=exempt)
        units = list(
            qs.values_list(
                "id",
                "factory_id",
                "factory__country_id",
                "factory__industry",
                "start_date",
                "cycle",
            ).order_by("factory_id", "-start_date", "-id")
        )
        self.bit = {a_id: i for i, (a_id, *_rest) in enumerate(units)}
        self.factory_of = [f_id for _a, f_id, *_rest in units]
        # {atom: {selection: bitmask of units}}
        self.atoms: dict[tuple, dict[tuple, int]] = defaultdict(lambda: defaultdict(int))
        self.country_atoms: dict[int, set[tuple]] = defaultdict(set)
        by_factory: dict[int, list] = defaultdict(list)
        for a_id, f_id, country_id, industry, day, cycle in units:
            by_factory[f_id].append((a_id, country_id, industry, day.year, cycle))
        for assessments in by_factory.values():
            atom = (assessments[0][1], assessments[0][2])
            self.country_atoms[atom[0]].add(atom)
            selections = self.atoms[atom]
            seen = set()
            # Tables: the latest assessment (already sorted latest first) per time selection.
            for a_id, _c, _i, year, cycle in assessments:
                for name in (
                    ("table", year, cycle),
                    ("table", year, None),
                    ("table", None, cycle),
                    ("table", None, None),
                ):
                    if name not in seen:
                        seen.add(name)
                        selections[name] |= 1 << self.bit[a_id]
            # Trends: a panel (window, cycle c) takes the factory's cycles 1..c.
            by_cycle = {cycle: (a_id, year) for a_id, _c, _i, year, cycle in assessments}
            for c, (_a, year) in by_cycle.items():
                for window in (None, year):
                    for k, (a_k, _y) in by_cycle.items():
                        if k <= c:
                            selections[("trend", window, c, k)] |= 1 << self.bit[a_k]
        # Which units are assessed on each key (scored findings with an answer): compliance
        # points from their one row per assessment, global questions from the findings.
        self.keys: dict[tuple, int] = defaultdict(int)
        ids = qs.values("id")
        if questions:
            pairs = (
                Finding.objects.filter(
                    assessment_id__in=ids,
                    question__type=Question.Type.SCORED,
                    non_compliant__isnull=False,
                )
                .values_list("assessment_id", "question__global_key")
                .distinct()
                .order_by()
            )
            kind = "q"
        else:
            pairs = AssessmentPoint.objects.filter(assessment_id__in=ids).values_list(
                "assessment_id", "compliance_point_id"
            )
            kind = "cp"
        for a_id, key in pairs:
            self.keys[(kind, key)] |= 1 << self.bit[a_id]

    def _factories(self, mask: int) -> int:
        """Distinct factories among the units of `mask` (at most two units per factory in a
        difference, so ≥ 2 × MIN_FACTORIES units are enough without counting)."""
        n = mask.bit_count()
        if n >= 2 * MIN_FACTORIES:
            return n
        factories = set()
        while mask:
            low = mask & -mask
            factories.add(self.factory_of[low.bit_length() - 1])
            mask ^= low
        return len(factories)

    def discloses(self, selection, key, countries, minimum: int = MIN_FACTORIES) -> bool:
        """True when publishing `key` on `selection` over `countries` (member-state ids; empty:
        all) could let a reader reach fewer than `minimum` factories by difference."""
        if not isinstance(selection, tuple) or (
            selection[0] == "table" and isinstance(selection[1], tuple)
        ):
            return True  # not a public time selection: never public
        on_key = self.keys.get(key, 0)
        atoms = (
            set(self.atoms)
            if not countries
            else {a for c in countries for a in self.country_atoms.get(c, ())}
        )
        for atom in atoms:
            selections = self.atoms[atom]
            own = selections.get(selection, 0) & on_key
            if not own:
                # Nothing of this atom in the answer: any other answer that shows some of it
                # is itself held to (1) for this atom.
                continue
            if self._factories(own) < minimum:
                return True
            for other in set(selections.values()):
                if 0 < self._factories(own ^ (other & on_key)) < minimum:
                    return True
        return False


def suppress(
    table: Table,
    audience: Audience,
    *,
    minimum: int = MIN_FACTORIES,
    audit: DifferenceAudit | None = None,
) -> list[dict]:
    """The rows as `audience` may read them: each with `suppressed`, figures None when it is.

    Primary: a row outside the audience's full view on fewer than `minimum` factories. Then,
    complementary, per (total, parts) group: while the total is published and the suppressed
    parts together cover fewer than `minimum` factories (so total − published parts would give
    them away), suppress the smallest published part the audience does not already read in full
    (hiding its own country from programme staff would protect nothing: they know it), or the
    total when no such part is left.
    """
    hidden = {
        id(row)
        for row in table.rows
        if not audience.sees_in_full(row["_countries"]) and row["factories"] < minimum
    }
    if audit is not None and table.rows:
        default = ("table", _year(table.slice), table.slice.cycle)
        exempt = audience.full_countries or frozenset()
        for row in table.rows:
            if id(row) in hidden or audience.sees_in_full(row["_countries"]):
                continue
            countries = {c for c in row["_countries"] if c not in exempt}
            if audit.discloses(row.get("_selection", default), row["_key"], countries, minimum):
                hidden.add(id(row))
    changed = True
    while changed:
        changed = False
        for total, parts in table.groups:
            if audience.sees_in_full(total["_countries"]):
                continue
            if id(total) in hidden:
                continue
            hidden_parts = [p for p in parts if id(p) in hidden]
            covered = sum(p["factories"] for p in hidden_parts)
            if not hidden_parts or covered >= minimum:
                continue
            shown = sorted(
                (
                    p
                    for p in parts
                    if id(p) not in hidden and not audience.sees_in_full(p["_countries"])
                ),
                key=lambda p: (p["factories"], p["country"] or ""),
            )
            hidden.add(id(shown[0]) if shown else id(total))
            changed = True
    out = []
    for row in table.rows:
        public = {k: v for k, v in row.items() if not k.startswith("_")}
        public["suppressed"] = id(row) in hidden
        if public["suppressed"]:
            for name in _FIGURES:
                if name in public:
                    public[name] = None
        out.append(public)
    return out


# Filters ----------------------------------------------------------------------------------------

INDUSTRY_ALIASES = {"garment": "apparel", "garments": "apparel"}


# The largest cycle an assessment can have (its column is a PositiveIntegerField).
MAX_CYCLE = 2_147_483_647


def parse_slice(params) -> Slice:
    """A `Slice` from query parameters (`country` repeatable, ISO alpha-2 or alpha-3; `industry`;
    `from`/`to` as YYYY-MM-DD; `cycle`; `compliance_point` by code). Every bad value is named in
    one ValidationError keyed by parameter."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from labourdesk.compliance.countries import code_index, resolve_country_code
    from labourdesk.compliance.models import Industry

    errors: dict[str, list[str]] = {}
    getlist = params.getlist if hasattr(params, "getlist") else lambda k: params.get(k) or []
    codes = [c for raw in getlist("country") for c in str(raw).split(",") if c.strip()]
    countries = []
    index = code_index() if codes else {}
    for code in codes:
        state = resolve_country_code(code, index)
        if state is None:
            errors.setdefault("country", []).append(
                _("Unknown country code “%s”: use ISO 3166 alpha-2 or alpha-3.") % code.strip()
            )
        elif state.pk not in countries:
            countries.append(state.pk)
    industry = str(params.get("industry") or "").strip().lower()
    industry = INDUSTRY_ALIASES.get(industry, industry)
    if industry and industry not in Industry.values:
        errors["industry"] = [
            _("Unknown industry “%(value)s”: one of %(choices)s.")
            % {"value": industry, "choices": ", ".join(["garment", *Industry.values])}
        ]
    dates = {}
    for name in ("from", "to"):
        raw = str(params.get(name) or "").strip()
        if raw:
            try:
                dates[name] = datetime.date.fromisoformat(raw)
            except ValueError:
                errors[name] = [_("Not a date YYYY-MM-DD: “%s”.") % raw]
    if "from" in dates and "to" in dates and dates["from"] > dates["to"]:
        errors["to"] = [
            _("“to” (%(to)s) is before “from” (%(from)s).")
            % {"to": dates["to"].isoformat(), "from": dates["from"].isoformat()}
        ]
    cycle = None
    raw = str(params.get("cycle") or "").strip()
    if raw:
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            errors["cycle"] = [_("The cycle is a whole number from 1: “%s”.") % raw[:40]]
        elif int(raw) > MAX_CYCLE:
            errors["cycle"] = [_("The cycle is at most %s.") % MAX_CYCLE]
        else:
            cycle = int(raw)
    point = None
    raw = str(params.get("compliance_point") or "").strip()
    if raw:
        point = CompliancePoint.objects.filter(code=raw).values_list("pk", flat=True).first()
        if point is None:
            errors["compliance_point"] = [_("Unknown compliance point “%s”.") % raw]
    if errors:
        raise ValidationError(errors)
    return Slice(
        countries=tuple(countries),
        industry=industry,
        date_from=dates.get("from"),
        date_to=dates.get("to"),
        cycle=cycle,
        compliance_point=point,
    )


# Definitions printed beside every table (pages, API answers, exports).


def definition(kind: str) -> str:
    from django.utils.translation import gettext as _

    common = _(
        "One assessment per factory: its latest in the date window (latest start date, then the "
        "most recent record), or the one of the chosen cycle. Only scored questions count. The "
        "interval is a 95 %% Wilson score interval. Figures resting on fewer than %(n)s factories "
        "are suppressed, and so is any figure that could be recovered from the others by "
        "difference."
    ) % {"n": MIN_FACTORIES}
    public = _(
        "Public figures are published per calendar year (a date window is widened to the whole "
        "year), and a figure is shown only when no other public figure differs from it by fewer "
        "than %(n)s factories: every country × industry it adds up has none or at least %(n)s "
        "factories, and against every other public year, cycle and trend panel the factories "
        "counted in one and not the other are none or at least %(n)s. So no answer minus "
        "another — a country against one of its industries, a comparison against one of its "
        "countries, a year against all years, a cycle against a year — reaches fewer than "
        "%(n)s factories."
    ) % {"n": MIN_FACTORIES}
    lead = {
        "compliance_points": _(
            "Non-compliance rate of a compliance point: factories with a finding on any scored "
            "question of the point ÷ factories assessed on it."
        ),
        "questions": _(
            "Non-compliance rate of a question (the same global question across questionnaire "
            "versions and countries): assessments with a finding ÷ assessments."
        ),
        "trends": _(
            "Panel trend: the factories that reached the panel's cycle, at each of their cycles "
            "up to it; per cycle, non-compliant factories ÷ factories assessed."
        ),
        "factories": _(
            "Per factory: compliance points with a finding ÷ compliance points assessed."
        ),
    }[kind]
    return f"{lead} {common} {public}"


_RATE_COLUMNS = ["factories", "non_compliant", "rate", "ci_low", "ci_high", "suppressed"]
_CP_COLUMNS = ["cluster", "compliance_point", "cluster_label", "compliance_point_label"]
TABLE_COLUMNS = {
    "compliance_points": ["country", *_CP_COLUMNS, *_RATE_COLUMNS],
    "questions": ["country", "global_key", "question", *_CP_COLUMNS, *_RATE_COLUMNS],
    "trends": ["country", "cycle", *_CP_COLUMNS, *_RATE_COLUMNS],
    "factories": [
        "country",
        "factory",
        "factory_id",
        "assessment",
        "compliance_points",
        "non_compliant",
        "rate",
        "ci_low",
        "ci_high",
    ],
}
_BUILDERS = {
    "compliance_points": compliance_point_table,
    "questions": question_table,
    "trends": trend_table,
}


def published_table(kind: str, slice_: Slice, user, *, language: str | None = None) -> dict:
    """{"rows", "cycle", "definition"}: the table as `user` may read it. The per-factory table
    holds only the factories of countries the user sees in full (programme staff)."""
    audience = audience_for(user)
    if kind == "factories":
        table = factory_table(slice_)
        rows = [
            {k: v for k, v in r.items() if not k.startswith("_")}
            for r in table.rows
            if audience.sees_in_full(r["_countries"])
        ]
    else:
        audit = None
        if not audience.sees_in_full(slice_.countries):
            # Some figure may be public: the window is a public one, and the answer is checked
            # against every other public answer (DifferenceAudit).
            slice_ = public_window(slice_)
            audit = DifferenceAudit(
                slice_, exempt=audience.full_countries, questions=kind == "questions"
            )
        table = _BUILDERS[kind](slice_, language=language)
        rows = suppress(table, audience, audit=audit)
    return {
        "rows": rows,
        "cycle": table.cycle,
        "definition": definition(kind),
        "window": {
            "from": slice_.date_from.isoformat() if slice_.date_from else None,
            "to": slice_.date_to.isoformat() if slice_.date_to else None,
        },
    }
