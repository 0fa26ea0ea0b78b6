"""The main navigation: each entry is shown to the roles that can use the page behind it.

The pages themselves enforce access; this only avoids showing links that would be refused.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from labourdesk.core.roles import (
    ADMINISTRATOR,
    BUYER_USER,
    ENTERPRISE_ADVISOR,
    FACTORY_USER,
    HELPDESK_EXPERT,
    HELPDESK_MANAGER,
    PROGRAMME_MANAGER,
    user_roles,
)

PUBLIC = None
HELPDESK = {HELPDESK_EXPERT, HELPDESK_MANAGER, ADMINISTRATOR}

ENTRIES = [
    ("core:home", _("Home"), PUBLIC),
    ("standards:instrument_list", _("Standards"), PUBLIC),
    ("compliance:dashboard", _("Compliance statistics"), PUBLIC),
    ("helpdesk:ask", _("Ask the Helpdesk"), PUBLIC),
    ("selfassessment:start", _("Self-assessment"), PUBLIC),
    ("helpdesk:queue", _("Case queue"), HELPDESK),
    ("mail:quarantine_list", _("Mail quarantine"), HELPDESK),
    ("reports:report", _("Annual report"), HELPDESK),
    (
        "compliance:factories",
        _("Factories"),
        {ENTERPRISE_ADVISOR, PROGRAMME_MANAGER, FACTORY_USER, ADMINISTRATOR},
    ),
    ("compliance:reports", _("Assessment reports"), {FACTORY_USER, BUYER_USER, ADMINISTRATOR}),
    ("compliance:consents", _("Buyer access"), {FACTORY_USER}),
    ("compliance:imports", _("Imports"), {PROGRAMME_MANAGER, ADMINISTRATOR}),
]


def navigation(request):
    roles = user_roles(getattr(request, "user", None))
    current = getattr(getattr(request, "resolver_match", None), "view_name", None)
    items = []
    for name, label, allowed in ENTRIES:
        if allowed is not PUBLIC and not (roles & allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:  # an app without that page in this deployment
            continue
        items.append({"url": url, "label": label, "current": name == current})
    return {"nav_items": items}
