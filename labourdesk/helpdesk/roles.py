"""What each role may do in the Helpdesk (model permissions; the querysets narrow further)."""

_READ = [
    "helpdesk.view_case",
    "helpdesk.view_inquiry",
    "helpdesk.view_caseevent",
    "helpdesk.view_consultation",
    "helpdesk.view_note",
    "helpdesk.view_draft",
    "helpdesk.view_clearance",
    "helpdesk.view_paragraph",
    "helpdesk.view_responsetarget",
    "helpdesk.view_usertype",
    "helpdesk.view_region",
    "helpdesk.view_sector",
    "helpdesk.view_topicdomain",
    "helpdesk.view_topic",
]
_EXPERT = [
    *_READ,
    "helpdesk.change_case",
    "helpdesk.add_consultation",
    "helpdesk.change_consultation",
    "helpdesk.add_note",
    "helpdesk.add_draft",
]
_TAXONOMY = [
    f"helpdesk.{action}_{model}"
    for model in ("usertype", "region", "sector", "topicdomain", "topic", "paragraph")
    for action in ("add", "change")
]

PERMISSIONS = {
    "helpdesk_expert": _EXPERT,
    # Managers clear drafts (never their own: the service checks) and keep the taxonomies.
    "helpdesk_manager": [
        *_EXPERT,
        *_TAXONOMY,
        "helpdesk.clear_draft",
        "helpdesk.change_responsetarget",
        "helpdesk.add_responsetarget",
    ],
    "administrator": ["helpdesk.clear_draft"],
}
