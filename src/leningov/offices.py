"""Who held which office on a given day, with the rule for uncertain ends stated at every call.

``offices.csv`` leaves an office's end empty when the sources do not say when it ended. Whether such an office
counts as held on a later day is a historian's choice, not a fact, so ``held_on`` makes the caller say which:

- ``open_end="exclude"``: only offices *certainly* held that day (the end is known and not yet reached);
- ``open_end="include"``: an office with an unknown end also counts, as if it were still held.

A start or an end known only to the month or the year (``start_precision``, ``end_precision``) follows the same
rule: ``"exclude"`` counts an office only from the last day its start may mean and up to the first day its end
may mean (Left SRs who joined Sovnarkom "in December 1917" were not certainly in office on 1 December), and
``"include"`` from the first day of its start to the last day of its end.
"""

from __future__ import annotations

import functools

import pandas as pd

from leningov.data import load
from leningov.dates import date_spans

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
    first_start, last_start = _spans(offices, "start")
    first_end, last_end = _spans(offices, "end")
    if open_end == "include":
        held = (first_start <= day) & ((last_end >= day) | offices["end"].isna())
    else:
        held = (last_start <= day) & (first_end >= day)
    held = offices[held]
    held = held.sort_values("start", kind="stable").drop_duplicates(["person_id", "office_id"], keep="last")
    return held.sort_index()


def _spans(offices: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """The first and last day each row's start (or end) may mean, given its precision column if it has one."""
    dates = offices[column]
    precision = offices.get(f"{column}_precision", pd.Series("day", index=offices.index))
    first, last = date_spans(dates, precision)
    return pd.Series(first.to_numpy(), index=offices.index), pd.Series(last.to_numpy(), index=offices.index)


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
