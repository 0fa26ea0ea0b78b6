"""The world map of an instrument's ratifications: a server-rendered SVG choropleth.

Shapes: data/standards/worldmap/world_map.json, built from Natural Earth (public domain) by the
script beside it. Member states too small for the 1:110m shapes are drawn as markers; one
(Tuvalu) is in neither file and shows only in the table, as every state does.
"""

import json
from functools import lru_cache

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from labourdesk.standards.models import RatificationStatus
from labourdesk.standards.selectors import NOT_RATIFIED

MAP_FILE = settings.BASE_DIR / "data" / "standards" / "worldmap" / "world_map.json"

# Legend keys → fill colours (the legend prints the words; colour is never the only carrier:
# every shape has a title and the page has the same data as a table).
FILLS = {
    "in_force": "#1d4f91",
    "not_in_force": "#7aa6d8",
    "denounced": "#b5403a",
    "not_ratified": "#e9dcae",
    "no_data": "#cfcfcf",
    "outside": "#f3f3f3",
}


def legend_labels() -> dict[str, str]:
    return {
        "in_force": _("Ratified (in force, or status not stated)"),
        "not_in_force": _("Ratified, not in force"),
        "denounced": _("Denounced"),
        "not_ratified": _("Not ratified (complete data)"),
        "no_data": _("No data"),
        "outside": _("Not an ILO member state"),
    }


@lru_cache(maxsize=1)
def _shapes() -> dict:
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def _key(ratification, state: str) -> str:
    if ratification is None:
        return "not_ratified" if state == NOT_RATIFIED else "no_data"
    if ratification.status == RatificationStatus.DENOUNCED:
        return "denounced"
    if ratification.status in (RatificationStatus.NOT_IN_FORCE, RatificationStatus.TEMPORARY):
        return "not_in_force"
    return "in_force"


def world_map(
    cells: dict[str, tuple[str, object, str]], *, title: str, desc: str
) -> tuple[str, list[tuple[str, str]]]:
    """`cells`: iso3 → (country name, ratification or None, coverage state). Returns the SVG
    and its legend, limited to the classes the map uses (a partly covered instrument's map has
    no "not ratified" class at all)."""
    data = _shapes()
    labels = legend_labels()
    parts = [
        f'<svg class="world-map" viewBox="0 0 {data["width"]} {data["height"]}" role="img" '
        f'aria-labelledby="map-title map-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="map-title">{escape(title)}</title><desc id="map-desc">{escape(desc)}</desc>'
        f'<rect width="{data["width"]}" height="{data["height"]}" fill="#ffffff"/>'
    ]
    for iso3, path in sorted(data["shapes"].items()):
        name, ratification, state = cells.get(iso3, (None, None, None))
        key = "outside" if name is None else _key(ratification, state)
        label = escape(f"{name}: {labels[key]}") if name else ""
        parts.append(
            f'<path d="{path}" fill="{FILLS[key]}" stroke="#ffffff" stroke-width="0.4">'
            + (f"<title>{label}</title>" if label else "")
            + "</path>"
        )
    for iso3, (x, y) in sorted(data["markers"].items()):
        if iso3 not in cells:
            continue
        name, ratification, state = cells[iso3]
        key = _key(ratification, state)
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="3" fill="{FILLS[key]}" stroke="#333" '
            f'stroke-width="0.5"><title>{escape(name)}: {escape(labels[key])}</title></circle>'
        )
    parts.append("</svg>")
    used = {"outside"} | {_key(r, s) for _n, r, s in cells.values()}
    legend = [(FILLS[k], labels[k]) for k in FILLS if k in used]
    return mark_safe("".join(parts)), legend  # noqa: S308 - names and labels are escaped above


def drawn_codes() -> set[str]:
    data = _shapes()
    return set(data["shapes"]) | set(data["markers"])
