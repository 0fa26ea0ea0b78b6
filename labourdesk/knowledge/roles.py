"""What each role may do on the portal.

`PERMISSIONS` are model permissions (set by core.roles.sync_roles). Wagtail's page rights are
per subtree (`GroupPagePermission`): `PAGE_PERMISSIONS` lists them for every locale's home, or
only for the translated locales (`TRANSLATED_ONLY`), and `reference.py` applies them. Publishing
is the helpdesk manager's; a content editor's page goes live through the moderation workflow,
approved by a second person (a content editor or a helpdesk manager: `APPROVERS`).
"""

_ADMIN_ACCESS = ["wagtailadmin.access_admin"]
_MEDIA = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

PERMISSIONS = {
    "content_editor": [
        *_ADMIN_ACCESS,
        *_MEDIA,
        "wagtail_localize.submit_translation",
        "knowledge.view_portallink",
        "knowledge.change_portallink",
        "knowledge.add_portallink",
        "knowledge.view_anonymisationfinding",
    ],
    "translator": [*_ADMIN_ACCESS],
    "helpdesk_manager": [
        *_ADMIN_ACCESS,
        "wagtail_localize.submit_translation",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "knowledge.view_publicationproposal",
        "knowledge.view_anonymisationfinding",
    ],
    "helpdesk_expert": ["knowledge.add_publicationproposal", "knowledge.view_publicationproposal"],
    "administrator": [*_ADMIN_ACCESS],
}

# Page permission codenames of Wagtail, per role, on every locale's portal home.
PAGE_PERMISSIONS = {
    "content_editor": ["add_page", "change_page"],
    "helpdesk_manager": ["add_page", "change_page", "publish_page"],
    "administrator": ["add_page", "change_page", "publish_page", "bulk_delete_page"],
}
# Translators edit the translated trees only (never the source locale), and publish nothing.
TRANSLATED_ONLY = {"translator": ["change_page"]}

# The groups of the second-person approval task of the "Portal review" workflow.
APPROVERS = ["content_editor", "helpdesk_manager"]
