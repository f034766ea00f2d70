"""Lesson 00, start here: the self-check answers, and the wiring of the calendar converter.

The converter's logic (the function that turns a typed date into both calendars' names for the day) is written in
the notebook. Its wiring stays here because it is a text box, not a figure, so ``leningov.widgets.explore`` (which
redraws a figure) does not fit it, and the hand wiring (callbacks, registering for the widget test, the note in
the stored outputs) is plumbing that a first lesson should not make a reader wade through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as widgets

from leningov.calendar import gregorian_to_julian, julian_to_gregorian
from leningov.data import load
from leningov.selfcheck import Exercises
from leningov.widgets import LiveVBox, register, static_note

exercises = Exercises.beside(__file__, "00")  # the answers below; their hints are in hints.csv
check = exercises.check

DIRECTIONS = {"Old Style → New Style": "os_to_ns", "New Style → Old Style": "ns_to_os"}
CONVERTER_NOTE = (
    "This is the converter's answer for its default date. To convert another date, open this lesson in JupyterLab "
    "or on Binder (the rocket icon at the top of the page) and run its cells."
)


def calendar_converter(convert: Callable[[str, str], str], initial: str = "1917-10-25") -> widgets.VBox:
    """A text box and a direction that show ``convert(text, direction)`` (the lesson's function) as they change."""
    date_box = widgets.Text(value=initial, description="Date (YYYY-MM-DD)", style={"description_width": "initial"})
    direction = widgets.ToggleButtons(options=list(DIRECTIONS.items()), value="os_to_ns", description="Convert")
    answer = widgets.HTML(value=convert(initial, "os_to_ns"))

    def update(change=None) -> str:
        answer.value = convert(date_box.value, direction.value)
        return answer.value

    date_box.observe(update, names="value")
    direction.observe(update, names="value")
    box = LiveVBox([widgets.HBox([date_box, direction]), answer, *static_note(CONVERTER_NOTE)])
    box.answer = answer
    return register(box, {"text": date_box, "direction": direction}, lambda: answer.value, name="calendar_converter")


@exercises.answer("00.1")
def _october_revolution_new_style():
    return julian_to_gregorian(1917, 10, 25).isoformat()


@exercises.answer("00.2")
def _events_in_1918():
    events = load("events")
    return int((events["date"].dt.year == 1918).sum())


@exercises.answer("00.4")
def _days_from_october_to_the_dissolution():
    dates = load("events").set_index("event_id")["date"]
    return int((dates["constituent_assembly_dissolved"] - dates["october_revolution"]).days)


@exercises.answer("00.5")
def _lenin_death_old_style():
    return gregorian_to_julian(dt.date(1924, 1, 21)).isoformat()
