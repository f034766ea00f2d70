"""Lesson 03, terror and repression: the timeline, the camps and the disputed tolls show what the data holds."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import plotted
import pytest

from leningov import load
from leningov.lessons import terror


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


# ---------------------------------------------------------------------------------------------- the timeline
def test_every_timeline_event_exists_once_and_has_one_strand():
    timeline = terror.repression_events()
    ids = [i for ids in terror.STRAND_EVENTS.values() for i in ids]
    assert len(ids) == len(set(ids)), "an event is listed in two strands"
    assert sorted(timeline["event_id"]) == sorted(ids)
    assert timeline["strand"].notna().all()


def last_possible_day(row) -> pd.Timestamp:
    """The last day an event may have fallen on, from its date and precision (computed here, not by the library)."""
    if row["date_precision"] == "year":
        return pd.Timestamp(row["date"].year, 12, 31)
    if row["date_precision"] == "month":
        return row["date"] + pd.offsets.MonthEnd(0)
    return row["date"]


def test_timeline_orders_a_partial_date_after_the_days_it_may_fall_on():
    timeline = terror.repression_events()
    ends = timeline.apply(last_possible_day, axis=1)
    assert ends.is_monotonic_increasing
    order = list(timeline["event_id"])
    # the Criminal Code is dated only to 1922: it must not come before Lenin's letter of 17 May 1922 about it
    assert order.index("kursky_letter_terror") < order.index("criminal_code_1922")
    # Lenin's speech is dated only to November 1917: after the Decree on the Press of 9 November
    assert order.index("decree_on_press") < order.index("lenin_vtsik_violence_speech")


def test_missing_timeline_event_is_named():
    events = load("events")
    with pytest.raises(KeyError, match="cheka_founded"):
        terror.repression_events(events[events["event_id"] != "cheka_founded"])


def test_timeline_figure_has_one_row_per_event_with_its_title():
    fig = terror.timeline_figure()
    timeline = terror.repression_events()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(timeline)
    for label, event_title in zip(labels, timeline["title"], strict=True):
        assert label.rstrip("…") in event_title
    assert any(t.startswith("Sources:") for t in texts(fig))


def test_timeline_draws_a_partial_date_across_its_whole_period():
    fig = terror.timeline_figure()
    timeline = terror.repression_events()
    bars = {round(y): (first, last) for first, last, y in plotted.bars(fig.axes[0])}
    partial = timeline[timeline["date_precision"] != "day"]
    assert sorted(bars) == list(partial.index)
    for y, row in partial.iterrows():
        assert bars[y] == (row["date"], last_possible_day(row)), row["event_id"]


def test_timeline_filters_by_strand_and_years():
    fig = terror.timeline_figure(strand="Camps", years=(1919, 1923))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(terror.STRAND_EVENTS["Camps"])
    fig = terror.timeline_figure(strand="The church", years=(1922, 1922))
    church_1922 = terror.repression_events().query("strand == 'The church' and date.dt.year == 1922")
    assert len(fig.axes[0].get_yticklabels()) == len(church_1922)
    colours = {mcolors.to_hex(t.get_color()) for t in fig.axes[0].get_yticklabels()}
    assert colours == {terror.STRAND_COLOURS["The church"].lower()}


def test_timeline_empty_selection_says_so():
    fig = terror.timeline_figure(strand="Camps", years=(1917, 1917))
    assert any("No events of the strand 'Camps' in 1917-1917" in t for t in texts(fig))


def test_timeline_widget_redraws_when_the_years_change():
    explorer = terror.repression_timeline_explorer()
    before = len(explorer.redraw().axes[0].get_yticklabels())
    explorer.controls["years"].value = (1922, 1923)
    after = len(explorer.redraw().axes[0].get_yticklabels())
    assert after < before


# ---------------------------------------------------------------------------------------------- the camps
def test_camps_table_computes_prisoners_per_camp():
    table = terror.camps_table()
    raw = load("camps")
    assert len(table) == len(raw)
    both = table.dropna(subset=["prisoners"])
    for _, row in both.iterrows():
        assert row["prisoners_per_camp"] == pytest.approx(row["prisoners"] / row["camps"])
    assert table["prisoners_per_camp"].isna().sum() == raw["prisoners"].isna().sum()


def test_camps_figure_plots_the_counts_of_the_csv():
    fig = terror.camps_figure("camps")
    plotted = sorted(float(y) for line in fig.axes[0].get_lines() for y in line.get_ydata())
    assert plotted == sorted(float(c) for c in load("camps")["camps"])


def test_camps_figure_marks_sources_without_the_measure():
    fig = terror.camps_figure("prisoners_per_camp")
    plotted = [float(y) for line in fig.axes[0].get_lines() for y in line.get_ydata()]
    assert len(plotted) == load("camps")["prisoners"].notna().sum()
    assert any(t.endswith("no figure") for t in texts(fig))


def test_camps_figure_rejects_an_unknown_measure():
    with pytest.raises(ValueError, match="measure must be one of"):
        terror.camps_figure("guards")


def test_camps_widget_draws_the_chosen_measure():
    explorer = terror.camps_explorer()
    explorer.controls["measure"].value = "prisoners"
    plotted = sorted(float(y) for line in explorer.redraw().axes[0].get_lines() for y in line.get_ydata())
    assert plotted == sorted(float(p) for p in load("camps")["prisoners"].dropna())


# ---------------------------------------------------------------------------------------------- the tolls
def test_red_terror_figure_has_one_row_per_source_with_its_scope():
    rows = terror.estimate_rows("red_terror_deaths")
    fig = terror.estimates_figure("red_terror_deaths")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(rows) == load("estimates").query("quantity_id == 'red_terror_deaths'").shape[0]
    shown = " ".join(texts(fig)).replace("\n", " ")
    for scope in rows["scope"]:
        assert scope[:40] in shown, "each row's scope is written under it"
    assert "Seed article" in labels


def test_range_bars_span_each_sources_low_and_high():
    rows = terror.estimate_rows("red_terror_deaths")
    fig = terror.estimates_figure("red_terror_deaths")
    spans = sorted(
        tuple(float(x) for x in line.get_xdata()) for line in fig.axes[0].get_lines() if len(line.get_xdata()) == 2
    )
    expected = sorted(
        (float(r["low"]), float(r["high"])) for _, r in rows.iterrows() if pd.notna(r["low"]) and pd.notna(r["high"])
    )
    assert spans == expected


def test_a_lone_lower_bound_is_drawn_inside_the_axes():
    rows = load("estimates").query("quantity_id == 'kronstadt_deaths_total'")
    assert len(rows) == 1 and rows[["high", "point"]].isna().all(axis=None)  # one source, "at least" only
    ax = terror.estimates_figure("kronstadt_deaths_total").axes[0]
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert arrows and all(ax.get_xlim()[0] <= a.xy[0] <= ax.get_xlim()[1] for a in arrows)
    assert any(t.get_text() == f"at least {rows['low'].iloc[0]:,.0f}" for t in ax.texts)


def test_several_quantities_label_each_row_with_its_quantity():
    fig = terror.estimates_figure(terror.KRONSTADT_QUANTITIES, title="Kronstadt")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(terror.estimate_rows(terror.KRONSTADT_QUANTITIES))
    assert any("executed" in label for label in labels)


def test_unknown_quantity_gives_a_message_not_a_crash():
    fig = terror.estimates_figure("no_such_quantity")
    assert any("No rows for 'no_such_quantity'" in t for t in texts(fig))
    with pytest.raises(KeyError, match="not a quantity_id"):
        terror.spread_factor("no_such_quantity")


def test_spread_factor_uses_lows_highs_and_points():
    rows = terror.estimate_rows("red_terror_deaths")
    values = rows[["low", "high", "point"]].stack().astype(float)
    assert terror.spread_factor("red_terror_deaths") == pytest.approx(values.max() / values.min())


def test_every_toll_in_the_widget_exists_in_the_data():
    offered = [q for _, q in terror.toll_options()]
    assert offered == terror.TOLL_QUANTITIES


def test_estimates_widget_redraws_for_another_quantity_and_the_log_scale():
    explorer = terror.estimates_explorer()
    explorer.controls["quantity"].value = "priests_killed_1922"
    priests = explorer.redraw()
    rows = load("estimates").query("quantity_id == 'priests_killed_1922'")
    assert len(priests.axes[0].get_yticklabels()) == len(rows)
    explorer.controls["log_scale"].value = True
    assert explorer.redraw().axes[0].get_xscale() == "log"
