"""Lesson 03: the self-check answers agree with the data computed another way, and the checks judge answers."""

from __future__ import annotations

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import terror


def expected(exercise_id):
    return terror.exercises[exercise_id].expected()


def test_days_from_the_cheka_to_the_red_terror_decree():
    events = load("events").set_index("event_id")
    days = (events.loc["red_terror_decree", "date"] - events.loc["cheka_founded", "date"]) / pd.Timedelta(days=1)
    assert expected("03.1") == days
    assert pd.Timestamp("1917-12-20") + pd.Timedelta(days=expected("03.1")) == pd.Timestamp("1918-09-05")


def test_prisoners_per_camp_in_october_1923_is_the_seeds_count_divided():
    camps = load("camps")
    seed = camps[camps["source_id"] == "seed"].sort_values("date")
    last = seed.iloc[-1]
    assert last["date"] == pd.Timestamp("1923-10-01")
    assert expected("03.3") == pytest.approx(last["prisoners"] / last["camps"])
    first = seed.iloc[0]
    assert expected("03.3") < first["prisoners"] / first["camps"], "the average camp got smaller"


def test_red_terror_spread_uses_every_low_high_and_point():
    rows = load("estimates").query("quantity_id == 'red_terror_deaths'")
    values = pd.concat([rows["low"], rows["high"], rows["point"]]).dropna().astype(float)
    assert len(rows) >= 4
    assert expected("03.4") == pytest.approx(values.max() / values.min())
    assert expected("03.4") > 10, "the sources differ by more than an order of magnitude"


def test_petrograd_highest_source_is_the_longest_count():
    rows = load("estimates").query("quantity_id == 'petrograd_cheka_shootings_1918'")
    top = rows.sort_values("point", ascending=False).iloc[0]
    assert expected("03.5") == top["source_id"]
    assert "October 1918" in top["scope"], "its scope is a longer period than the first days"


def test_priests_ratio_divides_the_seeds_low_by_rayfields_count():
    rows = load("estimates").query("quantity_id == 'priests_killed_1922'").set_index("source_id")
    assert expected("03.6") == pytest.approx(float(rows.loc["seed", "low"]) / float(rows.loc["rayfield2004", "point"]))


def test_kronstadt_days_run_from_the_rising_to_the_fall():
    assert expected("03.7") == 17  # 1 March to 18 March 1921


@pytest.mark.parametrize(
    ("exercise_id", "answer", "verdict"),
    [("03.1", 259, "right"), ("03.1", 8, "wrong"), ("03.7", 16, "close"), ("03.5", "SEED", "wrong")],
)
def test_checks_judge_answers_without_giving_them(exercise_id, answer, verdict):
    feedback = terror.check(exercise_id, answer)
    assert feedback.verdict == verdict
    assert str(terror.exercises[exercise_id].expected()) not in feedback.message or verdict == "right"


def test_an_unknown_quantity_is_named():
    with pytest.raises(KeyError, match="no_such_quantity"):
        terror._estimates("no_such_quantity")


def test_an_unanswered_exercise_asks_for_an_answer():
    assert "replace the ..." in terror.check("03.4", ...).message
