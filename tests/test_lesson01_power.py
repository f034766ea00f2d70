"""Lesson 01: the self-check answers against independent computations, and the totals the lesson reads from the
sources' notes. The tables, figures and widgets are written in the notebook, which strict nbval and the generic
widget test check."""

from __future__ import annotations

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import power

#: The totals the lesson types in from each source's 'Source totals' note.
TOTAL_VOTES = {"pipes1990": 44_432_000, "wp_ca_election": 45_879_381, "lenin_cw": 36_262_560}


def test_the_totals_the_lesson_types_in_are_in_the_notes_and_give_back_the_published_shares():
    ca = load("constituent_assembly_1917")
    for source, total in TOTAL_VOTES.items():
        rows = ca[ca["source_id"] == source]
        assert f"{total:,}" in rows["note"].iloc[0], source
        assert total >= rows["votes"].sum(), f"{source}: the total is less than the votes it itemises"
        given = rows.dropna(subset=["vote_share_pct"])
        recomputed = given["votes"] / total * 100
        assert ((recomputed - given["vote_share_pct"]).abs() < 0.1).all(), source


def test_sr_seats_short_of_a_majority():
    ca = load("constituent_assembly_1917")
    wp = ca[ca["source_id"] == "wp_ca_election"].set_index("party_id")
    assert power.exercises["01.1"].expected() == 767 // 2 + 1 - wp.loc["sr", "seats"] == 60


def test_the_seat_total_guard_names_file_and_source(monkeypatch):
    monkeypatch.setattr(power, "WP_TOTAL_SEATS", 999)
    with pytest.raises(ValueError, match="constituent_assembly_1917.csv, source wp_ca_election"):
        power.exercises["01.1"].expected()


def test_left_sr_commissars_counted_as_people_not_offices():
    offices, people = load("offices"), load("people")
    left = set(people.loc[people["faction"] == "left_sr", "person_id"])
    in_sovnarkom = {p for p, body in zip(offices["person_id"], offices["body"], strict=True)
                    if body == "sovnarkom" and p in left}
    assert power.exercises["01.4"].expected() == len(in_sovnarkom) > 0


def test_membership_fall_1921_to_1922():
    m = load("party_membership")
    gse = dict(zip(m.loc[m["source_id"] == "gse1979", "date"], m.loc[m["source_id"] == "gse1979", "members"],
                   strict=True))
    before, after = gse[pd.Timestamp("1921-03-01")], gse[pd.Timestamp("1922-03-01")]
    assert power.exercises["01.5"].expected() == pytest.approx(100 * (1 - after / before), abs=0.005)


def test_politburo_people_between_its_creation_and_lenins_death():
    offices = load("offices")
    pb = offices[offices["body"] == "politburo"]
    began = pb[(pb["start"] >= pd.Timestamp("1919-03-25")) & (pb["start"] <= pd.Timestamp("1924-01-21"))]
    assert power.exercises["01.7"].expected() == len(set(began["person_id"]))
    assert "lenin" in set(began["person_id"]) and "stalin" in set(began["person_id"])


def test_every_answer_is_checked_right_and_a_wrong_one_gets_a_hint():
    for exercise_id in power.exercises:
        assert power.check(exercise_id, power.exercises[exercise_id].expected())
        feedback = power.check(exercise_id, -12345)
        assert not feedback and "Hint" in repr(feedback)
