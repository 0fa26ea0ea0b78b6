"""Periodic statistics work, enqueued by `manage.py scheduler`."""

from labourdesk.analytics.tasks import prune, rollup

SCHEDULES = [("analytics.rollup", 900, rollup), ("analytics.prune", 6 * 3600, prune)]
