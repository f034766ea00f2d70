"""Lesson 02, economic policy: the expected answers of the lesson's self-checks, computed from the data.

Everything a learner reads (the decree selection, the keyword table, the figures and the widgets) is written in the
notebook; this module keeps only what must stay hidden.
"""

from __future__ import annotations

import pandas as pd

from leningov.data import load
from leningov.selfcheck import Exercises

exercises = Exercises.beside(__file__, "02")  # the answers below; their hints are in hints.csv
check = exercises.check

#: The decrees, as the lesson chooses them: events of these kinds, and declarations whose summary names one of the
#: issuing bodies (the Declaration of the Rights of the Peoples of Russia, for example).
DECREE_KINDS = ("decree", "law")
ISSUING_BODIES = ("Sovnarkom", "Central Executive Committee")
#: The first hundred days: from the day Sovnarkom was formed, 8 November 1917 (26 October Old Style).
HUNDRED_DAYS_START = "1917-11-08"
HUNDRED_DAYS = 100


def _decrees() -> pd.DataFrame:
    events = load("events")
    kind = events["kind"].astype("string")
    issued = events["summary"].astype("string").str.contains("|".join(ISSUING_BODIES), na=False)
    return events[kind.isin(DECREE_KINDS) | ((kind == "declaration") & issued)]


def _series(indicator: str, source_id: str | None = None) -> pd.Series:
    """One indicator's values by year (from one source if given); a year given twice is an error in the data."""
    economy = load("economy")
    rows = economy[economy["indicator"] == indicator]
    if source_id is not None:
        rows = rows[rows["source_id"] == source_id]
    if rows["year"].duplicated().any():
        raise ValueError(f"economy.csv: {indicator} ({source_id or 'all sources'}) has a year twice")
    return rows.set_index("year")["value"]


@exercises.answer("02.1")
def _decrees_first_hundred_days():
    frame = _decrees()
    begin = pd.Timestamp(HUNDRED_DAYS_START)
    end = begin + pd.Timedelta(days=HUNDRED_DAYS)
    exact = frame[(frame["date_precision"] == "day") & (frame["date"] >= begin) & (frame["date"] < end)]
    return int(len(exact))


@exercises.answer("02.3")
def _coal_index_1920():
    coal = _series("coal_output")
    return round(float(coal[1920] / coal[1913] * 100), 1)


@exercises.answer("02.7", tolerance=0.01)
def _paper_money_growth():
    money = _series("paper_money_jan1", "nansen1923")
    return float(money[1921] / money[1919])


@exercises.answer("02.8", tolerance=0.01)
def _petrograd_loss_percent():
    petrograd = _series("population_petrograd", "sorokin1925")
    return float((petrograd[1917] - petrograd[1920]) / petrograd[1917] * 100)


@exercises.answer("02.9", tolerance=0.01)
def _scissors_ratio():
    industrial = _series("price_index_industrial_goods", "figes_scissors")
    farm = _series("price_index_agricultural_goods", "figes_scissors")
    return float(industrial[1923] / farm[1923])
