from django_tasks import task

from labourdesk.analytics.collector import buffer
from labourdesk.analytics.services import analytics_prune, analytics_rollup


@task()
def rollup() -> int:
    buffer.flush()
    return sum(analytics_rollup().values())


@task()
def prune() -> int:
    return analytics_prune()
