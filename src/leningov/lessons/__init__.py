"""Per-lesson plumbing: the plotting functions behind each lesson's widgets and its self-checked exercises.

Importing this package registers every lesson's self-checks. ``explorers()`` lists every widget the lessons show,
so that the tests and the benchmark can drive each one like a learner would.
"""

from __future__ import annotations

from collections.abc import Callable

from leningov.lessons import (
    capstone,
    civil_war,
    economy,
    power,
    start,
    succession,
    terror,
    world_revolution,
)

LESSON_MODULES = [start, power, economy, terror, civil_war, succession, world_revolution, capstone]


def explorers() -> dict[str, Callable]:
    """Every lesson widget, by name ("module.function"), as a function that builds it."""
    found = {}
    for module in LESSON_MODULES:
        for name, factory in getattr(module, "EXPLORERS", {}).items():
            found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = factory
    return found
