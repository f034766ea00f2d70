"""Lesson 05: the self-check answers agree with independent pandas computations on the course tables, and the
checks accept the right answer and refuse a wrong one. The figures and widgets are in the notebook (strict nbval
and the generic widget test run them)."""

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import succession


def date_of(event_id):
    return load("events").set_index("event_id").loc[event_id, "date"]


def certainly_held(day, offices=None):
    """The office rows held on ``day``, by a plain filter: a missing end compares False, so it drops out."""
    offices = load("offices") if offices is None else offices
    day = pd.Timestamp(day)
    return offices[(offices["start"] <= day) & (offices["end"] >= day)]


def test_days_lenin_lived_after_his_first_stroke():
    days = (date_of("lenin_death") - date_of("first_stroke")).days
    assert days == 606
    assert succession.check("05.1", days)
    assert not succession.check("05.1", days + 100)


def test_share_of_days_back_at_work():
    at_work = (date_of("second_stroke") - date_of("lenin_resumes_work")).days
    every = (date_of("lenin_death") - date_of("first_stroke")).days
    share = round(at_work / every * 100, 1)
    assert 5 < share < 20, "one spell of about ten weeks out of twenty months"
    assert succession.check("05.2", share)
    assert succession.check("05.2", share * 1.05).verdict == "close"


def test_stalins_offices_on_1_may_1922_count_only_known_ends():
    rows = certainly_held("1922-05-01").query("person_id == 'stalin'")
    assert "general_secretary" in set(rows["office_id"])
    assert succession.check("05.3", rows["office_id"].nunique())
    assert not succession.check("05.3", rows["office_id"].nunique() + 3)


def test_full_members_of_every_politburo_lineup():
    politburo = load("offices").query("body == 'politburo' and office_id == 'politburo_member'")
    terms = politburo[politburo["start"].dt.year.between(1919, 1924)].groupby("start")["person_id"].apply(set)
    always = sorted(set.intersection(*terms))
    assert "stalin" in always and "lenin" not in always, "Lenin died before the line-up of June 1924"
    assert succession.check("05.5", always)
    assert succession.check("05.5", list(reversed(always))), "the order of the list does not matter"
    assert not succession.check("05.5", always + ["bukharin"])


def test_writings_between_the_second_and_third_strokes():
    events = load("events")
    mask = (
        events["kind"].eq("publication")
        & events["person_ids"].fillna("").str.split(";").apply(lambda ids: "lenin" in ids)
        & events["date"].gt(date_of("second_stroke"))
        & events["date"].lt(date_of("third_stroke"))
    )
    assert "testament_letter_to_congress" in set(events.loc[mask, "event_id"])
    assert succession.check("05.8", int(mask.sum()))


def test_days_the_sovnarkom_chair_stood_empty():
    chair = load("offices").query("office_id == 'sovnarkom_chair'").set_index("person_id")
    gap = (chair.loc["rykov", "start"] - chair.loc["lenin", "end"]).days
    assert gap == (date_of("rykov_succeeds_lenin") - date_of("lenin_death")).days
    assert succession.check("05.9", gap)


def test_lenins_trips_away_from_moscow_after_the_move():
    events, places = load("events"), load("places")
    lenin = events[events["person_ids"].fillna("").str.contains(r"(?:^|;)lenin(?:;|$)")]
    after_move = lenin["date"] > date_of("government_arrives_moscow")
    rows = lenin[lenin["kind"].isin(succession.ON_THE_SPOT_KINDS) & after_move]
    table = places.set_index("place_id")
    moscow = table.loc["moscow"]
    # within 20 km of Moscow, by a flat-earth approximation good enough at this scale
    km = ((table["lat"] - moscow["lat"]) * 111) ** 2 + ((table["lon"] - moscow["lon"]) * 111 * 0.56) ** 2
    near = set(table.index[km <= 20**2]) | {"gorki"}
    away = sorted(rows.loc[~rows["place_id"].isin(near), "event_id"])
    assert away, "the 1920 trip to Petrograd is in the data"
    assert succession.check("05.11", away)
    assert not succession.check("05.11", away + ["lenin_shot"])


@pytest.mark.parametrize("number", ["05.4", "05.6", "05.7", "05.10"])
def test_open_exercises_have_no_self_check(number):
    with pytest.raises(KeyError):
        succession.check(number, 0)
