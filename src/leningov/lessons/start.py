"""Lesson 00, start here: the calendar converter and the first look at the data."""

from __future__ import annotations

import datetime as dt

import ipywidgets as widgets
import pandas as pd

from leningov.calendar import describe, gregorian_to_julian, julian_to_gregorian, offset_days
from leningov.data import load
from leningov.figures import new_figure
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line
from leningov.style import THEME_COLOURS
from leningov.widgets import LiveVBox, register, static_note

exercises = Exercises.beside(__file__, "00")  # the answers below; their hints are in hints.csv
check = exercises.check

DIRECTIONS = {"Old Style → New Style": "os_to_ns", "New Style → Old Style": "ns_to_os"}
CONVERTER_NOTE = (
    "This is the converter's answer for its default date. To convert another date, open this lesson in JupyterLab "
    "or on Binder (the rocket icon at the top of the page) and run its cells."
)


def convert_date(text: str, direction: str) -> str:
    """The sentence the converter shows for one input: both calendars' names for the day, or what is wrong."""
    text = text.strip()
    try:
        if direction == "os_to_ns":
            year, month, day = (int(part) for part in text.split("-"))
            gregorian = julian_to_gregorian(year, month, day)
        elif direction == "ns_to_os":
            gregorian = dt.date.fromisoformat(text)
        else:
            raise ValueError(f"unknown direction {direction!r}")
    except ValueError as err:
        return f"Cannot read {text!r} as a date YYYY-MM-DD ({err})."
    return describe(gregorian)


def calendar_converter(initial: str = "1917-10-25") -> widgets.VBox:
    """Type a date, choose the direction, read both calendars' names for the day."""
    date_box = widgets.Text(value=initial, description="Date (YYYY-MM-DD)", style={"description_width": "initial"})
    direction = widgets.ToggleButtons(options=list(DIRECTIONS.items()), value="os_to_ns", description="Convert")
    answer = widgets.HTML(value=convert_date(initial, "os_to_ns"))

    def update(change=None) -> str:
        answer.value = convert_date(date_box.value, direction.value)
        return answer.value

    date_box.observe(update, names="value")
    direction.observe(update, names="value")
    box = LiveVBox([widgets.HBox([date_box, direction]), answer, *static_note(CONVERTER_NOTE)])
    box.update = update
    box.answer = answer
    return register(box, {"text": date_box, "direction": direction}, lambda: answer.value, name="calendar_converter")


def calendar_gap_figure(start_year: int = 1800, end_year: int = 1930):
    """How far the Julian calendar lagged behind the Gregorian, year by year (on 15 March of each year, after the
    Julian leap day of a century year has passed)."""
    years = list(range(start_year, end_year + 1))
    lag = [offset_days(dt.date(y, 3, 15)) for y in years]
    fig, ax = new_figure(8, 3.5)
    ax.step(years, lag, where="post", color=THEME_COLOURS["power"])
    ax.axvline(1918, color="#999999", linestyle="--")
    ax.annotate(
        "Russia switches:\n31 Jan 1918 (O.S.) → 14 Feb 1918 (N.S.)",
        xy=(1918, 13),
        xytext=(1840, 12.4),
        arrowprops={"arrowstyle": "->", "color": "#555555"},
        fontsize=9,
    )
    ax.set_ylim(11.5, 13.5)
    ax.set_yticks([12, 13])
    ax.set_xlabel("year")
    ax.set_ylabel("days the Julian calendar lags")
    ax.set_title("Why the 'October' Revolution happened in November")
    return fig


def events_per_year_figure(events: pd.DataFrame | None = None):
    """Events in the course timeline per year, stacked by theme."""
    events = load("events") if events is None else events
    table = (
        events.assign(year=events["date"].dt.year)
        .pivot_table(index="year", columns="theme", values="event_id", aggfunc="count", observed=False)
        .fillna(0)
    )
    table = table.loc[(table.index >= 1917) & (table.index <= 1924)]
    fig, ax = new_figure(8, 4)
    bottom = None
    for theme in table.columns:
        values = table[theme]
        ax.bar(table.index, values, bottom=bottom, label=theme.replace("_", " "), color=THEME_COLOURS[str(theme)])
        bottom = values if bottom is None else bottom + values
    ax.set_xlabel("year")
    ax.set_ylabel("events in the course timeline")
    ax.set_title("What the course's timeline covers, year by year")
    ax.legend(ncols=4, fontsize=8, loc="upper right")
    add_source_line(fig, events["source_id"])
    return fig


@exercises.answer("00.1")
def _october_revolution_new_style():
    return julian_to_gregorian(1917, 10, 25).isoformat()


@exercises.answer("00.2")
def _events_in_1918():
    events = load("events")
    return int((events["date"].dt.year == 1918).sum())


@exercises.answer("00.3")
def _lenin_death_old_style():
    return gregorian_to_julian(dt.date(1924, 1, 21)).isoformat()


EXPLORERS = {"calendar_converter": calendar_converter}
