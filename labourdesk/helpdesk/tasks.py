"""Helpdesk background tasks."""

from django_tasks import task

from labourdesk.helpdesk.services.reminders import overdue_remind


@task()
def remind_overdue_cases() -> int:
    return overdue_remind()
