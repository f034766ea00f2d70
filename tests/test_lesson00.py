"""Lesson 00: the self-check answers against independent computations, the converter's wiring, and the printed
seed counts. The converter's logic and the figures' code are in the notebook, which strict nbval checks."""

import datetime as dt
import json

import pandas as pd

from leningov import load
from leningov.lessons import start


def test_answers_match_independent_computations():
    events = load("events")
    assert start.exercises["00.1"].expected() == "1917-11-07"
    in_1918 = (events["date"] >= "1918-01-01") & (events["date"] < "1919-01-01")
    assert start.exercises["00.2"].expected() == int(in_1918.sum())
    dates = dict(zip(events["event_id"], events["date"], strict=True))
    days = (dates["constituent_assembly_dissolved"] - dates["october_revolution"]) / pd.Timedelta(days=1)
    assert start.exercises["00.4"].expected() == days == 73
    assert start.exercises["00.5"].expected() == (dt.date(1924, 1, 21) - dt.timedelta(days=13)).isoformat()


def test_converter_shows_what_the_lessons_function_returns():
    calls = []

    def convert(text, direction):
        calls.append((text, direction))
        return f"{direction}: {text}"

    box = start.calendar_converter(convert)
    assert box.answer.value == "os_to_ns: 1917-10-25"
    box.controls["text"].value = "1924-01-21"
    box.controls["direction"].value = "ns_to_os"
    assert box.answer.value == "ns_to_os: 1924-01-21" == box.snapshot()
    assert calls[-1] == ("1924-01-21", "ns_to_os")


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
