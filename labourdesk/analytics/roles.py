"""Who reads the website statistics: helpdesk managers and content editors (seed 004's website
section is theirs), and administrators."""

_READ = ["analytics.view_dailystat"]

PERMISSIONS = {
    "helpdesk_manager": _READ,
    "content_editor": _READ,
    "administrator": _READ,
}
