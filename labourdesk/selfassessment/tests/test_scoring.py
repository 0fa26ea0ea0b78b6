"""Scores and the plan's order on fixed answer sets (no database)."""

from labourdesk.selfassessment.scoring import ScoredQuestion, gap_timeframe, plan, score

Q = [
    ScoredQuestion("child", "fundamental", "now", critical=True, position=10),
    ScoredQuestion("equal-pay", "fundamental", "3m", position=20),
    ScoredQuestion("exits", "osh", "now", critical=True, position=30),
    ScoredQuestion("ppe", "osh", "3m", position=40),
    ScoredQuestion("payslip", "wages", "3m", position=50),
    ScoredQuestion("skills", "management", "12m", position=60),
    ScoredQuestion("records", "management", "6m", position=70, allow_not_applicable=True),
]


def test_all_yes_scores_100_and_has_no_plan():
    answers = {q.code: "yes" for q in Q}
    results = score(Q, answers)
    assert [r.score for r in results.values()] == [100, 100, 100, 100]
    assert all(r.band == "good" for r in results.values())
    assert plan(Q, answers) == []


def test_points_partly_and_not_applicable():
    answers = {
        "child": "yes",
        "equal-pay": "partly",
        "exits": "no",
        "ppe": "no",
        "payslip": "partly",
        "skills": "no",
        "records": "na",
    }
    results = score(Q, answers)
    assert results["fundamental"].score == 75  # (2 + 1) / 4
    assert results["fundamental"].band == "some"
    assert results["osh"].score == 0 and results["osh"].band == "serious"
    assert results["wages"].score == 50
    # "does not apply" is left out: 0 of 2 possible, not 0 of 4
    assert results["management"].score == 0 and results["management"].possible == 2
    assert results["management"].answered == 2 and results["management"].complete


def test_nothing_answered_is_not_scored():
    results = score(Q, {})
    assert all(r.score is None and r.band is None for r in results.values())
    only_na = score(Q, {"records": "na"})
    assert only_na["management"].score is None


def test_plan_puts_fundamental_and_osh_first_critical_and_no_first():
    answers = {
        "child": "partly",
        "equal-pay": "no",
        "exits": "no",
        "ppe": "partly",
        "payslip": "no",
        "skills": "no",
        "records": "partly",
    }
    order = [g.code for g in plan(Q, answers)]
    # fundamental and OSH (priority 0): critical first ("exits" is no, "child" partly: both
    # critical, "no" first), then "equal-pay" (no), then "ppe" (partly); then wages; then
    # management, where "no" (skills) comes before "partly" (records).
    assert order == ["exits", "child", "equal-pay", "ppe", "payslip", "skills", "records"]


def test_partly_gets_a_longer_timeframe_unless_critical():
    critical, normal, last = Q[0], Q[1], Q[5]
    assert gap_timeframe(critical, "partly") == "now"
    assert gap_timeframe(normal, "partly") == "6m"
    assert gap_timeframe(normal, "no") == "3m"
    assert gap_timeframe(last, "partly") == "12m"  # nothing longer than 12 months
    gaps = {g.code: g for g in plan(Q, {"equal-pay": "partly", "child": "partly"})}
    assert gaps["equal-pay"].timeframe == "6m" and gaps["child"].timeframe == "now"
