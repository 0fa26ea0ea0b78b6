"""Property-based: random sequences of changes to the cases, followed by the incremental roll-up
(deltas, watermarks, recounts), leave exactly the counts of a full rebuild from scratch.

The changes are those the Helpdesk makes through the ORM (creation, triage, answer,
classification from either side of the many-to-many tables, deletion) and a bulk insert that
sends no signal; reports are drawn between them at random, so deltas are applied in batches of
every size. Each hypothesis example runs in the test's transaction and is rolled back.
"""

import datetime as dt

from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from labourdesk.helpdesk.models import Case, Region, Sector, Topic, UserType
from labourdesk.reports.models import MonthlyCount, RollupDelta
from labourdesk.reports.rollup import ensure_rollup, rollup_invalidate
from labourdesk.reports.tests.factories import zurich

# Month ends and starts in Geneva time (a month boundary is where a wrong conversion shows).
EDGES = [
    zurich(2023, 3, 1, 0, 0),
    zurich(2024, 2, 29, 23, 59),
    zurich(2024, 3, 1, 0, 0),
    zurich(2024, 10, 27, 2, 30),
    zurich(2025, 2, 28, 23, 59),
]
moments = st.one_of(
    st.sampled_from(EDGES),
    st.datetimes(min_value=dt.datetime(2023, 3, 1), max_value=dt.datetime(2026, 2, 28)).map(
        lambda d: d.replace(tzinfo=EDGES[0].tzinfo)
    ),
)
USER_TYPES = ["mne", "ngo", "sme"]
REGIONS = ["africa", "east_asia", "western_europe"]
CONCERNED = ["africa", "east_asia", "global_unspecified"]
SECTORS = ["agriculture", "mining", "finance"]
TOPICS = ["osh", "wages", "child_labour"]
M2M = {"t3": ("regions_concerned", CONCERNED), "t4": ("sectors", SECTORS), "t5": ("topics", TOPICS)}

case_index = st.integers(min_value=0, max_value=40)
classification = st.fixed_dictionaries(
    {
        "user_type": st.none() | st.sampled_from(USER_TYPES),
        "user_region": st.none() | st.sampled_from(REGIONS),
        "t3": st.sets(st.sampled_from(CONCERNED), max_size=2),
        "t4": st.sets(st.sampled_from(SECTORS), max_size=2),
        "t5": st.sets(st.sampled_from(TOPICS), max_size=3),
    }
)
admissibility = st.sampled_from([True, True, False, None])
admitted_case = st.tuples(st.just("create"), st.just(True), moments, classification)
operations = st.one_of(
    st.tuples(st.just("create"), admissibility, moments, classification),
    st.tuples(st.just("bulk"), moments, st.sampled_from(USER_TYPES), st.sampled_from(TOPICS)),
    st.tuples(st.just("triage"), case_index, admissibility, moments),
    st.tuples(st.just("answer"), case_index, st.booleans()),
    st.tuples(st.just("classify"), case_index, classification),
    st.tuples(
        st.just("term"),
        case_index,
        st.sampled_from(sorted(M2M)),
        st.integers(0, 2),
        st.sampled_from(["add", "remove"]),
    ),
    st.tuples(
        st.just("reverse"),
        case_index,
        st.sampled_from(sorted(M2M)),
        st.integers(0, 2),
        st.sampled_from(["add", "remove", "clear"]),
    ),
    st.tuples(st.just("stale_save"), case_index, st.sampled_from(USER_TYPES)),
    st.tuples(st.just("delete"), case_index),
    st.just(("report",)),
)
# The first case is admitted and stays so, never deleted: the world is never empty.
sequences = st.tuples(admitted_case, st.lists(operations, min_size=1, max_size=25))


class Terms:
    def __init__(self):
        self.types = {t.code: t for t in UserType.objects.filter(code__in=USER_TYPES)}
        self.regions = {r.code: r for r in Region.objects.all()}
        self.by_table = {
            "t3": {c: self.regions[c] for c in CONCERNED},
            "t4": {s.code: s for s in Sector.objects.filter(code__in=SECTORS)},
            "t5": {t.code: t for t in Topic.objects.filter(code__in=TOPICS)},
        }

    def classify(self, case: Case, spec: dict) -> None:
        """As the classify step does: the many-to-many tables, then the case's own fields."""
        for table, (field, _codes) in M2M.items():
            getattr(case, field).set([self.by_table[table][c] for c in spec[table]])
        case.user_type = self.types.get(spec["user_type"])
        case.user_region = self.regions.get(spec["user_region"])
        case.save(update_fields=["user_type", "user_region", "updated_at"])


def _admission(case: Case, admissible, at) -> None:
    case.admissible = admissible
    case.inadmissible_reason = "spam" if admissible is False else ""
    case.admitted_at = at if admissible else None


def _apply(op, cases: list[Case], terms: Terms) -> None:
    kind = op[0]
    if kind == "create":
        _kind, admissible, at, spec = op
        case = Case(subject="property")
        _admission(case, admissible, at)
        case.save()
        terms.classify(case, spec)
        cases.append(case)
        return
    if kind == "bulk":  # no signal: the watermarks find it
        _kind, at, user_type, topic = op
        (case,) = Case.objects.bulk_create(
            [Case(admissible=True, admitted_at=at, user_type=terms.types[user_type])]
        )
        Case.topics.through.objects.bulk_create(
            [Case.topics.through(case_id=case.pk, topic=terms.by_table["t5"][topic])]
        )
        cases.append(Case.objects.get(pk=case.pk))
        return
    if kind == "report":
        ensure_rollup()
        return
    case = cases[op[1] % len(cases)]
    if kind == "triage":
        # The first case stays admitted (it may move to another month).
        _admission(case, True if case is cases[0] else op[2], op[3])
        case.save(update_fields=["admissible", "inadmissible_reason", "admitted_at"])
    elif kind == "answer":
        case.first_answer_at = timezone.now() if op[2] else None
        case.save(update_fields=["first_answer_at"])
    elif kind == "classify":
        terms.classify(case, op[2])
    elif kind == "term":
        _kind, _i, table, n, action = op
        field, codes = M2M[table]
        getattr(getattr(case, field), action)(terms.by_table[table][codes[n]])
    elif kind == "reverse":
        _kind, _i, table, n, action = op
        field, codes = M2M[table]
        term = terms.by_table[table][codes[n]]
        related = getattr(term, Case._meta.get_field(field).remote_field.get_accessor_name())
        if action == "clear":
            related.clear()
        else:
            getattr(related, action)(case)
    elif kind == "stale_save":
        # An instance loaded earlier, saved whole after other changes: the old state is read
        # from the database, not from what this instance remembers.
        stale = Case.objects.get(pk=case.pk)
        case.first_answer_at = timezone.now()
        case.save(update_fields=["first_answer_at"])
        stale.user_type = terms.types[op[2]]
        stale.save()
        cases[cases.index(case)] = stale
    elif kind == "delete" and case is not cases[0]:
        case.delete()
        cases.remove(case)


def _table() -> dict[tuple[str, int, dt.date], int]:
    return {(r.table, r.term_id, r.month): r.count for r in MonthlyCount.objects.all()}


class IncrementalRollupEqualsFullRebuild(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_reference_data", verbosity=0)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(sequences)
    def test_incremental_equals_full(self, sequence):
        first, ops = sequence
        terms = Terms()
        ensure_rollup()  # the roll-up is current before the changes begin
        cases: list[Case] = []
        for op in (first, *ops):
            _apply(op, cases, terms)
        ensure_rollup()
        incremental = _table()
        assert not RollupDelta.objects.exists()
        rollup_invalidate()
        assert ensure_rollup()
        full = _table()
        # Not an empty world: the first case is admitted and still there.
        assert Case.objects.admissible().exists()
        assert full and full.get(("t0", 0, min(m for _t, _k, m in full)))
        assert incremental == full
