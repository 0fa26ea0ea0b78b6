"""Periodic Helpdesk work, enqueued by `manage.py scheduler`."""

from labourdesk.helpdesk.tasks import remind_overdue_cases

SCHEDULES = [("helpdesk.remind_overdue_cases", 3600, remind_overdue_cases)]
