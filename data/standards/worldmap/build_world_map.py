"""Build world_map.json (SVG paths per ISO alpha-3) from the npm packages world-atlas 2.0.2
(Natural Earth 4.1.0 Admin 0, public domain; TopoJSON by Mike Bostock, ISC) and
i18n-iso-countries 7.14.0 (ISO 3166 numeric → alpha-3 codes, MIT).

    npm pack world-atlas@2.0.2 i18n-iso-countries@7.14.0   # then unpack both
    python data/standards/worldmap/build_world_map.py WORLD_ATLAS_DIR ISO_COUNTRIES_DIR

Shapes come from the 1:110m file; member states too small to appear there get a marker at the
centre of their 1:50m shape. Equirectangular projection, 60°S–84°N, 1000 × 430 units.
"""

import itertools
import json
import sys
from pathlib import Path

WIDTH, NORTH, SOUTH = 1000, 84.0, -60.0
SCALE = WIDTH / 360
HEIGHT = round((NORTH - SOUTH) * SCALE)


def decode_arcs(topology):
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring, arcs):
    points = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def project(lon, lat):
    lat = max(min(lat, NORTH), SOUTH)
    return round((lon + 180) * SCALE, 1), round((NORTH - lat) * SCALE, 1)


def polygons(geometry):
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def path_of(geometry, arcs):
    parts = []
    for polygon in polygons(geometry):
        for ring in polygon:
            points = []
            for lon, lat in ring_points(ring, arcs):
                p = project(lon, lat)
                if not points or p != points[-1]:
                    points.append(p)
            if len(points) < 3:
                continue
            # A ring that crosses the antimeridian (Fiji, Russia) jumps across the map: lift
            # the pen there instead of drawing a line through the world.
            text = f"M{points[0][0]:g},{points[0][1]:g}"
            for (px, _py), (x, y) in itertools.pairwise(points):
                text += ("M" if abs(x - px) > WIDTH / 2 else "L") + f"{x:g},{y:g}"
            parts.append(text + "Z")
    return "".join(parts)


def centre_of(geometry, arcs):
    xs, ys = [], []
    for polygon in polygons(geometry):
        for lon, lat in ring_points(polygon[0], arcs):
            xs.append(lon)
            ys.append(lat)
    return project((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def main(atlas: Path, iso: Path, out: Path) -> None:
    numeric = {n: a3 for _a2, a3, n, *_rest in json.loads((iso / "codes.json").read_text())}
    shapes = {}
    small = json.loads((atlas / "countries-110m.json").read_text())
    arcs = decode_arcs(small)
    for geometry in small["objects"]["countries"]["geometries"]:
        iso3 = numeric.get(geometry.get("id", ""))
        if iso3 and iso3 != "ATA":
            shapes[iso3] = path_of(geometry, arcs)
    markers = {}
    medium = json.loads((atlas / "countries-50m.json").read_text())
    arcs50 = decode_arcs(medium)
    for geometry in medium["objects"]["countries"]["geometries"]:
        iso3 = numeric.get(geometry.get("id", ""))
        if iso3 and iso3 not in shapes and iso3 != "ATA":
            markers[iso3] = centre_of(geometry, arcs50)
    payload = {
        "width": WIDTH,
        "height": HEIGHT,
        "source": "Natural Earth 4.1.0 Admin 0 (public domain) via world-atlas 2.0.2",
        "shapes": shapes,
        "markers": {k: list(v) for k, v in markers.items()},
    }
    out.write_text(json.dumps(payload, separators=(",", ":"), sort_keys=True))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(__file__).with_name("world_map.json"))
