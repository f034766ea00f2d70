"""Lesson 01, power consolidation 1917-1921: the answers of the self-checked exercises, computed from the data.

Everything else (the tables, the figures, the widgets) is written in the notebook.
"""

from __future__ import annotations

import pandas as pd

from leningov.data import load
from leningov.selfcheck import Exercises

exercises = Exercises.beside(__file__, "01")  # the answers below; their hints are in hints.csv
check = exercises.check

#: The seats of the Assembly as the Wikipedia infobox counts them (its 'Source totals' note: "767 seats").
WP_TOTAL_SEATS = 767


@exercises.answer("01.1")
def _sr_seats_short_of_majority():
    ca = load("constituent_assembly_1917")
    note = ca.loc[ca["source_id"] == "wp_ca_election", "note"].iloc[0]
    if f"{WP_TOTAL_SEATS} seats" not in note:
        raise ValueError(
            f"constituent_assembly_1917.csv, source wp_ca_election: its note no longer says {WP_TOTAL_SEATS} seats"
        )
    sr = ca.loc[(ca["source_id"] == "wp_ca_election") & (ca["party_id"] == "sr"), "seats"].iloc[0]
    return int(WP_TOTAL_SEATS // 2 + 1 - sr)


@exercises.answer("01.4")
def _left_sr_commissars():
    offices = load("offices").merge(load("people")[["person_id", "faction"]], on="person_id")
    left = offices[(offices["faction"] == "left_sr") & (offices["body"] == "sovnarkom")]
    return int(left["person_id"].nunique())


@exercises.answer("01.5")
def _membership_fall_1921_22():
    membership = load("party_membership")
    gse = membership[membership["source_id"] == "gse1979"].set_index("date")["members"]
    before, after = gse[pd.Timestamp("1921-03-01")], gse[pd.Timestamp("1922-03-01")]
    return round(float((before - after) / before * 100), 2)


@exercises.answer("01.7")
def _politburo_people_1919_1924():
    offices = load("offices")
    politburo = offices[
        (offices["body"] == "politburo")
        & (offices["start"] >= pd.Timestamp("1919-03-25"))
        & (offices["start"] <= pd.Timestamp("1924-01-21"))
    ]
    return int(politburo["person_id"].nunique())
