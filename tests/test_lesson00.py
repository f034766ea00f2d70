"""Lesson 00: the calendar converter's callback and what its figures plot."""

import json

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import start
from leningov.sources import source_line


def test_converter_callback_both_directions():
    assert start.convert_date("1917-10-25", "os_to_ns").startswith("7 November 1917 (New Style)")
    assert "1 February 1918 (Old Style)" in start.convert_date("1918-02-14", "ns_to_os")
    assert "Gregorian" in start.convert_date("1918-02-14", "ns_to_os")


def test_converter_explains_bad_input():
    assert start.convert_date("1918-02-30", "ns_to_os").startswith("Cannot read '1918-02-30'")
    assert start.convert_date("25 October", "os_to_ns").startswith("Cannot read")


def test_converter_widget_updates_its_answer():
    box = start.calendar_converter()
    box.controls["text"].value = "1924-01-21"
    box.controls["direction"].value = "ns_to_os"
    assert box.answer.value.startswith("21 January 1924 (New Style) = 8 January 1924 (Old Style)")


def test_calendar_gap_is_12_days_before_1900_and_13_after():
    """1900 was a leap year in the Julian calendar only, so the gap grew by a day that year."""
    step = start.calendar_gap_figure(1890, 1910).axes[0].lines[0]
    assert dict(zip(step.get_xdata(), step.get_ydata(), strict=True)) == {
        year: 12 if year < 1900 else 13 for year in range(1890, 1911)
    }


def test_events_per_year_bars_are_the_counts_in_the_events_table():
    events = load("events")
    counts = events.groupby([events["date"].dt.year, events["theme"].astype(str)]).size().unstack(fill_value=0)
    counts = counts.loc[1917:1924]
    fig = start.events_per_year_figure(events)
    ax = fig.axes[0]
    drawn = {bars.get_label().replace(" ", "_"): [bar.get_height() for bar in bars] for bars in ax.containers}
    for theme, heights in drawn.items():
        expected = counts[theme] if theme in counts else pd.Series(0, index=counts.index)
        assert heights == pytest.approx(list(expected)), theme
    assert set(counts.columns) <= set(drawn), "every theme of those years has its bars"
    assert sum(map(sum, drawn.values())) == events["date"].dt.year.between(1917, 1924).sum()
    assert source_line(events["source_id"]) in [t.get_text().replace("\n", " ") for t in fig.texts]


def test_the_seed_count_keeps_corrections_clarifications_and_confirmations_apart(root):
    """The lesson prints, from the `seed_check` column, how many events correct, clarify and confirm the seed."""
    nb = json.loads((root / "notebooks" / "00-start-here.ipynb").read_text(encoding="utf-8"))
    printed = [
        "".join(out["text"])
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for out in cell.get("outputs", [])
        if out.get("name") == "stdout" and "seed article" in "".join(out["text"])
    ]
    assert len(printed) == 1, "one printed line sums up how the events stand to the seed article"
    counts = load("events")["seed_check"].value_counts()
    for value, verb in [("corrects", "correct"), ("clarifies", "clarify"), ("confirms", "confirm")]:
        assert f"{counts[value]} {verb}" in printed[0], f"the lesson does not print the {value} count"
