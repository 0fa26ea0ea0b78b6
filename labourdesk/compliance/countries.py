"""Country names and codes → member states, for importers, statistics filters and pages.

Better Work's exports name countries ("Viet Nam", "Indonesia", "Jordan"); our filters take ISO
codes. Both resolve against the standards app's member states: ISO alpha-3, alpha-2 and its
aliases, the catalogue's names (ILOSTAT's and the short one), and the English CLDR name
("Vietnam"), case- and whitespace-insensitively. One country, one displayed name:
`MemberState.localized_name()`.
"""

from labourdesk.standards.models import MemberState, _territory_names


def normalise_country_key(value) -> str:
    return " ".join(str(value or "").split()).casefold()


def country_index() -> dict[str, MemberState]:
    """{normalised name or code: member state}; codes win over names when both collide."""
    english = _territory_names("en")
    names: dict[str, MemberState] = {}
    codes: dict[str, MemberState] = {}
    for state in MemberState.objects.all():
        for name in (state.name, state.short_name, english.get(state.iso2)):
            if name:
                names.setdefault(normalise_country_key(name), state)
        for code in (state.iso3, state.iso2, *(state.iso2_aliases or [])):
            if code:
                codes[normalise_country_key(code)] = state
    return {**names, **codes}


def resolve_country_name(value, index: dict[str, MemberState]) -> MemberState | None:
    return index.get(normalise_country_key(value))


def code_index() -> dict[str, MemberState]:
    """{normalised ISO code: member state}: alpha-3, alpha-2 and the two-letter aliases."""
    codes: dict[str, MemberState] = {}
    for state in MemberState.objects.all():
        for code in (state.iso3, state.iso2, *(state.iso2_aliases or [])):
            if code:
                codes[normalise_country_key(code)] = state
    return codes


def resolve_country_code(value, index: dict[str, MemberState] | None = None) -> MemberState | None:
    """ISO alpha-2 (or an alias such as UK) or alpha-3 only: what an API filter takes."""
    key = normalise_country_key(value)
    if len(key) not in (2, 3):
        return None
    return (index if index is not None else code_index()).get(key)
