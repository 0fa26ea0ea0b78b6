"""What each role may do with mail: the quarantine is a Helpdesk task."""

_READ = [
    "mail.view_inboundmail",
    "mail.view_mailattachment",
    "mail.view_mailboxstate",
    "mail.view_outboundmessage",
]

PERMISSIONS = {
    "helpdesk_expert": [*_READ, "mail.change_inboundmail"],
    "helpdesk_manager": [*_READ, "mail.change_inboundmail"],
}
