"""Lesson 04, peace and civil war: the expected answers of the lesson's self-checks, computed from the data.

Everything the learner reads (tables, figures, widgets) is in the notebook; only the answers stay hidden here.
"""

from __future__ import annotations

from leningov.data import load
from leningov.maps import distance_km
from leningov.selfcheck import Exercises

exercises = Exercises.beside(__file__, "04")  # the answers below; their hints are in hints.csv
check = exercises.check

#: The seed's 400 miles are converted at the international mile.
KM_PER_MILE = 1.609344


def _mapped():
    """The events the lesson's map draws (civil-war theme or a declaration of independence), with coordinates."""
    events = load("events")
    on_map = events[(events["theme"] == "civil_war") | (events["kind"] == "independence")]
    return on_map.merge(load("places")[["place_id", "lon", "lat"]], on="place_id", how="left", validate="many_to_one")


@exercises.answer("04.1")
def _lenin_theses_new_style():
    events = load("events").set_index("event_id")
    return events.loc["lenin_peace_theses", "date"].date().isoformat()


@exercises.answer("04.2")
def _seed_distance_excess_km():
    places = load("places").set_index("place_id")
    km = float(
        distance_km(
            places.loc["dvinsk", "lon"], places.loc["dvinsk", "lat"], tuple(places.loc["petrograd", ["lon", "lat"]])
        )
    )
    seed = load("estimates").query("source_id == 'seed' and quantity_id == 'german_front_distance_petrograd_1918'")
    return round(float(seed["point"].iloc[0]) * KM_PER_MILE - km)


@exercises.answer("04.4")
def _coal_spread():
    coal = load("brest_litovsk_losses").query("category == 'coal'")["share_lost_pct"]
    return round(float(coal.max() - coal.min()), 1)


@exercises.answer("04.5")
def _share_east_of_urals():
    mapped = _mapped()
    return round(float((mapped["lon"] > 60).sum() / len(mapped) * 100), 1)


@exercises.answer("04.8", tolerance=0.01)
def _japan_us_ratio():
    rows = load("foreign_intervention").query("source_id == 'wp_siberian_intervention'").set_index("country")
    return round(float(rows.loc["japan", "troops"] / rows.loc["united_states", "troops"]), 1)


@exercises.answer("04.9")
def _estonia_days():
    events = load("events").set_index("event_id")["date"]
    return int((events["estonian_commune"] - events["estonia_independence"]).days)


@exercises.answer("04.11")
def _death_toll_spread_millions():
    rows = load("estimates").query("quantity_id == 'civil_war_deaths'")
    lowest = rows[["low", "point"]].min().min()
    highest = rows[["high", "point"]].max().max()
    return float((highest - lowest) / 1e6)
