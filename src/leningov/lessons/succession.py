"""Lesson 05, succession: the expected answers of the lesson's self-checks, computed from the course tables.

Everything the learner reads (the tables, the figures, the widgets) is in the notebook; only the answers stay here,
so that a check cannot give its answer away, and the data and the answer cannot drift apart.
"""

from __future__ import annotations

from leningov.data import event_date, load
from leningov.maps import places_near
from leningov.offices import held_on
from leningov.selfcheck import Exercises

exercises = Exercises.beside(__file__, "05")  # the answers below; their hints are in hints.csv
check = exercises.check

#: The spells of Lenin's last two years, as (from event, to event): the one at work is the second.
SPELLS = [("first_stroke", "lenin_resumes_work"), ("lenin_resumes_work", "second_stroke"),
          ("second_stroke", "third_stroke"), ("third_stroke", "lenin_death")]
#: Kinds of event that put Lenin himself on the spot (section 6), and the radius within which a place is a city's.
ON_THE_SPOT_KINDS = ["relocation", "visit", "speech", "congress", "health", "assassination_attempt", "death", "funeral"]
CITY_RADIUS_KM = 20


@exercises.answer("05.1")
def _days_after_first_stroke():
    return int((event_date("lenin_death") - event_date("first_stroke")).days)


@exercises.answer("05.2")
def _share_of_days_at_work():
    days = [(event_date(b) - event_date(a)).days for a, b in SPELLS]
    return round(days[1] / sum(days) * 100, 1)


@exercises.answer("05.3")
def _stalin_offices_may_1922():
    held = held_on("1922-05-01", open_end="exclude")
    return int(held.loc[held["person_id"] == "stalin", "office_id"].nunique())


@exercises.answer("05.5")
def _full_members_of_every_lineup():
    politburo = load("offices").query("body == 'politburo'")
    days = sorted(politburo.loc[politburo["start"].between("1919-01-01", "1924-12-31"), "start"].unique())
    full = [
        set(politburo.loc[(politburo["office_id"] == "politburo_member") & (politburo["start"] <= day)
                          & (politburo["end"] > day), "person_id"])
        for day in days
    ]
    return sorted(set.intersection(*full))


@exercises.answer("05.8")
def _writings_between_strokes():
    events = load("events")
    between = events[
        (events["kind"] == "publication")
        & events["person_ids"].str.contains("lenin", na=False)
        & (events["date"] > event_date("second_stroke"))
        & (events["date"] < event_date("third_stroke"))
    ]
    return len(between)


@exercises.answer("05.9")
def _days_chair_vacant():
    chair = load("offices").query("office_id == 'sovnarkom_chair'").set_index("person_id")
    return int((chair.loc["rykov", "start"] - chair.loc["lenin", "end"]).days)


@exercises.answer("05.11")
def _lenin_away_from_moscow():
    events, places = load("events"), load("places")
    near = set(places_near("moscow", CITY_RADIUS_KM, places)) | {"gorki"}
    names_lenin = events["person_ids"].fillna("").str.split(";").apply(lambda ids: "lenin" in ids)
    rows = events[names_lenin & events["kind"].isin(ON_THE_SPOT_KINDS)]
    away = rows[(rows["date"] > event_date("government_arrives_moscow")) & ~rows["place_id"].isin(near)]
    return sorted(away["event_id"])
