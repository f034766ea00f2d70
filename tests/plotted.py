"""Read back what ``leningov.figures.draw_dated_events`` drew on an axes, so tests check dates, not artists."""

from __future__ import annotations

import pandas as pd
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.dates import num2date


def _day(value) -> pd.Timestamp:
    return pd.Timestamp(num2date(value).date())


def dots(ax) -> list[tuple[pd.Timestamp, float, bool]]:
    """(date, y, hollow) of every event marker, hollow for a date known only to the month or year."""
    found = []
    for collection in ax.collections:
        if not isinstance(collection, PathCollection):
            continue
        faces = collection.get_facecolors()
        for i, (x, y) in enumerate(collection.get_offsets()):
            face = faces[i % len(faces)] if len(faces) else None
            hollow = face is not None and tuple(face[:3]) == (1.0, 1.0, 1.0)
            found.append((_day(x), float(y), hollow))
    return found


def bars(ax) -> list[tuple[pd.Timestamp, pd.Timestamp, float]]:
    """(first day, last day, y) of every span drawn for a partial date."""
    return [
        (_day(x0), _day(x1), float(y0))
        for collection in ax.collections
        if isinstance(collection, LineCollection)
        for (x0, y0), (x1, _y1) in collection.get_segments()
    ]
