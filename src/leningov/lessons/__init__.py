"""Per-lesson plumbing: the plotting functions behind each lesson's widgets and its self-checked exercises.

Importing this package registers every lesson's self-checks. ``explorers()`` lists every widget the lessons show,
so that the tests and the benchmark can drive each one like a learner would.
"""

from __future__ import annotations

from collections.abc import Callable

from leningov.lessons import start

LESSON_MODULES = [start]


def explorers() -> dict[str, Callable]:
    """Every lesson widget, by name ("module.function"), as a function that builds it."""
    found = {}
    for module in LESSON_MODULES:
        for name, factory in getattr(module, "EXPLORERS", {}).items():
            found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = factory
    return found
