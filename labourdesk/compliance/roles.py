"""Model permissions per role for the compliance app (see labourdesk.core.roles).

The permission says what kind of record a role may touch; `querysets.py` narrows it to the
factories the user may see (country programme, own factory, consented buyer).
"""


def _perms(model: str, *actions: str) -> list[str]:
    return [f"compliance.{a}_{model}" for a in actions]


_REMEDIATION = ["improvementaction", "progressreport", "advisoryvisit", "piccmember", "piccmeeting"]

_ADVISOR = [
    *_perms("countryprogramme", "view"),
    *_perms("questionnaireversion", "view"),
    *_perms("question", "view"),
    *_perms("factory", "view"),
    *_perms("buyer", "view"),
    *_perms("factorybuyer", "view"),
    *_perms("reportconsent", "view"),
    *_perms("assessment", "view", "add", "change"),
    *_perms("finding", "view", "add", "change"),
    *[p for m in _REMEDIATION for p in _perms(m, "view", "add", "change")],
    *_perms("importrun", "view", "add"),
]

PERMISSIONS = {
    "enterprise_advisor": _ADVISOR,
    "programme_manager": [
        *_ADVISOR,
        *_perms("questionnaireversion", "add", "change"),
        *_perms("question", "add", "change"),
        *_perms("factory", "add", "change"),
        *_perms("buyer", "add", "change"),
        *_perms("factorybuyer", "add", "change", "delete"),
    ],
    "factory_user": [
        *_perms("factory", "view"),
        *_perms("buyer", "view"),
        *_perms("factorybuyer", "view"),
        *_perms("reportconsent", "view", "add", "change"),
        *_perms("assessment", "view"),
        *_perms("finding", "view"),
        *_perms("improvementaction", "view", "add", "change"),
        *_perms("progressreport", "view", "add"),
        *_perms("piccmember", "view", "add", "change"),
        *_perms("piccmeeting", "view", "add", "change"),
    ],
    "buyer_user": [
        *_perms("factory", "view"),
        *_perms("buyer", "view"),
        *_perms("factorybuyer", "view"),
        *_perms("reportconsent", "view"),
        *_perms("assessment", "view"),
        *_perms("finding", "view"),
        *_perms("improvementaction", "view"),
        *_perms("progressreport", "view"),
    ],
}
