"""Lesson 04, peace and civil war: the self-check answers agree with independent computations from the CSVs.

The tables, figures and widgets are in the notebook (strict nbval checks their outputs, the generic widget test
drives their controls); what stays in the lesson module is the expected answers, tested here.
"""

from __future__ import annotations

import csv
import math

import pytest

from leningov import load
from leningov.lessons import civil_war
from leningov.paths import repo_root

EARTH_RADIUS_KM = 6371.0
DATA = repo_root() / "data"


def expected(exercise_id):
    return civil_war.exercises[exercise_id].expected()


def rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def haversine(a, b):
    """Great-circle distance in km between (lon, lat) pairs, written out here without numpy or the library."""
    (lon1, lat1), (lon2, lat2) = [(math.radians(lon), math.radians(lat)) for lon, lat in (a, b)]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def place(place_id):
    row = next(r for r in rows("places") if r["place_id"] == place_id)
    return float(row["lon"]), float(row["lat"])


def test_the_module_keeps_only_the_self_checks():
    assert set(civil_war.exercises) == {"04.1", "04.2", "04.4", "04.5", "04.8", "04.9", "04.11"}
    public = {name for name in vars(civil_war) if not name.startswith("_") and callable(getattr(civil_war, name))}
    assert public <= {"check", "load", "distance_km", "Exercises", "annotations"}, public


def test_lenin_spoke_on_the_new_style_day_of_the_seeds_8_january():
    row = next(r for r in rows("events") if r["event_id"] == "lenin_peace_theses")
    assert row["date_os"] == "1918-01-08", "the seed's '8 January' is the Old Style day"
    assert expected("04.1") == row["date"] == "1918-01-21"  # 13 days later in 1918


def test_the_seeds_400_miles_overstate_the_distance_from_dvinsk_to_petrograd():
    km = haversine(place("dvinsk"), place("petrograd"))
    assert 480 < km < 530, "Dvinsk (Daugavpils) lies about 500 km from St Petersburg"
    seed = next(
        r
        for r in rows("estimates")
        if r["source_id"] == "seed" and r["quantity_id"] == "german_front_distance_petrograd_1918"
    )
    assert float(seed["point"]) == 400
    assert expected("04.2") == round(400 * 1.609344 - km)
    assert civil_war.check("04.2", round(400 * 1.609344 - km)).verdict == "right"
    assert civil_war.check("04.2", 400).verdict == "wrong", "the seed's figure itself is not the answer"


def test_coal_spread_is_the_largest_minus_the_smallest_coal_share():
    coal = [float(r["share_lost_pct"]) for r in rows("brest_litovsk_losses") if r["category"] == "coal"]
    assert len(coal) >= 3, "several sources give a coal figure"
    assert expected("04.4") == pytest.approx(round(max(coal) - min(coal), 1))


def test_share_east_of_the_urals_counts_the_mapped_events_by_longitude():
    places = {r["place_id"]: float(r["lon"]) for r in rows("places")}
    mapped = [r for r in rows("events") if r["theme"] == "civil_war" or r["kind"] == "independence"]
    assert all(r["place_id"] in places for r in mapped), "every mapped event has a place with coordinates"
    east = sum(places[r["place_id"]] > 60 for r in mapped)
    assert 0 < east < len(mapped)
    assert expected("04.5") == pytest.approx(round(east / len(mapped) * 100, 1))
    assert civil_war.check("04.5", east).verdict == "wrong", "a count is not a percentage"


def test_japan_us_ratio_comes_from_one_source():
    siberia = {
        r["country"]: int(r["troops"])
        for r in rows("foreign_intervention")
        if r["source_id"] == "wp_siberian_intervention"
    }
    assert expected("04.8") == pytest.approx(round(siberia["japan"] / siberia["united_states"], 1))


def test_estonia_days_are_the_difference_of_the_two_dates():
    events = load("events").set_index("event_id")["date"]
    days = (events["estonian_commune"] - events["estonia_independence"]).days
    assert days > 0
    assert expected("04.9") == days


def test_death_toll_spread_spans_lows_points_and_highs():
    toll = [r for r in rows("estimates") if r["quantity_id"] == "civil_war_deaths"]
    lows = [float(r[c]) for r in toll for c in ("low", "point") if r[c]]
    highs = [float(r[c]) for r in toll for c in ("high", "point") if r[c]]
    assert expected("04.11") == pytest.approx((max(highs) - min(lows)) / 1e6)


@pytest.mark.parametrize("exercise_id", ["04.2", "04.4", "04.5", "04.8", "04.9", "04.11"])
def test_a_near_miss_gets_the_close_hint_not_the_answer(exercise_id):
    answer = expected(exercise_id)
    feedback = civil_war.check(exercise_id, answer * 1.05)
    assert feedback.verdict == "close"
    assert f"{answer}" not in feedback.message
