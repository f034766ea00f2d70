"""The calendar converter every lesson relies on."""

import datetime as dt

import pytest

from leningov.calendar import (
    JulianDate,
    describe,
    gregorian_to_julian,
    julian_to_gregorian,
    official_calendar,
    offset_days,
)


def test_the_october_revolution_fell_on_7_november():
    assert julian_to_gregorian(1917, 10, 25) == dt.date(1917, 11, 7)
    assert gregorian_to_julian(dt.date(1917, 11, 7)) == JulianDate(1917, 10, 25)


def test_russias_switch_31_january_os_was_followed_by_14_february_ns():
    last_julian = julian_to_gregorian(1918, 1, 31)
    assert last_julian == dt.date(1918, 2, 13)
    assert last_julian + dt.timedelta(days=1) == dt.date(1918, 2, 14)
    assert official_calendar("1918-02-13") == "julian"
    assert official_calendar("1918-02-14") == "gregorian"


@pytest.mark.parametrize("day", ["1800-03-13", "1850-06-01", "1870-04-22", "1899-12-31", "1900-03-12"])
def test_the_gap_is_12_days_in_the_19th_century(day):
    assert offset_days(day) == 12


@pytest.mark.parametrize("day", ["1900-03-14", "1917-11-07", "1918-02-14", "1924-01-21", "2000-02-29", "2099-12-31"])
def test_the_gap_is_13_days_from_1900_to_2099(day):
    assert offset_days(day) == 13


def test_the_gap_grows_on_the_julian_leap_day_of_1900():
    # 29 February 1900 exists only in the Julian calendar; it is 13 March 1900 in the Gregorian.
    assert julian_to_gregorian(1900, 2, 29) == dt.date(1900, 3, 13)
    assert julian_to_gregorian(1900, 2, 28) == dt.date(1900, 3, 12)


def test_round_trip_over_every_day_1870_to_1924():
    day = dt.date(1870, 1, 1)
    while day <= dt.date(1924, 12, 31):
        assert julian_to_gregorian(*gregorian_to_julian(day)) == day
        day += dt.timedelta(days=1)


def test_iso_strings_are_accepted_and_bad_dates_refused():
    assert julian_to_gregorian("1918-01-31") == dt.date(1918, 2, 13)
    with pytest.raises(ValueError, match="28 days"):
        julian_to_gregorian(1918, 2, 29)
    with pytest.raises(ValueError, match="month"):
        julian_to_gregorian(1918, 13, 1)


def test_describe_names_both_calendars():
    text = describe("1917-11-07")
    assert "7 November 1917 (New Style)" in text and "25 October 1917 (Old Style)" in text
    assert "Julian" in text
