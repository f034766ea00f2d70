"""Lesson 03, terror and repression: the timeline, the camps and the disputed tolls show what the data holds."""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from leningov import load
from leningov.lessons import terror


def title(fig) -> str:
    return fig.axes[0].get_title(loc="left")


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def figure_png(fig) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------- the timeline
def test_every_timeline_event_exists_once_and_has_one_strand():
    timeline = terror.repression_events()
    ids = [i for ids in terror.STRAND_EVENTS.values() for i in ids]
    assert len(ids) == len(set(ids)), "an event is listed in two strands"
    assert sorted(timeline["event_id"]) == sorted(ids)
    assert timeline["date"].is_monotonic_increasing
    assert timeline["strand"].notna().all()


def test_timeline_covers_the_lessons_milestones():
    ids = set(terror.repression_events()["event_id"])
    for milestone in [
        "decree_on_press",
        "courts_decree_no1",
        "revolutionary_tribunals_established",
        "courts_decree_no2",
        "cheka_founded",
        "hostage_order",
        "penza_telegram",
        "red_terror_decree",
        "camps_decreed_1919",
        "church_valuables_decree",
        "shuya_letter",
        "intellectuals_exile_lists",
        "sr_trial",
        "mensheviks_expelled",
        "criminal_code_1922",
        "romanov_execution",
        "kronstadt_crushed",
    ]:
        assert milestone in ids, milestone


def test_missing_timeline_event_is_named():
    events = load("events")
    with pytest.raises(KeyError, match="cheka_founded"):
        terror.repression_events(events[events["event_id"] != "cheka_founded"])


def test_timeline_figure_has_one_row_per_event_with_its_title():
    fig = terror.timeline_figure()
    timeline = terror.repression_events()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(timeline)
    assert labels[0].startswith(timeline["title"].iloc[0][:20])
    assert title(fig).startswith("How was the machinery of repression built")
    assert any(t.startswith("Sources:") for t in texts(fig))


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
    assert title(fig) == "How many camps were there, 1920-1923?"


def test_camps_figure_marks_sources_without_the_measure():
    fig = terror.camps_figure("prisoners_per_camp")
    plotted = [float(y) for line in fig.axes[0].get_lines() for y in line.get_ydata()]
    assert len(plotted) == load("camps")["prisoners"].notna().sum()
    assert any(t.endswith("no figure") for t in texts(fig))


def test_camps_figure_rejects_an_unknown_measure():
    with pytest.raises(ValueError, match="measure must be one of"):
        terror.camps_figure("guards")


def test_camps_widget_changes_the_figure():
    explorer = terror.camps_explorer()
    first = title(explorer.redraw())
    explorer.controls["measure"].value = "prisoners"
    assert title(explorer.redraw()) != first


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


def test_several_quantities_label_each_row_with_its_quantity():
    fig = terror.estimates_figure(terror.KRONSTADT_QUANTITIES, title="Kronstadt")
    labels = [t.get_text().replace("\n", " ") for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(terror.estimate_rows(terror.KRONSTADT_QUANTITIES))
    assert any("executed" in label for label in labels)
    assert title(fig) == "Kronstadt"


def test_unknown_quantity_gives_a_message_not_a_crash():
    fig = terror.estimates_figure("no_such_quantity")
    assert any("No rows for 'no_such_quantity'" in t for t in texts(fig))
    with pytest.raises(KeyError, match="not a quantity_id"):
        terror.spread_factor("no_such_quantity")


def test_spread_factor_uses_lows_highs_and_points():
    rows = terror.estimate_rows("red_terror_deaths")
    values = rows[["low", "high", "point"]].stack().astype(float)
    assert terror.spread_factor("red_terror_deaths") == pytest.approx(values.max() / values.min())
    assert terror.spread_factor("priests_killed_1922") > 5


def test_every_toll_in_the_widget_exists_in_the_data():
    offered = [q for _, q in terror.toll_options()]
    assert offered == terror.TOLL_QUANTITIES
    assert {"red_terror_deaths", "priests_killed_1922", "white_terror_deaths"} <= set(offered)


def test_estimates_widget_redraws_for_another_quantity_and_the_log_scale():
    explorer = terror.estimates_explorer()
    default = figure_png(explorer.redraw())
    explorer.controls["quantity"].value = "priests_killed_1922"
    priests = explorer.redraw()
    assert title(priests).startswith("Priests killed in the 1922")
    explorer.controls["log_scale"].value = True
    assert explorer.redraw().axes[0].get_xscale() == "log"
    assert figure_png(priests) != default


# ---------------------------------------------------------------------------------------------- source labels
def test_source_labels_are_short():
    assert terror.source_label("seed") == "Seed article"
    assert terror.source_label("leggett1981") == "Leggett 1981"
    assert terror.source_label("wp_red_terror") == "Wikipedia, “Red Terror”"
