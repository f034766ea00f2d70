"""Maps drawn from the data the repository ships: the base map, the places of the course, distances between them."""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.collections import PolyCollection

from leningov.data import load

#: Longitude/latitude extents of the maps the lessons draw.
EXTENTS = {
    "empire": (18.0, 145.0, 38.0, 70.0),
    "european_russia": (18.0, 62.0, 40.0, 68.5),
}
EARTH_RADIUS_KM = 6371.0
LAND = "#f1ede4"
WATER = "#dbe7f0"


@functools.cache
def _rings() -> list[tuple[str, np.ndarray]]:
    base = load("basemap").sort_values(["ring_id", "seq"])
    return [(str(group["kind"].iloc[0]), group[["lon", "lat"]].to_numpy(dtype=float))
            for _, group in base.groupby("ring_id", sort=True)]


@functools.lru_cache(maxsize=16)
def _polygons(bounds: tuple, step: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The land and lake rings that reach into ``bounds``, every ``step``-th vertex kept."""
    x0, x1, y0, y1 = bounds
    land, lakes = [], []
    for kind, xy in _rings():
        if xy[:, 0].max() < x0 or xy[:, 0].min() > x1 or xy[:, 1].max() < y0 or xy[:, 1].min() > y1:
            continue
        if step > 1 and len(xy) > 4 * step:
            xy = xy[::step]
        (land if kind == "land" else lakes).append(xy)
    return land, lakes


def draw_basemap(ax, extent: str | tuple = "empire", step: int = 1) -> None:
    """Coastlines of today (no borders) on a plain longitude/latitude grid.

    The land and the lakes are drawn as two shapes (two matplotlib collections), so a map redraws quickly in a
    widget; ``step=3`` keeps every third vertex of each coastline, for a small live map.
    """
    bounds = tuple(EXTENTS[extent] if isinstance(extent, str) else extent)
    x0, x1, y0, y1 = bounds
    land, lakes = _polygons(bounds, max(1, int(step)))
    ax.set_facecolor(WATER)
    ax.add_collection(PolyCollection(land, facecolors=LAND, edgecolors="#9a9a9a", linewidths=0.4, zorder=0))
    ax.add_collection(PolyCollection(lakes, facecolors=WATER, edgecolors="#9a9a9a", linewidths=0.4, zorder=0))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    # near 55°N a degree of longitude is about 0.57 of a degree of latitude
    ax.set_aspect(1 / np.cos(np.radians((y0 + y1) / 2)))
    ax.grid(False)
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")


def place_coordinates() -> dict[str, tuple[float, float]]:
    places = load("places").set_index("place_id")
    return {pid: (float(row.lon), float(row.lat)) for pid, row in places.iterrows()}


def distance_km(lon, lat, to: tuple[float, float]):
    """Great-circle (haversine) distance in kilometres from points ``(lon, lat)`` (numbers or arrays) to the one
    point ``to = (lon, lat)``. The coordinates of places.csv are rounded to 0.01°, so distances are good to ~1 km.
    """
    lon1, lat1 = np.radians(np.asarray(lon, dtype=float)), np.radians(np.asarray(lat, dtype=float))
    lon2, lat2 = np.radians(float(to[0])), np.radians(float(to[1]))
    h = np.sin((lat1 - lat2) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon1 - lon2) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(h))


def places_near(place_id: str, km: float, places=None) -> list[str]:
    """The place and every place within ``km`` of it, e.g. Moscow with the Kremlin; the place itself first."""
    places = load("places") if places is None else places
    table = places.set_index("place_id")
    if place_id not in table.index:
        raise KeyError(f"{place_id!r} is not a place_id in data/places.csv")
    distance = distance_km(table["lon"], table["lat"], tuple(table.loc[place_id, ["lon", "lat"]]))
    near = table.index[distance <= km]
    return [place_id] + sorted(p for p in near if p != place_id)
