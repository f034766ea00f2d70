"""Julian (Old Style) and Gregorian (New Style) dates.

Russia kept the Julian calendar until 31 January 1918, which was followed by 14 February 1918. Sources of the
period give Old Style dates, most histories give New Style ones, and the seed article mixes them, so every lesson
needs an exact converter. Conversions go through the Julian Day Number, which is exact for any date.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

#: Last day of the Julian calendar in Russia (Old Style) and the first Gregorian day that followed it.
LAST_JULIAN_DAY_OS = (1918, 1, 31)
FIRST_GREGORIAN_DAY = dt.date(1918, 2, 14)

#: Month names, spelled here rather than by ``strftime``, whose ``%B`` follows the machine's language.
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


class JulianDate(NamedTuple):
    """A date in the Julian calendar. It is not a ``datetime.date``: 29 February 1900 exists only here."""

    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return f"{self.day} {MONTHS[self.month - 1]} {self.year}"


def _julian_day_number_of_julian(year: int, month: int, day: int) -> int:
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def _julian_from_day_number(jdn: int) -> JulianDate:
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return JulianDate(year, month, day)


# datetime's proleptic Gregorian ordinal 1 (0001-01-01) is Julian Day Number 1721426.
_ORDINAL_TO_JDN = 1721425


def _check_julian(year: int, month: int, day: int) -> None:
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, got {month}")
    days = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if not 1 <= day <= days:
        raise ValueError(f"{year}-{month:02d} has {days} days in the Julian calendar, got day {day}")


def julian_to_gregorian(year: int | str, month: int | None = None, day: int | None = None) -> dt.date:
    """The Gregorian date of a Julian date, given as numbers or as an ISO string ``"1917-10-25"``."""
    if isinstance(year, str):
        year, month, day = (int(part) for part in year.split("-"))
    if month is None or day is None:
        raise TypeError("give year, month and day, or one ISO string")
    _check_julian(year, month, day)
    return dt.date.fromordinal(_julian_day_number_of_julian(year, month, day) - _ORDINAL_TO_JDN)


def gregorian_to_julian(date: dt.date | str) -> JulianDate:
    """The Julian date of a Gregorian date (a ``datetime.date`` or an ISO string)."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return _julian_from_day_number(date.toordinal() + _ORDINAL_TO_JDN)


def _julian_day_number_of_gregorian_labels(year: int, month: int, day: int) -> int:
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def offset_days(date: dt.date | str) -> int:
    """How many days the Julian calendar lagged behind the Gregorian on this (Gregorian) day.

    12 in the 19th century, 13 from 1 March 1900 (Gregorian: 14 March) to 2100.
    """
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    julian = gregorian_to_julian(date)
    return date.toordinal() + _ORDINAL_TO_JDN - _julian_day_number_of_gregorian_labels(*julian)


def official_calendar(date: dt.date | str) -> str:
    """Which calendar Russia's government used on this (Gregorian) day: ``"julian"`` or ``"gregorian"``."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return "julian" if date < FIRST_GREGORIAN_DAY else "gregorian"


def describe(date: dt.date | str) -> str:
    """Both calendars' names for one day, saying which one Russia used then.

    >>> describe("1917-11-07")
    '7 November 1917 (New Style) = 25 October 1917 (Old Style); Russia then used the Old Style (Julian) calendar.'
    """
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    julian = gregorian_to_julian(date)
    used = "Old Style (Julian)" if official_calendar(date) == "julian" else "New Style (Gregorian)"
    return (
        f"{date.day} {MONTHS[date.month - 1]} {date.year} (New Style) = {julian} (Old Style); "
        f"Russia then used the {used} calendar."
    )
