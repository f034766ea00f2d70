"""Lesson 06, world revolution and diplomacy: the lesson's table of choices and the self-check answers, each tested
against a computation written here without the lesson module (the figures and widgets are in the notebook, which
nbval and the generic widget test run)."""

from __future__ import annotations

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import world_revolution as wr

TRACKS = {"revolution_abroad", "diplomacy", "party_debate", "visitors"}


@pytest.fixture(scope="module")
def diplomacy():
    return wr.lesson_events()


def test_lesson_table_covers_the_foreign_policy_theme_once(diplomacy):
    events = load("events")
    foreign = set(events.loc[events["theme"] == "foreign_policy", "event_id"])
    assert foreign <= set(diplomacy["event_id"]), "every foreign_policy event has a partner and a track"
    assert diplomacy["event_id"].is_unique
    assert len(diplomacy) == len(wr.LESSON_EVENTS)
    assert set(diplomacy["track"]) == TRACKS


def test_lesson_table_names_only_real_events():
    events = load("events")
    with pytest.raises(KeyError, match="not in data/events.csv: rapallo_treaty"):
        wr.lesson_events(events[events["event_id"] != "rapallo_treaty"])


def test_delegate_answer_is_the_least_share_of_everyone_who_assembled():
    rows = load("estimates").set_index("quantity_id")
    everyone = rows.loc["comintern_1919_delegates_all", "point"]
    voting = rows.loc["comintern_1919_delegates", "point"]
    empire = rows.loc["comintern_1919_delegates_former_empire", "point"]
    # the seed's residents are counted among the voting delegates, who are fewer than all who assembled
    assert empire <= voting < everyone
    assert wr.check("06.2", round(100 * empire / everyone, 1))
    # the seed's own reading (a share of the voting delegates, as if they were all) is not the answer
    assert not wr.check("06.2", round(100 * empire / voting, 1))


def test_treaties_after_warsaw_counted_from_the_dates(diplomacy):
    warsaw = diplomacy.set_index("event_id").loc["battle_of_warsaw", "date"]
    treaties = diplomacy[diplomacy["kind"] == "treaty"]
    expected = sum(day > warsaw for day in treaties["date"])
    assert expected > 0
    assert wr.check("06.3", expected)
    assert not wr.check("06.3", len(treaties)), "all treaties is not the answer"


def _half(dates: pd.Series) -> pd.Series:
    """Half-year labels computed here without the library."""
    return dates.dt.year.astype(str) + [" Jan-Jun" if m <= 6 else " Jul-Dec" for m in dates.dt.month]


def test_busiest_half_year_is_what_a_count_of_the_rows_gives(diplomacy):
    abroad = diplomacy[diplomacy["track"] == "revolution_abroad"]
    counts = _half(abroad["date"]).value_counts()
    assert (counts == counts.max()).sum() == 1, "the busiest half-year is unambiguous"
    expected = counts.idxmax()
    assert wr.check("06.4", expected)
    assert wr.check("06.4", f"  {expected.upper()} "), "case and spaces do not matter"
    year, half = expected.split(" ")
    assert not wr.check("06.4", f"{year}-H{1 if half == 'Jan-Jun' else 2}"), "written as the lesson's table writes it"


def test_spread_answer_is_max_minus_min_per_category():
    losses = load("brest_litovsk_losses")
    spread = {}
    for category, share in zip(losses["category"], losses["share_lost_pct"], strict=True):
        low, high = spread.get(category, (share, share))
        spread[category] = (min(low, share), max(high, share))
    expected = sum(high - low > 20 for low, high in spread.values())
    assert wr.check("06.6", expected)
    assert not wr.check("06.6", sum(high - low >= 10 for low, high in spread.values()))


def test_seed_answer_compares_shares_not_counts(diplomacy):
    assert set(diplomacy["seed_check"]) <= {
        "corrects", "clarifies", "confirms", "seed_only", "not_in_seed", "not_compared"
    }
    table = pd.crosstab(diplomacy["track"], diplomacy["seed_check"])
    share = table["corrects"] / table.sum(axis=1)
    assert (share == share.max()).sum() == 1, "one track has the largest share"
    assert wr.check("06.7", share.idxmax())
    most_rows = table["corrects"].idxmax()
    if most_rows != share.idxmax():
        assert not wr.check("06.7", most_rows), "the track with the most corrections is not the answer"
