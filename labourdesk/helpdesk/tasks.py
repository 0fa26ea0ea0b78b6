"""Helpdesk background tasks."""

from django_tasks import task

from labourdesk.helpdesk.services.reminders import overdue_remind


@task()
def remind_overdue_cases() -> int:
    return overdue_remind()


@task(queue_name="mail")
def acknowledge_case(case_id: int) -> bool:
    """The acknowledgement of a case opened by mail (enqueued by intake after commit)."""
    from labourdesk.helpdesk.services.mailbox import mail_case_acknowledge

    return mail_case_acknowledge(case_id=case_id)
