"""Lesson 07, capstone: the explorer's plumbing (filters, lists, related rows, controls) and the self-check answers,
each against an independent pandas computation. The lesson's figures are drawn in the notebook (nbval runs them)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import capstone
from leningov.maps import places_near

ROOT = Path(__file__).resolve().parents[1]
FRAMES = capstone.tables()
EVENTS = FRAMES["events"]
PLACES = FRAMES["places"]
RAW = load("events")


def near(place_id):
    return places_near(place_id, capstone.CITY_RADIUS_KM, PLACES)


def code_cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]


def lesson_draw_events() -> str:
    """The source of the lesson's draw function, as its notebook defines it."""
    cells = [c for c in code_cells(ROOT / "notebooks" / "07-capstone-explorer.ipynb") if "def draw_events" in c]
    assert len(cells) == 1, "the lesson defines draw_events in exactly one cell"
    return cells[0]


def draw_stub(calls):
    def draw(ax, selected, title):
        calls.append((len(selected), title))
        ax.set_title(title)
        ax.set_xlabel("date")
        ax.plot(range(len(selected) + 1))

    return draw


# ---------------------------------------------------------------------------------------------- the events
def test_prepared_events_keep_every_row_and_order_a_month_after_its_days():
    assert len(EVENTS) == len(RAW) and set(EVENTS["event_id"]) == set(RAW["event_id"])
    ends = EVENTS["date_end"].reset_index(drop=True)
    assert ends.is_monotonic_increasing
    march = EVENTS[(EVENTS["date"] >= "1918-03-01") & (EVENTS["date"] <= "1918-03-31")]
    months = march[march["date_precision"] == "month"]
    days = march[march["date_precision"] == "day"]
    if len(months) and len(days):
        assert months.index.min() > days.index.max()


def test_a_landmark_counts_as_its_city_but_a_suburb_far_away_does_not():
    moscow = near("moscow")
    assert moscow[0] == "moscow" and {"kremlin", "red_square"} <= set(moscow) and "gorki" not in moscow
    assert (EVENTS.loc[EVENTS["place_id"].isin(moscow), "city_id"] == "moscow").all()
    assert (EVENTS.loc[EVENTS["place_id"] == "gorki", "city_id"] == "gorki").all()


def test_people_are_whole_ids():
    trotsky = capstone.filter_events(EVENTS, person_id="trotsky")
    assert len(trotsky) == sum("trotsky" in ids for ids in RAW["person_ids"].fillna("").str.split(";"))
    assert capstone.filter_events(EVENTS, person_id="trots").empty


def test_filters_combine_and_dates_are_inclusive():
    assert len(capstone.filter_events(EVENTS)) == len(EVENTS)
    both = capstone.filter_events(EVENTS, themes=["power"], kinds=["decree"])
    assert len(both) == ((EVENTS["theme"] == "power") & (EVENTS["kind"] == "decree")).sum()
    day = capstone.filter_events(EVENTS, start="1917-11-08", end="1917-11-08")
    assert len(day) == (EVENTS["date"] == "1917-11-08").sum() > 0
    moscow = capstone.filter_events(EVENTS, place_ids=near("moscow"))
    assert len(moscow) == EVENTS["place_id"].isin(near("moscow")).sum() > 0


def test_event_list_gives_old_style_only_before_the_switch():
    listed = capstone.event_list(EVENTS)
    has_os = EVENTS["date_os"].notna().to_numpy()
    assert (listed.loc[has_os, "Old Style"] != "").all() and (listed.loc[~has_os, "Old Style"] == "").all()
    assert not (has_os & (EVENTS["date"] >= "1918-02-14").to_numpy()).any()
    decree = capstone.event_list(EVENTS[EVENTS["event_id"] == "decree_on_peace"])
    assert decree["New Style"].iloc[0].startswith("8 Nov 1917") and decree["Old Style"].iloc[0].startswith("26 Oct")


def test_related_rows_follow_person_period_and_theme():
    rows = capstone.related_rows(FRAMES, themes=["terror"], start="1922-04-01", end="1924-01-21", person_id="stalin")
    assert list(rows) == ["offices", "party_membership", "estimates", "foreign_intervention"]
    offices = FRAMES["offices"]
    ends = offices["end"].fillna(pd.Timestamp("2100-01-01"))
    expected = offices[(offices["person_id"] == "stalin") & (offices["start"] <= "1924-01-21") & (ends >= "1922-04-01")]
    assert set(rows["offices"]["office"]) == set(expected["office"])
    assert "General Secretary of the Central Committee" in set(rows["offices"]["office"])
    members = FRAMES["party_membership"]
    in_period = members[(members["date"] >= "1922-04-01") & (members["date"] <= "1924-01-21")]
    assert len(rows["party_membership"]) == len(in_period)
    terror = FRAMES["estimates"]["quantity_id"].isin(capstone.THEME_QUANTITIES["terror"])
    assert len(rows["estimates"]) == terror.sum() > 0


def test_every_quantity_the_explorer_names_exists():
    known = set(FRAMES["estimates"]["quantity_id"])
    named = {q for qs in capstone.THEME_QUANTITIES.values() for q in qs}
    assert named <= known, named - known
    assert set(capstone.THEME_QUANTITIES) == set(capstone.THEMES)


# ---------------------------------------------------------------------------------------------- the explorer
def test_place_labels_are_short_and_cover_cities_with_their_landmarks():
    options, groups = capstone.place_options(EVENTS, PLACES)
    assert options[0] == ("anywhere", "")
    assert max(len(label) for label, _ in options) <= 34
    label = dict((v, k) for k, v in options)["moscow"]
    assert label == f"Moscow ({EVENTS['place_id'].isin(near('moscow')).sum()})"
    assert set(groups["moscow"]) == set(near("moscow"))


def test_explorer_calls_the_lessons_draw_function_with_the_matching_events():
    calls = []
    box = capstone.explorer(draw_stub(calls), frames=FRAMES)
    period = EVENTS[(EVENTS["date"] >= capstone.PERIOD_START) & (EVENTS["date"] <= capstone.PERIOD_END)]
    assert calls[-1][0] == len(period)
    controls = box.controls
    controls["person"].value = "spiridonova"
    assert calls[-1][0] == len(capstone.filter_events(period, person_id="spiridonova")) > 0
    assert "Spiridonova" in calls[-1][1]
    controls["themes"].value = ("economy",)
    expected = capstone.filter_events(period, themes=["economy"], person_id="spiridonova")
    assert calls[-1][0] == len(expected)
    summary, picture, _ = box.snapshot()
    assert f"<b>{len(expected)}</b> event(s) match" in summary
    assert 'alt="Figure: ' in picture


def test_explorer_period_slider_sets_whole_months():
    calls = []
    box = capstone.explorer(draw_stub(calls), frames=FRAMES)
    box.controls["period"].value = (0, 2)  # November 1917 to January 1918, to the last day of January
    expected = EVENTS[(EVENTS["date"] >= "1917-11-01") & (EVENTS["date"] <= "1918-01-31")]
    assert calls[-1][0] == len(expected)
    assert "Nov 1917 to Jan 1918" in calls[-1][1]


def test_explorer_lists_the_matching_events_and_says_when_nothing_matches():
    calls = []
    box = capstone.explorer(draw_stub(calls), frames=FRAMES)
    controls = box.controls
    controls["place"].value = "brest_litovsk"
    listing = box.children[-2].value
    titles = EVENTS.loc[EVENTS["place_id"] == "brest_litovsk", "title"]
    assert all(t.replace("'", "&#x27;") in listing for t in titles)
    controls["period"].value = (0, 0)
    controls["person"].value = "rykov"
    assert calls[-1][0] == 0
    assert "no rows for this selection" in box.children[-2].value


def test_the_dashboard_draws_with_the_lessons_own_function():
    app = code_cells(ROOT / "app" / "explorer.ipynb")
    drawn = [c for c in app if "def draw_events" in c]
    assert len(drawn) == 1
    # the dashboard's cell is the lesson's cell, under a comment of its own
    assert drawn[0].strip().endswith(lesson_draw_events().strip())
    assert any(c.strip().endswith("capstone.explorer(draw_events, events)") for c in app)


# ---------------------------------------------------------------------------------------------- self-checks
def test_answer_decrees_in_the_first_100_days():
    day_100 = pd.Timestamp("1917-11-08") + pd.Timedelta(days=99)
    window = (RAW["date"] >= "1917-11-08") & (RAW["date"] <= day_100)
    expected = int(((RAW["kind"] == "decree") & window).sum())
    assert capstone.exercises["07.1"].expected() == expected > 0
    assert capstone.check("07.1", expected)


def test_answer_moscow_events_from_the_move_on():
    moscow = {"moscow"} | set(near("moscow"))
    expected = int((RAW["place_id"].isin(moscow) & (RAW["date"] >= "1918-03-11")).sum())
    assert capstone.exercises["07.2"].expected() == expected > 0
    # without the landmarks the count is smaller, and the check says so
    alone = int(((RAW["place_id"] == "moscow") & (RAW["date"] >= "1918-03-11")).sum())
    assert alone < expected


@pytest.mark.parametrize("day, expected_min", [("1918-02-01", 1)])
def test_answer_left_sr_posts_on_a_day(day, expected_min):
    offices, people = load("offices"), load("people")
    day = pd.Timestamp(day)
    certain = offices[(offices["start"] <= day) & offices["end"].notna() & (offices["end"] >= day)]
    left_srs = set(people.loc[people["faction"] == "left_sr", "person_id"])
    expected = int(((certain["body"] == "sovnarkom") & certain["person_id"].isin(left_srs)).sum())
    assert capstone.exercises["07.3"].expected() == expected >= expected_min
    seed = load("estimates").query("quantity_id == 'left_sr_sovnarkom_posts'")["point"].iloc[0]
    assert expected == int(seed)
