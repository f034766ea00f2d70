"""Who held which office on a given day, with the rule for uncertain ends stated at every call.

``offices.csv`` leaves an office's end empty when the sources do not say when it ended. Whether such an office
counts as held on a later day is a historian's choice, not a fact, so ``held_on`` makes the caller say which:

- ``open_end="exclude"``: only offices *certainly* held that day (the end is known and not yet reached);
- ``open_end="include"``: an office with an unknown end also counts, as if it were still held.
"""

from __future__ import annotations

import functools

import pandas as pd

from leningov.data import load

OPEN_END_RULES = ("exclude", "include")


def held_on(day, offices: pd.DataFrame | None = None, *, open_end: str) -> pd.DataFrame:
    """The rows of ``offices`` (default: offices.csv) held on ``day``, both ends of a term inclusive.

    On the day one term of an office ends and the next begins, the same person holds the office twice: only the
    newer term is kept, so that counting rows counts offices.
    """
    if open_end not in OPEN_END_RULES:
        raise ValueError(f"open_end must be 'exclude' or 'include' (what an office with no end date means), "
                         f"not {open_end!r}")
    offices = load("offices") if offices is None else offices
    day = pd.Timestamp(day)
    ends = offices["end"] >= day
    if open_end == "include":
        ends = ends | offices["end"].isna()
    held = offices[(offices["start"] <= day) & ends]
    held = held.sort_values("start", kind="stable").drop_duplicates(["person_id", "office_id"], keep="last")
    return held.sort_index()


@functools.cache
def _bodies() -> pd.DataFrame:
    return load("bodies").set_index("body_id")


def body_label(body_id: str) -> str:
    """'VTsIK (soviet executive)' for 'vtsik': the one name every figure gives an institution (bodies.csv)."""
    try:
        return str(_bodies().loc[body_id, "label"])
    except KeyError:
        raise KeyError(f"{body_id!r} is not a body_id in data/bodies.csv") from None


def body_labels() -> dict[str, str]:
    """body_id -> label for every institution, in the order of bodies.csv."""
    return dict(_bodies()["label"])
