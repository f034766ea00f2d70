"""Lesson 03, terror and repression: the expected answers of the lesson's self-checks, computed from the data.

Everything a learner reads (the repression timeline, the camps chart, the disputed death tolls and their widgets)
is written in the notebook itself; only the answers stay here, out of sight.
"""

from __future__ import annotations

import pandas as pd

from leningov.data import event_date as _event_date
from leningov.data import load
from leningov.selfcheck import Exercises

exercises = Exercises.beside(__file__, "03")  # the answers below; their hints are in hints.csv
check = exercises.check


def _estimates(quantity_id: str) -> pd.DataFrame:
    rows = load("estimates")
    rows = rows[rows["quantity_id"] == quantity_id]
    if rows.empty:
        raise KeyError(f"{quantity_id!r} is not a quantity_id in estimates.csv")
    return rows


@exercises.answer("03.1")
def _days_cheka_to_red_terror() -> int:
    return int((_event_date("red_terror_decree") - _event_date("cheka_founded")).days)


@exercises.answer("03.3")
def _prisoners_per_camp_1923() -> float:
    camps = load("camps")
    row = camps[(camps["source_id"] == "seed") & (camps["date"] == pd.Timestamp("1923-10-01"))].iloc[0]
    return float(row["prisoners"] / row["camps"])


@exercises.answer("03.4")
def _red_terror_spread() -> float:
    figures = _estimates("red_terror_deaths")[["low", "high", "point"]].astype(float)
    return float(figures.max().max() / figures.min().min())


@exercises.answer("03.5")
def _petrograd_highest_source() -> str:
    rows = _estimates("petrograd_cheka_shootings_1918")
    return str(rows.loc[rows["point"].astype(float).idxmax(), "source_id"])


@exercises.answer("03.6")
def _priests_ratio() -> float:
    rows = _estimates("priests_killed_1922").set_index("source_id")
    return float(rows.loc["seed", "low"] / rows.loc["rayfield2004", "point"])


@exercises.answer("03.7")
def _kronstadt_days() -> int:
    return int((_event_date("kronstadt_crushed") - _event_date("kronstadt_rebellion_begins")).days)


__all__ = ["check", "exercises"]
