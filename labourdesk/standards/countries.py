"""Country names as sources write them (NORMLEX's formal UN names, ISO codes) → member states."""

import re
import unicodedata

from labourdesk.standards.models import MemberState, _territory_names

# Names NORMLEX and the UN use that are neither ILOSTAT's name, the short name, nor CLDR's
# English name. Keys are normalised (see `normalise_name`).
FORMAL_NAMES = {
    "bolivia plurinational state of": "BOL",
    "congo democratic republic of the": "COD",
    "democratic republic of the congo": "COD",
    "iran islamic republic of": "IRN",
    "korea republic of": "KOR",
    "republic of korea": "KOR",
    "lao peoples democratic republic": "LAO",
    "moldova republic of": "MDA",
    "republic of moldova": "MDA",
    "north macedonia": "MKD",
    "the former yugoslav republic of macedonia": "MKD",
    "tanzania united republic of": "TZA",
    "united republic of tanzania": "TZA",
    "venezuela bolivarian republic of": "VEN",
    "turkiye": "TUR",
    "viet nam": "VNM",
    "cote divoire": "CIV",
    "czechia": "CZE",
    "czech republic": "CZE",
    "syrian arab republic": "SYR",
    "united kingdom of great britain and northern ireland": "GBR",
    "united states of america": "USA",
    "russian federation": "RUS",
    "eswatini": "SWZ",
    "swaziland": "SWZ",
    "cabo verde": "CPV",
    "gambia": "GMB",
    "bahamas": "BHS",
    "netherlands": "NLD",
    "kingdom of the netherlands": "NLD",
    "timor leste": "TLS",
    "sao tome and principe": "STP",
    "palau": "PLW",
    "brunei darussalam": "BRN",
    "libya": "LBY",
    "myanmar": "MMR",
}


def normalise_name(value: str) -> str:
    """Case, accents, punctuation and spacing do not matter (NORMLEX pads cells with spaces)."""
    text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9 ]+", "", text.casefold().replace("-", " "))
    return " ".join(text.split())


class CountryResolver:
    """Resolves ISO alpha-3, alpha-2 (with aliases such as UK) and names to member states.

    Built once per import: it reads the 187 member states in one query.
    """

    def __init__(self) -> None:
        english = _territory_names("en")
        self.by_iso3: dict[str, MemberState] = {}
        self.by_iso2: dict[str, MemberState] = {}
        self.by_name: dict[str, MemberState] = {}
        for state in MemberState.objects.all():
            self.by_iso3[state.iso3] = state
            self.by_iso2[state.iso2] = state
            for alias in state.iso2_aliases:
                self.by_iso2.setdefault(alias, state)
            for candidate in (state.name, state.short_name, english.get(state.iso2, "")):
                if candidate:
                    self.by_name.setdefault(normalise_name(candidate), state)
        for name, iso3 in FORMAL_NAMES.items():
            if iso3 in self.by_iso3:
                self.by_name.setdefault(name, self.by_iso3[iso3])

    def code(self, value: str) -> MemberState | None:
        code = (value or "").strip().upper()
        return self.by_iso3.get(code) if len(code) == 3 else self.by_iso2.get(code)

    def resolve(self, value: str) -> MemberState | None:
        text = (value or "").strip()
        if not text:
            return None
        return self.code(text) or self.by_name.get(normalise_name(text))
