"""The set-based roll-up (PostgreSQL: one statement with GROUPING SETS; SQLite: one statement per
dimension) gives exactly the figures of the per-day ORM roll-up."""

import pytest

from labourdesk.analytics.models import DailyStat, PageView
from labourdesk.analytics.services import rollup_day, rollup_days_sql
from labourdesk.analytics.tests.test_simulated_day import NEXT, D, counting, replay  # noqa: F401


def _all():
    return sorted(
        DailyStat.objects.values_list(
            "day", "dimension", "value", "language", "theme", "title", "visits", "pageviews",
            "visitors",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_the_sql_roll_up_equals_the_orm_roll_up(client, counting):  # noqa: F811
    replay(client, counting)
    PageView.objects.filter(path="/en/").update(theme="demo", title="Home")
    for day in (D, NEXT):
        rollup_day(day=day)
    orm = _all()
    assert orm
    assert rollup_days_sql(days=[D, NEXT]) == {
        D: len([r for r in orm if r[0] == D]),
        NEXT: len([r for r in orm if r[0] == NEXT]),
    }
    assert _all() == orm
    rollup_days_sql(days=[D, NEXT])  # idempotent
    assert _all() == orm
