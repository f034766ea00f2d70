"""Lesson 04, peace and civil war: the figures show the data, the widgets redraw, empty selections say so."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotted
import pytest
from matplotlib.collections import PathCollection

from leningov import load
from leningov.lessons import civil_war


def texts(fig) -> list[str]:
    """Every text in a figure: figure texts, axis texts, annotations, tick labels and legend entries."""
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [t.get_text() for t in ax.get_yticklabels()]
        legend = ax.get_legend()
        if legend is not None:
            found += [t.get_text() for t in legend.get_texts()]
    return found


def title(fig) -> str:
    return fig.axes[0].get_title(loc="left")


# ---------------------------------------------------------------------------------------------- Brest-Litovsk
def _period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day a date may mean, computed here without the library: month end, year end or the day."""
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    if precision == "year":
        return pd.Timestamp(year=date.year, month=12, day=31)
    return date


def test_brest_timeline_puts_a_month_after_the_days_it_may_cover():
    rows = civil_war.brest_timeline()
    assert set(rows["event_id"]) == set(civil_war.BREST_EVENT_IDS)
    ends = [_period_end(d, p) for d, p in zip(rows["date"], rows["date_precision"], strict=True)]
    assert ends == sorted(ends)
    # the Moscow Bureau's repudiation is known only as "February 1918": it may follow every February vote
    order = list(rows["event_id"])
    assert (
        order.index("cc_vote_23feb") < order.index("moscow_bureau_opposes_treaty") < order.index("brest_treaty_signed")
    )


def test_brest_timeline_labels_carry_both_calendars():
    when = civil_war.brest_timeline().set_index("event_id")["when"]
    # the Decree on Peace: 26 October Old Style, 8 November New Style
    assert when["decree_on_peace"] == "8 Nov 1917 (O.S. 26 Oct)"
    assert when["brest_treaty_signed"] == "3 Mar 1918", "after the switch there is no Old Style date"
    assert when["moscow_bureau_opposes_treaty"] == "Feb 1918"


def test_brest_figure_draws_each_event_on_its_day_and_a_month_as_a_bar():
    events = load("events").set_index("event_id")
    fig = civil_war.brest_timeline_figure()
    ax = fig.axes[0]
    dots = plotted.dots(ax)
    assert len(dots) == len(civil_war.BREST_EVENT_IDS)
    assert sorted(d[0] for d in dots) == sorted(events.loc[civil_war.BREST_EVENT_IDS, "date"])
    bars = [(first, last) for first, last, _y in plotted.bars(ax)]
    assert bars == [(pd.Timestamp("1918-02-01"), pd.Timestamp("1918-02-28"))], "only the Moscow Bureau is a month"
    assert "21 Jan 1918 (O.S. 8 Jan)" in texts(fig), "Lenin's theses carry both dates"
    assert any(t.startswith("Sources:") for t in texts(fig))


def test_brest_figure_without_events_says_so():
    empty = load("events").iloc[0:0]
    fig = civil_war.brest_timeline_figure(empty)
    assert any("No Brest-Litovsk events" in t for t in texts(fig))


# ----------------------------------------------------------------------------------------------------- losses
def test_losses_table_matches_the_csv():
    losses = load("brest_litovsk_losses")
    table = civil_war.losses_table(losses)
    for row in losses.itertuples():
        assert table.loc[row.category, row.source_id] == row.share_lost_pct


def test_losses_bar_widths_equal_the_shares():
    losses = load("brest_litovsk_losses")
    fig = civil_war.losses_figure(sources=["seed", "tooze2014"], categories=["population", "coal"])
    widths = sorted(round(p.get_width(), 3) for p in fig.axes[0].patches)
    expected = losses[losses["source_id"].isin(["seed", "tooze2014"]) & losses["category"].isin(["population", "coal"])]
    assert widths == sorted(round(v, 3) for v in expected["share_lost_pct"])


def test_losses_figure_marks_missing_figures_rather_than_hiding_them():
    fig = civil_war.losses_figure(sources=["kotkin2014", "seed"], categories=["population", "coal"])
    assert "no figure" in texts(fig), "Kotkin gives no coal figure; the figure must say so"


@pytest.mark.parametrize("sources, categories", [((), ("coal",)), (("seed",), ()), (("kotkin2014",), ("coal",))])
def test_losses_empty_selection_gives_a_message(sources, categories):
    fig = civil_war.losses_figure(sources=sources, categories=categories)
    assert not fig.axes[0].patches
    assert any(t.startswith("Choose at least") or t.startswith("None of the chosen") for t in texts(fig))


def test_losses_widget_redraws_when_sources_change():
    explorer = civil_war.losses_explorer()
    before = len(explorer.redraw().axes[0].patches)
    explorer.controls["sources"].value = ("seed",)
    after = explorer.redraw()
    assert len(after.axes[0].patches) < before
    assert [t.get_text() for t in after.axes[0].get_legend().get_texts()] == ["Seed article"]


# -------------------------------------------------------------------------------------------------------- map
def test_map_events_carry_the_coordinates_of_their_place():
    mapped = civil_war.map_events()
    places = load("places").set_index("place_id")
    assert len(mapped) > 40
    for row in mapped.itertuples():
        assert (row.lon, row.lat) == (places.loc[row.place_id, "lon"], places.loc[row.place_id, "lat"])
    assert {"left_sr_uprising", "kolchak_executed", "finland_independence"} <= set(mapped["event_id"])


def _plotted_points(fig) -> int:
    return sum(len(c.get_offsets()) for c in fig.axes[0].collections if isinstance(c, PathCollection))


def test_map_shows_every_event_up_to_the_month_inside_the_extent():
    mapped = civil_war.map_events()
    fig = civil_war.civil_war_map(until="1920-12", extent="empire")
    x0, x1, y0, y1 = (18.0, 145.0, 38.0, 70.0)
    upto = mapped[(mapped["month"] <= "1920-12") & mapped["lon"].between(x0, x1) & mapped["lat"].between(y0, y1)]
    assert _plotted_points(fig) == len(upto)
    assert title(fig) == "Where had the civil war been fought by Dec 1920?"


def test_map_lists_the_chosen_months_events_and_counts_those_off_the_map():
    fig = civil_war.civil_war_map(until="1920-02", extent="european_russia")
    side = " ".join(texts(fig))
    assert "Kolchak executed in Irkutsk" in side
    assert "lie outside it" in side, "Irkutsk is off the European map; the panel must say so"


def test_map_before_any_event_says_so():
    fig = civil_war.civil_war_map(until="1917-11")
    assert "none in the course timeline" in " ".join(texts(fig))
    assert _plotted_points(fig) == 0


def test_map_colours_follow_the_chosen_key():
    by_theme = civil_war.civil_war_map(until="1918-07", colour_by="theme")
    labels = [t.get_text() for t in by_theme.axes[1].get_legend().get_texts()]
    assert set(labels) <= {name.replace("_", " ") for name in civil_war.THEME_COLOURS}
    with pytest.raises(ValueError, match="colour_by"):
        civil_war.civil_war_map(colour_by="size")


def test_map_widget_redraws_when_the_month_moves():
    explorer = civil_war.civil_war_map_explorer()
    early = _plotted_points(explorer.redraw())
    explorer.controls["until"].value = "1921-03"
    assert _plotted_points(explorer.redraw()) > early


def test_map_slider_covers_the_war():
    values = [v for _, v in civil_war.month_options()]
    assert values[0] == "1917-11" and "1921-03" in values
    assert values == sorted(values)


# ----------------------------------------------------------------------------------------- distance from Moscow
def test_distances_from_moscow_follow_the_coordinates_in_places_csv():
    places = load("places").set_index("place_id")
    fights = civil_war.fighting_distances()
    lon0, lat0 = np.radians(places.loc["moscow", ["lon", "lat"]].astype(float))
    lon, lat = (
        np.radians(places.loc[fights["place_id"], "lon"].astype(float)),
        np.radians(places.loc[fights["place_id"], "lat"].astype(float)),
    )
    # the spherical law of cosines, an independent formula for the same great-circle distance
    km = 6371.0 * np.arccos(np.sin(lat) * np.sin(lat0) + np.cos(lat) * np.cos(lat0) * np.cos(lon - lon0))
    assert np.allclose(fights["km_from_moscow"], km, atol=0.5)
    assert fights.loc[fights["km_from_moscow"].idxmin(), "place_id"] == "orel"


def test_front_distance_figure_plots_every_battle_and_a_month_as_a_bar():
    fights = civil_war.fighting_distances()
    ax = civil_war.front_distance_figure().axes[0]
    assert sorted(d[1] for d in plotted.dots(ax)) == pytest.approx(sorted(fights["km_from_moscow"]))
    months = fights[fights["date_precision"] == "month"]
    assert len(plotted.bars(ax)) == len(months) > 0
    assert sorted(b[2] for b in plotted.bars(ax)) == pytest.approx(sorted(months["km_from_moscow"]))


# ------------------------------------------------------------------------------------------------ intervention
def test_intervention_bars_are_the_rows_of_the_csv():
    frame = load("foreign_intervention")
    fig = civil_war.intervention_figure()
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    assert widths == sorted(frame["troops"])


def test_intervention_filters_by_place_and_kind():
    frame = load("foreign_intervention")
    fig = civil_war.intervention_figure(place="murmansk", kinds=("landed",))
    widths = [p.get_width() for p in fig.axes[0].patches]
    expected = frame[(frame["place_id"] == "murmansk") & (frame["troops_kind"] == "landed")]["troops"]
    assert widths == list(expected)


def test_intervention_labels_say_how_exact_the_date_is():
    table = civil_war.intervention_table()
    japan = table[(table["country"] == "japan")]
    assert set(japan["when"]) == {"1918, month not given"}
    assert "Jul 1918" in set(table["when"])


def test_intervention_empty_selection_gives_a_message():
    fig = civil_war.intervention_figure(place="crimea", kinds=("landed",))
    assert any("No rows" in t for t in texts(fig))


def test_intervention_widget_redraws_for_a_place():
    explorer = civil_war.intervention_explorer()
    everything = len(explorer.redraw().axes[0].patches)
    explorer.controls["place"].value = "siberia"
    assert len(explorer.redraw().axes[0].patches) < everything


# ---------------------------------------------------------------------------------------------- border states
def test_border_events_cover_the_seeds_declarations_and_soviet_republics():
    rows = civil_war.border_events()
    assert set(rows["nation"]) == set(civil_war.NATIONS)
    soviet = rows[rows["what"] == "Soviet republic or government proclaimed"]
    assert set(soviet["nation"]) == {"Estonia", "Latvia", "Lithuania", "Byelorussia", "Ukraine"}
    independence = rows[rows["what"] == "independence declared"]
    assert len(independence) == (load("events")["kind"] == "independence").sum()


def test_border_figure_plots_every_event_in_its_nation_lane():
    rows = civil_war.border_events()
    ax = civil_war.border_states_figure().axes[0]
    lanes = {label.get_text(): y for label, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
    drawn = sorted((day, y) for day, y, _hollow in plotted.dots(ax))
    assert drawn == sorted(zip(rows["date"], rows["nation"].map(lanes), strict=True))
    # the Borotbists' merger is dated only to 1920: a bar across the year, not a dot on 1 January
    spans = {(first, last) for first, last, _y in plotted.bars(ax)}
    assert (pd.Timestamp("1920-01-01"), pd.Timestamp("1920-12-31")) in spans
    assert "22 Jan 1918 (O.S. 9 Jan)" in texts(ax.figure)


# ---------------------------------------------------------------------------------------------- death tolls
def test_estimates_figure_draws_each_sources_range_point_and_lower_bound():
    rows = civil_war.estimate_rows("civil_war_deaths")
    ax = civil_war.estimates_figure("civil_war_deaths").axes[0]
    assert len(ax.get_yticklabels()) == len(rows)
    ranges = sorted(tuple(line.get_xdata()) for line in ax.get_lines() if len(line.get_xdata()) == 2)
    both = rows.dropna(subset=["low", "high"])
    assert ranges == sorted(zip(both["low"], both["high"], strict=True))
    diamonds = sorted(line.get_xdata()[0] for line in ax.get_lines() if line.get_marker() == "D")
    assert diamonds == sorted(rows["point"].dropna())
    at_least = rows[rows["low"].notna() & rows["high"].isna()]
    assert sum(t.startswith("at least") for t in texts(ax.figure)) == len(at_least) > 0
    # figures beside the bars stay exact even when the axis counts in millions
    assert f"at least {at_least['low'].iloc[0]:,.0f}" in texts(ax.figure)


def test_estimates_figure_unknown_quantity_says_so():
    fig = civil_war.estimates_figure("no_such_quantity")
    assert any("No estimates" in t for t in texts(fig))


def test_estimates_widget_offers_only_quantities_in_the_data():
    explorer = civil_war.estimates_explorer()
    control = explorer.controls["quantity_id"]
    estimates = load("estimates")
    assert {value for _, value in control.options} <= set(estimates["quantity_id"])
    control.value = "white_terror_deaths"
    drawn = explorer.redraw().axes[0]
    assert len(drawn.get_yticklabels()) == (estimates["quantity_id"] == "white_terror_deaths").sum()
