"""Lesson 07, capstone: the explorer's filters, figures, lists and related rows, and the synthesis figures."""

from __future__ import annotations

import matplotlib.collections as mcoll
import matplotlib.dates as mdates
import pandas as pd

from leningov import load
from leningov.dates import date_span
from leningov.lessons import capstone
from leningov.maps import places_near

FRAMES = capstone.tables()
EVENTS = FRAMES["events"]
PLACES = FRAMES["places"]


def near(place_id):
    return places_near(place_id, capstone.CITY_RADIUS_KM, PLACES)


def texts(fig) -> list[str]:
    """Every text in a figure: titles, labels, annotations and figure texts."""
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [ax.get_title(loc) for loc in ("left", "center", "right")]
        out += [t.get_text() for t in ax.texts]
        out += [ax.get_xlabel(), ax.get_ylabel()]
    return out


def scatter_points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, mcoll.PathCollection))


# ---------------------------------------------------------------------------------------------- filtering
def test_no_filter_returns_every_event():
    assert len(capstone.filter_events(EVENTS)) == len(load("events"))


def test_each_filter_keeps_only_matching_rows():
    power = capstone.filter_events(EVENTS, themes=["power"])
    assert len(power) == (EVENTS["theme"] == "power").sum() and set(power["theme"].astype(str)) == {"power"}
    decrees = capstone.filter_events(EVENTS, kinds=["decree", "law"])
    assert set(decrees["kind"].astype(str)) == {"decree", "law"}
    both = capstone.filter_events(EVENTS, themes=["power"], kinds=["decree"])
    assert len(both) == ((EVENTS["theme"] == "power") & (EVENTS["kind"] == "decree")).sum()


def test_dates_are_inclusive_at_both_ends():
    day = capstone.filter_events(EVENTS, start="1917-11-08", end="1917-11-08")
    assert len(day) == (EVENTS["date"] == "1917-11-08").sum() > 0
    assert capstone.filter_events(EVENTS, start="1918-01-01", end="1917-01-01").empty


def test_person_filter_matches_whole_ids_only():
    trotsky = capstone.filter_events(EVENTS, person_id="trotsky")
    raw = load("events")["person_ids"].fillna("").str.split(";")
    assert len(trotsky) == sum("trotsky" in ids for ids in raw)
    # the filter also works on the raw table, without the prepared tuple column
    assert len(capstone.filter_events(load("events"), person_id="trotsky")) == len(trotsky)
    assert capstone.filter_events(EVENTS, person_id="trots").empty


def test_a_city_includes_its_landmarks_but_not_the_suburbs_far_away():
    moscow = near("moscow")
    assert moscow[0] == "moscow" and {"kremlin", "red_square", "hotel_national"} <= set(moscow)
    assert "gorki" not in moscow
    petrograd = near("petrograd")
    assert {"smolny", "tauride_palace"} <= set(petrograd) and "kronstadt" not in petrograd
    in_moscow = capstone.filter_events(EVENTS, place_id=moscow)
    assert set(in_moscow["place_id"]) <= set(moscow) and len(in_moscow) > len(
        capstone.filter_events(EVENTS, place_id="moscow")
    )
    # the map and the place control use the same grouping
    assert (EVENTS.loc[EVENTS["place_id"].isin(moscow), "city_id"] == "moscow").all()
    assert set(capstone.place_options(EVENTS, PLACES)[1]["moscow"]) == set(moscow)


def test_the_government_moved_its_events_to_moscow():
    move = capstone.MOVE_TO_MOSCOW
    moscow, petrograd = near("moscow"), near("petrograd")
    before = capstone.filter_events(EVENTS, end=move - pd.Timedelta(days=1), place_id=moscow)
    after = capstone.filter_events(EVENTS, start=move, place_id=moscow)
    assert len(after) > len(before)
    assert len(capstone.filter_events(EVENTS, end=move, place_id=petrograd)) > len(before)


# ---------------------------------------------------------------------------------------------- figures
def test_timeline_draws_one_marker_per_event_with_title_and_sources():
    frame = capstone.filter_events(EVENTS, themes=["terror"])
    fig = capstone.timeline_figure(frame, title="Terror events")
    ax = fig.axes[0]
    assert scatter_points(ax) == len(frame)
    assert any(t.startswith("Source") or "Sources:" in t for t in texts(fig))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["terror"]


def test_a_partial_date_is_a_bar_across_its_period():
    frame = capstone.filter_events(EVENTS, start="1918-01-01", end="1918-12-31")
    partial = frame[frame["date_precision"].astype(str) != "day"]
    assert len(frame) > 12 and len(partial) > 0
    ax = capstone.timeline_figure(frame).axes[0]
    (bars,) = [c for c in ax.collections if isinstance(c, mcoll.LineCollection)]
    drawn = sorted((round(seg[0][0]), round(seg[1][0])) for seg in bars.get_segments())
    expected = sorted(
        (round(mdates.date2num(lo)), round(mdates.date2num(hi)))
        for lo, hi in (date_span(d, p) for d, p in zip(partial["date"], partial["date_precision"], strict=True))
    )
    assert drawn == expected


def test_events_known_only_to_the_month_come_after_its_days():
    march = capstone.filter_events(EVENTS, start="1918-03-01", end="1918-03-31", themes=["power", "foreign_policy"])
    ids = list(march["event_id"])
    assert ids.index("left_srs_leave_sovnarkom") > ids.index("brest_treaty_signed")
    assert list(capstone.event_list(march)["New Style"])[-1] == "Mar 1918"
    # one row per event, the first at the top: the resignation, known only to the month, is the bottom row
    ax = capstone.timeline_figure(march.sample(frac=1, random_state=1), label=True).axes[0]
    assert "Left SRs resign" in min(ax.texts, key=lambda t: t.xy[1]).get_text()


def test_small_timelines_label_every_event():
    frame = capstone.filter_events(EVENTS, person_id="spiridonova")
    fig = capstone.timeline_figure(frame)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert len(labels) == len(frame) and all("]" in label for label in labels)


def test_timeline_marks_reference_dates():
    fig = capstone.timeline_figure(EVENTS.head(20), marks={"1918": "1918-01-01", "1921": "1921-01-01"})
    assert {"1918", "1921"} <= set(texts(fig))


def test_empty_selection_gives_a_message_not_a_crash():
    empty = capstone.filter_events(EVENTS, person_id="spiridonova", themes=["succession"])
    assert empty.empty
    for draw in (capstone.timeline_figure, capstone.map_figure):
        fig = draw(empty)
        assert any("No events match" in t for t in texts(fig))
    assert "No events match" in capstone.list_html(empty)


def test_map_draws_one_circle_per_city_sized_by_its_events():
    frame = capstone.filter_events(EVENTS, start="1918-03-11", end="1918-12-31")
    fig = capstone.map_figure(frame)
    ax = fig.axes[0]
    located = frame.dropna(subset=["lat"])
    drawn = ax.collections[0]
    off_map = (located.groupby("city_id")["lon"].first() < 12).sum()
    assert len(drawn.get_offsets()) == located["city_id"].nunique() - off_map
    moscow_count = int((frame["city_id"] == "moscow").sum())
    assert f"Moscow ({moscow_count})" in texts(fig)
    sizes = sorted(drawn.get_sizes())
    assert sizes[-1] == 16 + 8 * located["city_id"].value_counts().max()


def test_map_says_which_events_lie_off_the_map():
    frame = capstone.filter_events(EVENTS, kinds=["treaty"])
    assert "london" in set(frame["place_id"])
    notes = " ".join(texts(capstone.map_figure(frame)))
    assert "Off the map: " in notes and "London (1)" in notes


def test_map_frame_grows_with_the_points():
    assert capstone.map_frame_for([37.6, 30.3], [55.8, 59.9]) == "European Russia"
    assert capstone.map_frame_for([131.9], [43.1]) == "the former Empire"
    assert capstone.map_frame_for([13.4, 37.6], [52.5, 55.8]) == "Europe to the Urals"


# ---------------------------------------------------------------------------------------------- lists
def test_event_list_gives_old_style_only_before_the_switch():
    frame = capstone.filter_events(EVENTS, start="1917-11-07", end="1918-03-31")
    listed = capstone.event_list(frame)
    assert list(listed.columns) == ["New Style", "Old Style", "event", "theme", "kind", "place", "source"]
    revolution = listed[listed["event"] == "Bolsheviks overthrow the Provisional Government"].iloc[0]
    assert revolution["New Style"] == "7 Nov 1917" and revolution["Old Style"] == "25 Oct 1917"
    after = listed[frame["date"].to_numpy() >= pd.Timestamp("1918-02-14")]
    assert (after["Old Style"] == "").all()
    month_only = listed[frame["date_precision"].astype(str).to_numpy() == "month"]
    assert month_only["New Style"].str.fullmatch(r"[A-Z][a-z]{2} \d{4}").all()


# ---------------------------------------------------------------------------------------------- related rows
def test_related_rows_always_has_the_same_tables():
    related = capstone.related_rows(FRAMES)
    assert list(related) == list(capstone.RELATED_TITLES)


def test_related_offices_are_the_persons_offices_in_the_period():
    related = capstone.related_rows(FRAMES, start="1922-04-01", end="1924-01-21", person_id="stalin")
    offices = related["offices"]
    assert set(offices["person"]) == {"Joseph Stalin"}
    assert "General Secretary of the Central Committee" in set(offices["office"])
    assert "People's Commissar for State Control" not in set(offices["office"])  # ended in 1920


def test_related_rows_follow_period_and_theme():
    related = capstone.related_rows(FRAMES, themes=["terror"], start="1918-07-01", end="1918-12-31")
    assert set(related["estimates"]["quantity"]) == set(
        FRAMES["estimates"].loc[
            FRAMES["estimates"]["quantity_id"].isin(capstone.THEME_QUANTITIES["terror"]), "quantity"
        ]
    )
    membership = FRAMES["party_membership"]
    in_period = membership[(membership["date"] >= "1918-07-01") & (membership["date"] <= "1918-12-31")]
    assert len(related["party_membership"]) == len(in_period)
    troops = FRAMES["foreign_intervention"]
    assert (
        len(related["foreign_intervention"])
        == ((troops["date"] >= "1918-07-01") & (troops["date"] <= "1918-12-31")).sum()
        > 0
    )
    assert related["constituent_assembly_1917"].empty  # the election lies outside the period


def test_the_election_appears_when_the_period_includes_it():
    related = capstone.related_rows(FRAMES, themes=["power"], start="1917-11-01", end="1918-01-31")
    assert {"Bolsheviks", "Bolsheviks (RSDLP(b))"} & set(related["constituent_assembly_1917"]["party"])


def test_every_quantity_the_explorer_names_exists():
    named = {q for quantities in capstone.THEME_QUANTITIES.values() for q in quantities}
    missing = named - set(FRAMES["estimates"]["quantity_id"])
    assert not missing, f"THEME_QUANTITIES names quantities missing from estimates.csv: {sorted(missing)}"
    assert set(capstone.THEME_QUANTITIES) == set(capstone.THEMES)


def test_related_html_says_when_a_table_has_nothing():
    html = capstone.related_html(
        capstone.related_rows(FRAMES, themes=["society"], start="1923-06-01", end="1923-06-30")
    )
    assert html.count("No rows for this selection.") >= 3


# ---------------------------------------------------------------------------------------------- the explorer
def shown(explorer) -> str:
    return "".join(str(o.get("data", {}).get("text/html", "")) for o in explorer.output.outputs)


def test_explorer_shows_two_figures_and_updates_every_part():
    box = capstone.explorer()
    assert shown(box).count("<img") == 2
    in_period = EVENTS["date"].between(capstone.PERIOD_START, capstone.PERIOD_END)
    assert f"<b>{int(in_period.sum())}</b>" in box.summary.value
    before = (shown(box), box.events.value, box.related.value)
    box.controls["person"].value = "dzerzhinsky"
    assert shown(box) != before[0] and box.events.value != before[1] and box.related.value != before[2]
    assert "Felix Dzerzhinsky" in box.summary.value and "Chairman, All-Russian Extraordinary" in box.related.value


def test_explorer_period_slider_sets_the_dates():
    box = capstone.explorer()
    months = capstone.month_starts()
    box.controls["period"].value = (months.index(pd.Timestamp("1921-03-01")), months.index(pd.Timestamp("1921-03-01")))
    assert "Mar 1921 to Mar 1921" in box.summary.value
    expected = capstone.filter_events(EVENTS, start="1921-03-01", end="1921-03-31")
    assert f"<b>{len(expected)}</b>" in box.summary.value


def test_explorer_empty_result_is_explained():
    box = capstone.explorer()
    box.controls["person"].value = "spiridonova"
    box.controls["themes"].value = ("succession",)
    assert "No events match" in box.summary.value and "No events match" in box.events.value
    assert 'alt="Figure: Events:' in shown(box)


def test_explorer_redraws_only_what_changed(monkeypatch):
    box = capstone.explorer()
    calls = []
    original = capstone.related_rows
    monkeypatch.setattr(capstone, "related_rows", lambda *a, **k: calls.append(1) or original(*a, **k))
    box.controls["kinds"].value = ("decree",)  # the related rows do not depend on the kinds
    box.controls["place"].value = "moscow"  # nor on the place
    assert calls == []
    box.controls["themes"].value = ("economy",)
    assert calls == [1]


def test_explorer_place_options_cover_cities_with_their_landmarks():
    options, groups = capstone.place_options(EVENTS, PLACES)
    assert options[0] == ("anywhere", "")
    assert "kremlin" in groups["moscow"] and options[1][1] == "moscow"


# ---------------------------------------------------------------------------------------------- synthesis
def test_levers_show_the_coalition_and_its_end():
    def parties(day):
        ax = capstone.levers_figure(day).axes[0]
        return {t.get_text() for t in ax.get_legend().get_texts()}, sum(p.get_width() for p in ax.patches)

    coalition, total = parties("1918-02-01")
    assert coalition == {"Bolsheviks", "Left SRs"}
    assert parties("1918-08-01")[0] == {"Bolsheviks"}
    # the course's rule: only offices certainly held count; a row with no end date is left out
    offices, day = FRAMES["offices"], pd.Timestamp("1918-02-01")
    in_levers = offices["body"].astype(str).isin(capstone.LEVER_BODIES) & (offices["start"] <= day)
    certain = in_levers & (offices["end"] >= day)
    assert total == certain.sum() < (in_levers & offices["end"].isna()).sum() + certain.sum()


def test_levers_widget_redraws_on_the_slider():
    box = capstone.levers_explorer()
    first = shown(box)
    box.controls["on"].value = "1920-01-01"
    assert shown(box) != first and "1 January 1920" in shown(box)


def test_offices_agree_with_the_seed_on_left_sr_posts():
    offices, day = FRAMES["offices"], pd.Timestamp("1918-02-01")
    held = offices[(offices["start"] <= day) & (offices["end"] >= day) & (offices["body"] == "sovnarkom")]
    factions = held["person_id"].map(FRAMES["people"].set_index("person_id")["faction"])
    posts = int((factions == "left_sr").sum())
    estimates = FRAMES["estimates"]
    assert posts == estimates.loc[estimates["quantity_id"] == "left_sr_sovnarkom_posts", "point"].iloc[0]
    assert capstone.check("07.4", posts)


def test_assembly_figure_bars_are_the_csv_values():
    fig = capstone.assembly_figure()
    share_ax = fig.axes[0]
    heights = {round(p.get_height(), 1) for p in share_ax.patches}
    pipes = FRAMES["constituent_assembly_1917"].query("source_id == 'pipes1990' and party_id == 'bolsheviks'")
    assert round(float(pipes["vote_share_pct"].iloc[0]), 1) in heights


def test_membership_figure_has_one_series_per_source():
    fig = capstone.membership_figure()
    assert len(fig.axes[0].get_lines()) == FRAMES["party_membership"]["source_id"].nunique()


def test_sovnarkom_and_quarterly_figures_stack_the_given_counts():
    monthly = pd.DataFrame(
        {"Bolsheviks": [10, 11], "Left SRs": [5, 0]}, index=pd.to_datetime(["1918-01-01", "1918-04-01"])
    )
    fig = capstone.sovnarkom_party_figure(monthly, ["seed"])
    assert sorted(p.get_height() for p in fig.axes[0].patches) == [0, 5, 10, 11]
    counts = pd.DataFrame(
        {"economy decrees": [6, 0], "civil-war events": [2, 10]}, index=pd.to_datetime(["1917-10-01", "1918-07-01"])
    )
    fig = capstone.quarterly_counts_figure(counts, ["seed"])
    assert sum(p.get_height() for p in fig.axes[0].patches) == 18
