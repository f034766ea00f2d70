"""Lesson 06, world revolution and diplomacy: the lesson's event table, its figures and its widgets."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from leningov import load
from leningov.lessons import world_revolution as wr


@pytest.fixture(scope="module")
def diplomacy():
    return wr.lesson_events()


def title(fig, ax=0):
    return fig.axes[ax].get_title(loc="left")


def source_lines(fig):
    return [t.get_text() for t in fig.texts if t.get_text().startswith("Source")]


def test_lesson_table_covers_the_foreign_policy_theme_once(diplomacy):
    events = load("events")
    foreign = set(events.loc[events["theme"] == "foreign_policy", "event_id"])
    assert foreign <= set(diplomacy["event_id"]), "every foreign_policy event has a partner and a track"
    assert diplomacy["event_id"].is_unique
    assert set(diplomacy["track"]) <= set(wr.TRACKS)
    assert diplomacy["date"].is_monotonic_increasing


def test_lesson_table_names_only_real_events():
    events = load("events")
    with pytest.raises(KeyError, match="not in data/events.csv"):
        wr.lesson_events(events[events["event_id"] != "rapallo_treaty"])


def test_half_year_labels():
    dates = pd.Series(pd.to_datetime(["1919-01-01", "1919-06-30", "1919-07-01", "1922-12-31"]))
    assert list(wr.half_year(dates)) == ["1919-H1", "1919-H1", "1919-H2", "1922-H2"]


def test_half_year_counts_match_the_rows(diplomacy):
    counts = wr.half_year_counts(diplomacy)
    abroad, other = counts.values()
    assert abroad.to_numpy().sum() == (diplomacy["track"] == "revolution_abroad").sum()
    expected_other = ((diplomacy["theme"] == "foreign_policy") & (diplomacy["track"] != "revolution_abroad")).sum()
    assert other.to_numpy().sum() == expected_other
    # the Hungarian and Bavarian republics and the Spartacist rising fall in the first half of 1919
    assert abroad.loc["1919-H1", "uprising or proclamation"] == 3


def test_half_year_figure_bars_equal_the_counts(diplomacy):
    fig = wr.half_year_figure(diplomacy)
    counts = list(wr.half_year_counts(diplomacy).values())
    for ax, table in zip(fig.axes[:2], counts, strict=True):
        heights = sum(p.get_height() for p in ax.patches)
        assert heights == table.to_numpy().sum()
    assert fig._suptitle.get_text().startswith("Revolution abroad or diplomacy?")
    assert source_lines(fig)


def test_delegates_figure_shows_the_seed_rows():
    estimates = load("estimates").set_index("quantity_id")["point"]
    fig = wr.comintern_delegates_figure()
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths[0] == estimates["comintern_1919_delegates_former_empire"]
    assert sum(widths) == estimates["comintern_1919_delegates"]
    assert "First Comintern Congress" in title(fig)
    # The total (34 voting delegates) is Lenin's Collected Works' count; the split by residence is the seed's.
    seed = "“Government of Vladimir Lenin” (Wikipedia, The Free Encyclopedia)"
    assert source_lines(fig) == [f"Sources: Lenin 1960; {seed}."]


def test_hopes_figure_numbers_every_event(diplomacy):
    fig = wr.hopes_and_outcomes_figure(diplomacy)
    ax, key_ax = fig.axes[:2]
    key = key_ax.texts[0].get_text()
    assert "Spartacist rising" in key and "Hungarian Soviet Republic" in key
    numbers = [t.get_text() for t in ax.texts]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    assert title(fig).startswith("Did Europe rise?")


def test_timeline_filters_by_kind_and_period(diplomacy):
    everything = wr.diplomacy_timeline_figure(diplomacy)
    assert len(everything.axes[0].collections) >= len(diplomacy)
    treaties = wr.diplomacy_timeline_figure(diplomacy, kind="treaty")
    key = treaties.axes[1].texts[0].get_text()
    assert key.count("\n") + 1 >= (diplomacy["kind"] == "treaty").sum()
    assert "Treaty of Rapallo" in key and "Genoa" not in key
    late = wr.diplomacy_timeline_figure(diplomacy, period="Mar 1921 - Jan 1924: trade and Rapallo")
    lanes = [t.get_text() for t in late.axes[0].get_yticklabels()]
    assert "Central Powers" not in lanes and "Germany" in lanes


def test_timeline_empty_selection_gives_a_message(diplomacy):
    fig = wr.diplomacy_timeline_figure(diplomacy, kind="uprising", period="Nov 1917 - Nov 1918: Brest-Litovsk")
    assert "No events of kind 'uprising'" in fig.axes[0].texts[0].get_text()
    with pytest.raises(ValueError, match="unknown period"):
        wr.diplomacy_timeline_figure(diplomacy, period="1930s")


def test_visitors_figure_marks_the_corrected_dates(diplomacy):
    fig = wr.visitors_figure(diplomacy)
    ax = fig.axes[0]
    offsets = [c.get_offsets() for c in ax.collections if len(c.get_offsets())]
    assert len(offsets) == 9  # four visits, two Polish-war events, three Comintern events in 1920
    labels = [t.get_text().replace("\n", " ") for t in ax.texts]
    assert "Russell meets Lenin" in labels and "Wells meets Lenin" in labels
    empty = wr.visitors_figure(diplomacy, year=1923)
    assert "No visits" in empty.axes[0].texts[0].get_text()


def test_brest_figure_one_marker_per_row():
    losses = load("brest_litovsk_losses")
    fig = wr.brest_losses_figure(losses)
    points = sum(len(c.get_offsets()) for c in fig.axes[0].collections)
    assert points == len(losses)
    population = wr.brest_losses_figure(losses, category="population")
    bars = sorted(p.get_width() for p in population.axes[0].patches)
    assert bars == sorted(losses.loc[losses["category"] == "population", "share_lost_pct"])
    assert "Population" in title(population)
    assert "No source" in wr.brest_losses_figure(losses, category="gold").axes[0].texts[0].get_text()


def test_loss_spread_is_max_minus_min():
    spread = wr.loss_spread()
    losses = load("brest_litovsk_losses")
    coal = losses.loc[losses["category"] == "coal", "share_lost_pct"]
    assert spread.loc["coal", "spread"] == round(coal.max() - coal.min(), 1)
    assert spread.loc["textiles", "count"] == 1


def test_diplomacy_explorer_redraws_on_kind_and_period():
    explorer = wr.diplomacy_explorer()
    first = title(explorer.redraw())
    explorer.controls["kind"].value = "congress"
    assert "kind: congress" in title(explorer.redraw())
    explorer.controls["period"].value = "Nov 1918 - Mar 1921: Armistice to Riga"
    fig = explorer.redraw()
    assert "Armistice to Riga" in title(fig) and title(fig) != first


def test_brest_explorer_redraws_on_category():
    explorer = wr.brest_losses_explorer()
    before = explorer.redraw()
    explorer.controls["category"].value = "coal"
    after = explorer.redraw()
    assert title(before) != title(after) and "Coal" in title(after)


def test_track_colours_are_distinct():
    colours = [mcolors.to_hex(c) for c in wr.TRACK_COLOURS.values()]
    assert len(set(colours)) == len(colours)
