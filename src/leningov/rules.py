"""Checks across the cells of a row or the rows of a table, which a Table Schema cannot express.

Each rule applies to every table that has the columns it speaks of, so a new table gets the same checks for free.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from leningov.calendar import FIRST_GREGORIAN_DAY, julian_to_gregorian

PERIOD = (dt.date(1870, 1, 1), dt.date(1924, 12, 31))
#: Shares are rounded to one decimal in the sources, so their sum may pass 100 by rounding alone.
SHARE_ROUNDING = 0.1
DATE_PAIRS = [("start", "end"), ("born", "died")]


def table_rules(name: str, label: str, rows: list[dict], resource: dict, problem) -> list:
    found = []

    def add(rec, column, message):
        found.append(problem(label, rec["_line"], column, message))

    for rec in rows:
        _calendar(rec, add)
        _precision(rec, add)
        _period(rec, add, resource)
        _ordering(rec, add)
    if name == "constituent_assembly_1917":
        _shares(rows, add)
    return found


def _calendar(rec, add):
    date, date_os = rec.get("date"), rec.get("date_os")
    if "date_os" not in rec or date is None:
        return
    if date_os is None:
        if rec.get("date_precision") == "day" and date < FIRST_GREGORIAN_DAY:
            add(rec, "date_os", f"is empty, but {date} is before 1918-02-14: give the Old Style (Julian) date too")
        return
    if date >= FIRST_GREGORIAN_DAY:
        add(rec, "date_os", f"is filled, but {date} is after Russia's switch to the Gregorian calendar")
        return
    expected = julian_to_gregorian(date_os.year, date_os.month, date_os.day)
    if expected != date:
        lag = (date - date_os).days
        add(
            rec,
            "date_os",
            f"{date_os} (Old Style) is {expected} (New Style), not {date}: the two are {lag} days "
            f"apart where the calendars differed by {(expected - date_os).days}",
        )


def _precision(rec, add):
    for column, value in rec.items():
        if not column.endswith("precision") or value is None:
            continue
        target = "date" if column == "date_precision" else column.removesuffix("_precision")
        date = rec.get(target)
        if not isinstance(date, dt.date):
            continue
        if value == "month" and date.day != 1:
            add(rec, target, f"{date} has month precision, so it must be written as the 1st of the month")
        if value == "year" and (date.month, date.day) != (1, 1):
            add(rec, target, f"{date} has year precision, so it must be written as 1 January")


def _period(rec, add, resource):
    if "date" not in rec or "note" not in rec or rec["date"] is None:
        return
    if not PERIOD[0] <= rec["date"] <= PERIOD[1] and not rec.get("note"):
        add(rec, "date", f"{rec['date']} lies outside 1870-1924; the note must say why it is here")


def _ordering(rec, add):
    low, point, high = rec.get("low"), rec.get("point"), rec.get("high")
    if low is not None and high is not None and low > high:
        add(rec, "low", f"low {low:g} is greater than high {high:g}")
    if point is not None and low is not None and point < low:
        add(rec, "point", f"point {point:g} is below low {low:g}")
    if point is not None and high is not None and point > high:
        add(rec, "point", f"point {point:g} is above high {high:g}")
    if "low" in rec and low is None and high is None and point is None:
        add(rec, "point", "low, high and point are all empty: give at least one figure")
    for first, last in DATE_PAIRS:
        a, b = rec.get(first), rec.get(last)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and a > b:
            add(rec, last, f"{last} {b} comes before {first} {a}")


def _shares(rows, add):
    total: dict[str, float] = defaultdict(float)
    last: dict[str, dict] = {}
    for rec in rows:
        if rec.get("vote_share_pct") is not None:
            total[rec["source_id"]] += rec["vote_share_pct"]
            last[rec["source_id"]] = rec
    for source, share in total.items():
        if share > 100 + SHARE_ROUNDING:
            add(last[source], "vote_share_pct", f"the shares of source {source!r} add up to {share:.1f}%, over 100%")
