"""Regenerate ``data/basemap.csv`` from Natural Earth's 1:50m land polygons (``make basemap``).

The outlines come from the pinned npm package world-atlas (TopoJSON of Natural Earth, public domain); the lessons
draw maps from the CSV the repository ships, so nothing is downloaded when a lesson runs.
"""

from __future__ import annotations

import csv
import json
import sys

from tools import ROOT

BOX = (12.0, 180.0, 30.0, 78.0)  # lon min, lon max, lat min, lat max


def _decode(topo: dict) -> list[tuple[str, list[tuple[float, float]]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indices):
        points = []
        for i in indices:
            part = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(part if not points else part[1:])
        return points

    rings = []
    for geom in topo["objects"]["land"]["geometries"]:
        polygons = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        for polygon in polygons:
            rings.append(("land", ring(polygon[0])))
            rings.extend(("water", ring(hole)) for hole in polygon[1:])
    return rings


def _unwrap(ring):
    """Longitudes without jumps at the antimeridian, centred on the ring's median."""
    out = [ring[0]]
    for x, y in ring[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        out.append((x, y))
    mid = sorted(p[0] for p in out)[len(out) // 2]
    shift = 0
    while mid + shift >= 180:
        shift -= 360
    while mid + shift < -180:
        shift += 360
    return [(x + shift, y) for x, y in out]


def _clip(polygon, inside, intersect):
    """One edge of Sutherland-Hodgman clipping."""
    out = []
    if not polygon:
        return out
    prev = polygon[-1]
    for cur in polygon:
        if inside(cur):
            if not inside(prev):
                out.append(intersect(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(intersect(prev, cur))
        prev = cur
    return out


def _at_x(x):
    return lambda p, q: (x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0]))


def _at_y(y):
    return lambda p, q: (p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y)


def rows(topo: dict) -> list[tuple]:
    x0, x1, y0, y1 = BOX
    out = []
    number = 0
    for kind, ring in _decode(topo):
        p = _unwrap(ring)
        p = _clip(p, lambda a: a[0] >= x0, _at_x(x0))
        p = _clip(p, lambda a: a[0] <= x1, _at_x(x1))
        p = _clip(p, lambda a: a[1] >= y0, _at_y(y0))
        p = _clip(p, lambda a: a[1] <= y1, _at_y(y1))
        if len(p) < 4:
            continue
        if len(p) > 80:
            p = p[::2]
        points = []
        for x, y in p:
            q = (round(x, 2), round(y, 2))
            if not points or points[-1] != q:
                points.append(q)
        if len(points) < 4:
            continue
        if points[0] != points[-1]:
            points.append(points[0])
        number += 1
        out += [(f"{kind}_{number:03d}", kind, seq, x, y, "natural_earth") for seq, (x, y) in enumerate(points)]
    return out


def main() -> int:
    root = ROOT
    topo = json.loads((root / "node_modules" / "world-atlas" / "land-50m.json").read_text(encoding="utf-8"))
    with open(root / "data" / "basemap.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["ring_id", "kind", "seq", "lon", "lat", "source_id"])
        writer.writerows(rows(topo))
    print("wrote data/basemap.csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
