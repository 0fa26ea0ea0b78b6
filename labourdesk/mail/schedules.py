"""Periodic work of the mail app (run by `manage.py scheduler`)."""

from django.conf import settings

from labourdesk.mail.tasks import fetch_mail, retry_outbound

SCHEDULES = [
    ("mail.fetch", getattr(settings, "IMAP_POLL_SECONDS", 60), fetch_mail),
    ("mail.retry_outbound", 15 * 60, retry_outbound),
]
