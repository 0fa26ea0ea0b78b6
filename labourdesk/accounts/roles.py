PERMISSIONS = {
    "administrator": ["accounts.view_user", "accounts.view_organisation", "core.view_auditentry"],
}
