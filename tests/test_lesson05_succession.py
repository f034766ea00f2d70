"""Lesson 05: the succession lesson's figures show the office, event and estimate rows they claim to show."""

import matplotlib.dates as mdates
import pandas as pd
import pytest

from leningov import load
from leningov.dates import half_year
from leningov.lessons import succession
from leningov.style import BODY_COLOURS


def title(fig):
    return fig.axes[0].get_title(loc="left")


def figure_text(fig):
    return " ".join(t.get_text() for t in fig.texts) + " ".join(t.get_text() for ax in fig.axes for t in ax.texts)


def bars(ax):
    """Bar rectangles (legend handles live in the legend, not in ax.patches)."""
    return [p for p in ax.patches if p.get_width() > 0]


def certainly_held(day, offices=None):
    """The office rows held on ``day``, by a plain pandas filter: a missing end compares False, so it drops out."""
    offices = load("offices") if offices is None else offices
    day = pd.Timestamp(day)
    return offices[(offices["start"] <= day) & (offices["end"] >= day)]


def row_texts(fig):
    """The label written beside each person's row of the levers figure, by person (y tick label)."""
    ax = fig.axes[0]
    names = [t.get_text() for t in ax.get_yticklabels()]
    return {names[round(t.get_position()[1])]: t.get_text() for t in ax.texts}


# ------------------------------------------------------------------------------------------------ offices on a day
def test_levers_on_the_day_stalin_became_general_secretary():
    stalin = row_texts(succession.levers_on_date_figure("1922-04-03"))["Stalin"]
    assert "General Secretary" in stalin and "Commissar of Rabkrin" in stalin
    assert "Military Council" not in stalin, "his second term on the military council ended on 1 April 1922"


def test_offices_without_an_end_date_are_not_counted_as_held():
    """The course's rule: an office whose end the sources do not give is not counted (open_end="exclude")."""
    offices = load("offices")
    day = pd.Timestamp("1924-01-01")
    fig = succession.levers_on_date_figure(day)
    assert "Commissar of Rabkrin" not in row_texts(fig).get("Kuibyshev", ""), "Kuibyshev's Rabkrin term has no end"
    open_ended = offices[(offices["start"] <= day) & offices["end"].isna()]
    assert len(open_ended) > 0
    assert f"({len(open_ended)} office(s) begun earlier have no known end date and are left out.)" in figure_text(fig)
    assert succession.check("05.2", certainly_held("1922-05-01").query("person_id == 'stalin'")["office_id"].nunique())


def test_count_offices_agrees_with_a_direct_filter():
    offices = load("offices")
    days = pd.to_datetime(["1920-06-15", "1922-12-24", "1924-03-15"])
    counts = succession.count_offices(days, ["stalin", "trotsky"], offices)
    for day in days:
        for person in ["stalin", "trotsky"]:
            rows = offices[(offices["person_id"] == person) & (offices["start"] <= day) & (offices["end"] >= day)]
            assert counts.loc[day, person] == rows["office_id"].nunique()
    assert counts.loc[pd.Timestamp("1922-12-24"), "stalin"] > counts.loc[pd.Timestamp("1922-12-24"), "trotsky"]


# ------------------------------------------------------------------------------------------------ the Gantt chart
def test_person_chart_draws_one_bar_per_office_row_at_its_dates():
    offices = load("offices")
    fig = succession.person_offices_figure("trotsky", mark_lenin=False)
    rows = offices[offices["person_id"] == "trotsky"]
    drawn = bars(fig.axes[0])
    assert len(drawn) == len(rows)
    starts = sorted(round(b.get_x()) for b in drawn)
    expected = sorted(round(mdates.date2num(max(s, pd.Timestamp(succession.WINDOW[0])))) for s in rows["start"])
    assert starts == expected
    assert not fig.axes[0].lines, "no reference lines when Lenin's strokes are not asked for"
    assert "Source" in figure_text(fig)


def test_gantt_colours_bars_by_body_and_marks_lenins_strokes_on_their_dates():
    fig = succession.person_offices_figure("stalin")
    colours = {tuple(round(c, 3) for c in b.get_facecolor()[:3]) for b in bars(fig.axes[0])}
    gs_colour = tuple(round(int(BODY_COLOURS["secretariat"][i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
    assert gs_colour in colours
    events = load("events").set_index("event_id")
    marked = sorted(pd.Timestamp(line.get_xdata()[0]) for line in fig.axes[0].lines)
    assert marked == sorted(events.loc[e, "date"] for e in succession.LENIN_MARKS)


def test_gantt_for_a_person_without_offices_says_so():
    fig = succession.person_offices_figure("krupskaya")
    assert "no office" in figure_text(fig)
    assert not bars(fig.axes[0])


def test_main_gantt_has_a_header_lane_per_person():
    fig = succession.offices_gantt_figure()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    for name in ["Lenin", "Stalin", "Trotsky", "Zinoviev", "Kamenev", "Bukharin", "Rykov"]:
        assert name in labels


# ------------------------------------------------------------------------------------------------ levers on a date
def test_levers_on_a_date_draws_one_block_per_office():
    fig = succession.levers_on_date_figure("1922-04-03")
    held = certainly_held("1922-04-03").drop_duplicates(["person_id", "office_id"])
    assert len(bars(fig.axes[0])) == len(held)
    names = succession.surnames()
    per_person = held["person_id"].map(names).value_counts()
    drawn = pd.Series({label: len(text.split("; ")) for label, text in row_texts(fig).items()})
    assert drawn.sort_index().equals(per_person.sort_index().rename(None).rename_axis(None))
    first = fig.axes[0].get_yticklabels()[0].get_text()
    assert first == "Stalin", "the person with most offices comes first"


def test_levers_on_a_date_before_the_data_says_so():
    fig = succession.levers_on_date_figure("1900-01-01")
    assert "no office" in figure_text(fig)


def test_levers_explorer_redraws_for_another_moment():
    explorer = succession.levers_explorer()
    control = explorer.controls["date"]
    control.value = "1924-02-02"
    fig = explorer.redraw()
    assert title(fig) == "Who held which levers on 2 February 1924?"
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "Rykov" in labels and "Lenin" not in labels


def test_person_explorer_follows_its_controls():
    explorer = succession.person_explorer()
    explorer.controls["person"].value = "rykov"
    explorer.controls["mark_lenin"].value = False
    fig = explorer.redraw()
    assert title(fig) == "Which levers did Rykov hold?"
    assert not fig.axes[0].lines


def test_moment_options_take_their_dates_from_events():
    events = load("events").set_index("event_id")
    options = dict((value, label) for label, value in succession.moment_options())
    assert f"{events.loc['stalin_general_secretary', 'date']:%Y-%m-%d}" in options
    assert len(options) == len(succession.KEY_MOMENTS)


# ------------------------------------------------------------------------------------------------ counts over time
def test_office_count_figure_plots_the_counts():
    people = ["stalin", "trotsky"]
    fig = succession.office_count_figure(people)
    ax = fig.axes[0]
    steps = [line for line in ax.lines if line.get_label() in ("Stalin", "Trotsky")]
    assert len(steps) == 2
    counts = succession.count_offices(succession.mid_months(), people)
    stalin = next(line for line in steps if line.get_label() == "Stalin")
    assert [round(y) for y in stalin.get_ydata()] == counts["stalin"].tolist()


# ------------------------------------------------------------------------------------------------ timelines
def test_timeline_draws_a_dot_per_event():
    events = load("events")
    left = events[events["event_id"].isin(["first_stroke", "second_stroke", "third_stroke"])]
    right = events[events["event_id"].isin(["testament_letter_to_congress", "ussr_founded"])]
    fig = succession.timeline_figure(left, right, "Strokes and politics", "health", "politics")
    dots = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert len(dots) == len(left) + len(right)
    assert {mdates.num2date(d.get_ydata()[0]).date() for d in dots} == {
        d.date() for d in pd.concat([left, right])["date"]
    }
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "Lenin's third stroke" in texts


def test_timeline_draws_a_partial_date_across_its_period_and_lists_it_after_its_days():
    events = load("events").set_index("event_id")
    ids = ["cyanide_request", "first_stroke", "second_stroke", "lenin_shot"]
    assert events.loc["cyanide_request", "date_precision"] == "year"
    fig = succession.timeline_figure(events.loc[ids].reset_index(), events.iloc[0:0], "t", "health", "politics")
    ax = fig.axes[0]
    bars_drawn = [line for line in ax.lines if line.get_linewidth() == 4]
    assert [tuple(mdates.num2date(y).date().isoformat() for y in b.get_ydata()) for b in bars_drawn] == [
        ("1922-01-01", "1922-12-31")
    ]
    # labels from top to bottom: on the time axis (inverted) a larger date is lower
    order = [t.get_text().split(":")[0] for t in sorted(ax.texts, key=lambda t: t.get_position()[1])]
    assert order.index("1922") > order.index("16 Dec 1922"), "a date known only to the year comes after its days"


def test_timeline_with_breaks_has_a_panel_per_period():
    events = load("events")
    left = events[events["event_id"].isin(["lenin_shot", "first_stroke"])]
    fig = succession.timeline_figure(left, left.iloc[0:0], "t", "l", "r",
                                     periods=[("1918-08-01", "1918-09-30"), ("1922-05-01", "1922-06-30")])
    assert len(fig.axes) == 2


def test_empty_timeline_gives_a_message():
    empty = load("events").iloc[0:0]
    fig = succession.timeline_figure(empty, empty, "Nothing", "l", "r")
    assert "empty" in figure_text(fig)


@pytest.mark.parametrize("wanted", [[0, 0, 0, 0], [0, 1, 2, 30, 30.5], [5, 5.1, 100, 100.2, 100.4]])
def test_spread_labels_never_overlap(wanted):
    heights = [2.0] * len(wanted)
    ys = succession._spread(wanted, heights)
    assert all(b - a >= 2.0 - 1e-9 for a, b in zip(ys, ys[1:], strict=False))
    # a lone label stays on its date
    assert succession._spread([7.0], [3.0]) == [7.0]


# ------------------------------------------------------------------------------------------------ disputed figures
def test_estimate_figure_draws_each_sources_figure():
    rows = load("estimates").query("quantity_id == 'lenin_enrolment_admitted'")
    assert rows["low"].isna().all() and rows["point"].notna().all(), "these sources give single figures"
    fig = succession.estimate_figure("lenin_enrolment_admitted")
    diamonds = [line for line in fig.axes[0].lines if line.get_marker() == "D"]
    assert sorted(float(d.get_xdata()[0]) for d in diamonds) == sorted(rows["point"].astype(float))


def test_estimate_figure_for_an_unknown_quantity_says_so():
    fig = succession.estimate_figure("no_such_quantity")
    assert "no rows" in figure_text(fig)


# ------------------------------------------------------------------------------------------------ Lenin's whereabouts
def test_place_groups_put_the_moscow_sites_in_moscow_and_gorki_apart():
    groups = succession.place_groups()
    for place in ["kremlin", "hotel_national", "michelson_factory", "sokolniki", "revolution_square_moscow"]:
        assert groups[place] == "Moscow", place
    for place in ["smolny", "tauride_palace"]:
        assert groups[place] == "Petrograd", place
    assert groups["gorki"] == "Gorki estate"
    assert groups["halila"] == "elsewhere" and groups["nalchik"] == "elsewhere"


def test_whereabouts_keep_only_on_the_spot_events_that_name_lenin():
    rows = succession.lenin_whereabouts()
    assert all("lenin" in ids.split(";") for ids in rows["person_ids"])
    assert set(rows["kind"].astype(str)) <= set(succession.ON_THE_SPOT_KINDS)
    assert "lenin_shot" in set(rows["event_id"]), "the shooting put Lenin at the Michelson factory"
    assert "penza_telegram" not in set(rows["event_id"]), "a telegram's place is not where Lenin was"
    shot = rows.set_index("event_id").loc["lenin_shot"]
    assert shot["where"] == "Moscow" and shot["half_year"] == "1918 Jul-Dec"


def test_half_years_cover_the_window_in_order():
    assert succession.half_years("1917-07-01", "1918-12-31") == ["1917 Jul-Dec", "1918 Jan-Jun", "1918 Jul-Dec"]
    assert succession.half_years("1918-03-11", "1918-03-11") == ["1918 Jan-Jun"]


def test_places_figure_stacks_the_counts_of_a_direct_filter():
    events = load("events")
    groups = succession.place_groups()
    direct = events[
        events["person_ids"].fillna("").str.split(";").apply(lambda ids: "lenin" in ids)
        & events["kind"].isin(succession.ON_THE_SPOT_KINDS)
        & events["date"].between("1917-07-01", "1924-06-30")
    ]
    fig = succession.lenin_places_figure()
    ax = fig.axes[0]
    assert title(fig).startswith("Where was Lenin, 1917-1924?")
    drawn = bars(ax)
    assert sum(b.get_height() for b in drawn) == len(direct)
    # the Moscow bars, left to right, are the half-yearly counts of events in Moscow places
    moscow = direct[direct["place_id"].map(groups) == "Moscow"]
    expected = half_year(moscow["date"]).value_counts()
    labels = succession.half_years("1917-07-01", "1924-06-30")
    colour = tuple(round(int(succession.PLACE_COLOURS["Moscow"][i : i + 2], 16) / 255, 3) for i in (1, 3, 5))
    heights = {
        labels[round(b.get_x() + b.get_width() / 2)]: b.get_height()
        for b in drawn
        if b.get_height() > 0 and tuple(round(c, 3) for c in b.get_facecolor()[:3]) == colour
    }
    assert heights == dict(expected.items())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:3] == ["Petrograd", "Moscow", "Gorki estate"]
    assert "government moves to Moscow" in " ".join(t.get_text() for t in ax.texts)
    assert "Source" in figure_text(fig)


def test_places_figure_follows_its_kinds():
    health = succession.lenin_places_figure(kinds=["health"])
    every = succession.lenin_places_figure()
    assert sum(b.get_height() for b in bars(health.axes[0])) < sum(b.get_height() for b in bars(every.axes[0]))


def test_places_figure_with_an_empty_selection_says_so():
    fig = succession.lenin_places_figure(kinds=[])
    assert "No events" in figure_text(fig)
