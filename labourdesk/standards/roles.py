"""Model permissions per role for the standards app (see labourdesk.core.roles).

Reading is public (the querysets open the catalogue to everyone); importing ratifications,
comments and law links is the administrator's.
"""

_IMPORTED = ["dataset", "coverage", "ratification", "supervisorycomment", "nationallawlink"]

PERMISSIONS = {
    "administrator": [
        *[f"standards.{a}_{m}" for m in _IMPORTED for a in ("view", "add", "change", "delete")],
        "standards.view_ratificationchange",
    ],
}
