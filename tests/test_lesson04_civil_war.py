"""Lesson 04, peace and civil war: the figures show the data, the widgets redraw, empty selections say so."""

from __future__ import annotations

import numpy as np
import pandas as pd
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
def test_brest_timeline_is_in_date_order_with_old_style_labels():
    rows = civil_war.brest_timeline()
    assert list(rows["date"]) == sorted(rows["date"])
    assert set(rows["event_id"]) == set(civil_war.BREST_EVENT_IDS)
    peace = rows.set_index("event_id").loc["decree_on_peace", "when"]
    assert peace == "8 Nov 1917 (O.S. 26 Oct)"
    assert rows.set_index("event_id").loc["brest_treaty_signed", "when"] == "3 Mar 1918"


def test_brest_figure_has_one_row_per_event_and_names_sources():
    fig = civil_war.brest_timeline_figure()
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(civil_war.BREST_EVENT_IDS)
    assert title(fig).startswith("How did Soviet Russia get from the Decree on Peace")
    assert any(t.startswith("Sources:") for t in texts(fig))
    assert "21 Jan 1918 (O.S. 8 Jan)" in texts(fig), "Lenin's theses carry both dates"


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


@pytest.mark.parametrize("sources, categories", [((), ("coal",)), (("seed",), ()),
                                                 (("kotkin2014",), ("coal",))])
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
def test_distance_is_zero_at_moscow_and_right_for_petrograd():
    assert civil_war.distance_km([37.62], [55.76], (37.62, 55.76))[0] == pytest.approx(0)
    # Moscow to Saint Petersburg is about 635 km by great circle
    assert civil_war.distance_km([30.31], [59.94], (37.62, 55.76))[0] == pytest.approx(635, abs=10)


def test_front_distance_figure_plots_every_battle():
    fights = civil_war.fighting_distances()
    fig = civil_war.front_distance_figure()
    offsets = fig.axes[0].collections[0].get_offsets()
    assert len(offsets) == len(fights)
    assert np.allclose(sorted(offsets[:, 1]), sorted(fights["km_from_moscow"]))
    assert fights.loc[fights["km_from_moscow"].idxmin(), "place_id"] == "orel"


# ------------------------------------------------------------------------------------------------ intervention
def test_intervention_bars_are_the_rows_of_the_csv():
    frame = load("foreign_intervention")
    fig = civil_war.intervention_figure()
    widths = sorted(p.get_width() for p in fig.axes[0].patches)
    assert widths == sorted(frame["troops"])
    assert title(fig).startswith("Who sent troops")


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


def test_border_figure_plots_every_event_once():
    rows = civil_war.border_events()
    fig = civil_war.border_states_figure()
    assert _plotted_points(fig) == len(rows)
    assert "22 Jan 1918 (O.S. 9 Jan)" in texts(fig)


# ---------------------------------------------------------------------------------------------- death tolls
def test_estimate_rows_are_one_per_source():
    rows = civil_war.estimate_rows("civil_war_deaths")
    estimates = load("estimates")
    assert len(rows) == (estimates["quantity_id"] == "civil_war_deaths").sum()
    assert rows["source_id"].is_unique


def test_estimates_figure_draws_ranges_points_and_lower_bounds():
    rows = civil_war.estimate_rows("civil_war_deaths")
    fig = civil_war.estimates_figure("civil_war_deaths")
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(rows)
    ranges = [line for line in ax.get_lines() if len(line.get_xdata()) == 2]
    expected = rows.dropna(subset=["low", "high"])
    assert sorted(tuple(line.get_xdata()) for line in ranges) == sorted(zip(expected["low"], expected["high"],
                                                                           strict=True))
    lower_bounds = rows[rows["low"].notna() & rows["high"].isna()]
    assert any(t.startswith("at least") for t in texts(fig)) == (not lower_bounds.empty)
    assert title(fig) == "Historians disagree: Deaths in the Russian Civil War"


def test_estimates_figure_unknown_quantity_says_so():
    fig = civil_war.estimates_figure("no_such_quantity")
    assert any("No estimates" in t for t in texts(fig))


def test_estimates_widget_offers_only_quantities_in_the_data():
    explorer = civil_war.estimates_explorer()
    control = explorer.controls["quantity_id"]
    ids = set(load("estimates")["quantity_id"])
    assert {value for _, value in control.options} <= ids
    control.value = "white_terror_deaths"
    assert title(explorer.redraw()).endswith("Deaths in the White Terror")


# ------------------------------------------------------------------------------------------------- helpers
def test_date_label_follows_precision():
    day = pd.Timestamp("1918-03-03")
    assert civil_war.date_label(day, "day") == "3 Mar 1918"
    assert civil_war.date_label(day, "month") == "Mar 1918"
    assert civil_war.date_label(day, "year") == "1918"


def test_source_labels_are_short_and_honest():
    assert civil_war.source_label("seed") == "Seed article"
    assert civil_war.source_label("harrison_markevich2012") == "Harrison & Markevich 2012"
    assert civil_war.source_label("wp_brest_litovsk") == "Wikipedia: Treaty of Brest-Litovsk"
