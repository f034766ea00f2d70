"""Lesson 06, world revolution and diplomacy: the lesson's event table, its figures and its widgets."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from leningov import load
from leningov.lessons import world_revolution as wr
from leningov.sources import source_line


@pytest.fixture(scope="module")
def diplomacy():
    return wr.lesson_events()


def title(fig, ax=0):
    return fig.axes[ax].get_title(loc="left")


def source_lines(fig):
    return [t.get_text() for t in fig.texts if t.get_text().startswith("Source")]


def _period_end(date: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day a date may mean, computed here without the library: month end, year end or the day."""
    if precision == "month":
        return date + pd.offsets.MonthEnd(0)
    if precision == "year":
        return pd.Timestamp(year=date.year, month=12, day=31)
    return date


def test_lesson_table_covers_the_foreign_policy_theme_once(diplomacy):
    events = load("events")
    foreign = set(events.loc[events["theme"] == "foreign_policy", "event_id"])
    assert foreign <= set(diplomacy["event_id"]), "every foreign_policy event has a partner and a track"
    assert diplomacy["event_id"].is_unique
    assert set(diplomacy["track"]) <= set(wr.TRACKS)


def test_lesson_table_puts_a_month_after_the_days_it_may_cover(diplomacy):
    ends = [_period_end(d, p) for d, p in zip(diplomacy["date"], diplomacy["date_precision"], strict=True)]
    assert ends == sorted(ends)
    # the expulsion of the Soviet mission is dated only "November 1918": it may follow the Armistice
    order = list(diplomacy["event_id"])
    assert order.index("armistice_western_front") < order.index("germany_expels_soviet_mission")


def test_lesson_table_names_only_real_events():
    events = load("events")
    with pytest.raises(KeyError, match="not in data/events.csv"):
        wr.lesson_events(events[events["event_id"] != "rapallo_treaty"])


def _half(dates: pd.Series) -> pd.Series:
    """Half-year keys computed here without the library, as (year, 1 or 2)."""
    return pd.Series(list(zip(dates.dt.year, 1 + (dates.dt.month > 6), strict=True)), index=dates.index)


def test_half_year_counts_match_a_count_of_the_rows(diplomacy):
    counts = wr.half_year_counts(diplomacy)
    abroad, other = counts.values()
    assert list(abroad.index) == sorted(abroad.index, key=lambda h: (h[:4], "Jul" in h)), "labels sort in time"
    rows = {
        "abroad": diplomacy[diplomacy["track"] == "revolution_abroad"],
        "other": diplomacy[(diplomacy["theme"] == "foreign_policy") & (diplomacy["track"] != "revolution_abroad")],
    }
    for table, part in [(abroad, rows["abroad"]), (other, rows["other"])]:
        expected = _half(part["date"]).value_counts()
        got = table.sum(axis=1)
        got.index = [(int(h[:4]), 1 if "Jan" in h else 2) for h in got.index]
        assert got[got > 0].to_dict() == expected.to_dict()
    # the Hungarian and Bavarian republics and the Spartacist rising fall in the first half of 1919
    assert abroad.loc["1919 Jan-Jun", "uprising or proclamation"] == 3


def test_half_year_figure_bars_equal_the_counts(diplomacy):
    fig = wr.half_year_figure(diplomacy)
    for ax, table in zip(fig.axes[:2], wr.half_year_counts(diplomacy).values(), strict=True):
        heights = pd.Series(0.0, index=range(len(table)))
        for bar in ax.patches:
            if bar.get_height():
                heights[round(bar.get_x() + bar.get_width() / 2)] += bar.get_height()
        assert list(heights) == list(table.sum(axis=1))


def test_busiest_half_year_is_what_a_count_of_the_rows_gives(diplomacy):
    abroad = diplomacy[diplomacy["track"] == "revolution_abroad"]
    year, half = _half(abroad["date"]).value_counts().idxmax()
    expected = f"{year} {'Jan-Jun' if half == 1 else 'Jul-Dec'}"
    assert wr.check("06.4", expected)
    assert not wr.check("06.4", f"{year}-H{half}"), "the answer is written as the lesson's table writes it"


def test_delegates_figure_shows_the_seed_rows():
    estimates = load("estimates").set_index("quantity_id")["point"]
    fig = wr.comintern_delegates_figure()
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert widths[0] == estimates["comintern_1919_delegates_former_empire"]
    assert sum(widths) == estimates["comintern_1919_delegates"]
    rows = load("estimates").query("quantity_id.str.startswith('comintern_1919')")
    assert source_lines(fig) == [source_line(rows["source_id"])]


def test_hopes_figure_numbers_every_event_in_time_order(diplomacy):
    fig = wr.hopes_and_outcomes_figure(diplomacy)
    ax, key_ax = fig.axes[:2]
    key = key_ax.texts[0].get_text()
    numbers = [t.get_text() for t in ax.texts]
    assert numbers == [str(i) for i in range(1, len(numbers) + 1)]
    lines = [line for line in key.splitlines() if line[:2].strip().isdigit()]
    assert len(lines) == len(numbers)
    # "Nov 1918" (the mission expelled) is listed after 11 November, not before the Kaiser's abdication on the 9th
    position = {
        label: i
        for i, line in enumerate(lines)
        for label in ("Kaiser abdicates", "Soviet mission expelled", "Western Front Armistice")
        if label in line
    }
    assert position["Kaiser abdicates"] < position["Western Front Armistice"] < position["Soviet mission expelled"]


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
    assert "No source" in wr.brest_losses_figure(losses, category="gold").axes[0].texts[0].get_text()


def test_loss_spread_is_max_minus_min():
    spread = wr.loss_spread()
    losses = load("brest_litovsk_losses")
    coal = losses.loc[losses["category"] == "coal", "share_lost_pct"]
    assert spread.loc["coal", "spread"] == round(coal.max() - coal.min(), 1)
    assert spread.loc["textiles", "count"] == 1


def _markers(fig) -> int:
    return sum(len(c.get_offsets()) for c in fig.axes[0].collections)


def test_diplomacy_explorer_draws_only_the_chosen_kind_and_period(diplomacy):
    explorer = wr.diplomacy_explorer()
    explorer.controls["kind"].value = "congress"
    assert _markers(explorer.redraw()) == (diplomacy["kind"] == "congress").sum()
    explorer.controls["period"].value = "Nov 1918 - Mar 1921: Armistice to Riga"
    first, last = wr.PERIODS["Nov 1918 - Mar 1921: Armistice to Riga"]
    inside = diplomacy["date"].between(first, last) & (diplomacy["kind"] == "congress")
    assert _markers(explorer.redraw()) == inside.sum()


def test_brest_explorer_shows_the_chosen_category():
    losses = load("brest_litovsk_losses")
    explorer = wr.brest_losses_explorer()
    explorer.controls["category"].value = "coal"
    bars = sorted(p.get_width() for p in explorer.redraw().axes[0].patches)
    assert bars == sorted(losses.loc[losses["category"] == "coal", "share_lost_pct"])


def test_track_colours_are_distinct():
    colours = [mcolors.to_hex(c) for c in wr.TRACK_COLOURS.values()]
    assert len(set(colours)) == len(colours)
