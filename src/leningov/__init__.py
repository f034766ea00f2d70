"""Plumbing for the course *Lenin's Government, 1917-1924*.

Lessons import from here so that the teaching code in the notebooks stays short and visible, while loading,
validation, calendars, plot style, widgets and self-checks are written (and tested) once.
"""

from leningov.calendar import gregorian_to_julian, julian_to_gregorian
from leningov.data import DataValidationError, load, load_all

__all__ = [
    "DataValidationError",
    "gregorian_to_julian",
    "julian_to_gregorian",
    "load",
    "load_all",
]
