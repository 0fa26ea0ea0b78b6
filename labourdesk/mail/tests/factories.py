"""Messages built for tests, as bytes (what a mailbox holds)."""

from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone


def make_mail(
    *,
    subject: str = "Question on working hours",
    sender: str = "Ana Pereira <ana@company.example>",
    to: str = "helpdesk@labourdesk.localhost",
    body: str = "How do ILO standards limit overtime in our factories?",
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict | None = None,
    html: str = "",
    attachments: list[tuple[str, str, bytes]] = (),
) -> bytes:
    msg = EmailMessage()
    if sender:
        msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = message_id or make_msgid(domain="company.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for name, ctype, payload in attachments:
        maintype, subtype = ctype.split("/")
        msg.add_attachment(payload, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()
