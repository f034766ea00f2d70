"""Per-lesson plumbing: the plotting functions behind each lesson's widgets and its self-checked exercises.

Each lesson module holds its self-checks in ``exercises`` (a ``leningov.selfcheck.Exercises``) and offers
``check``. ``explorers()`` lists every widget the lessons show and ``exercises()`` every self-check, so that the
tests and the benchmark can drive each one like a learner would.
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


def exercises() -> dict[str, object]:
    """Every self-checked exercise of every lesson, by number ("03.2"), as ``(lesson module, Exercise)``."""
    found = {}
    for module in LESSON_MODULES:
        for exercise_id in module.exercises:
            if exercise_id in found:
                raise ValueError(f"exercise {exercise_id} is defined by two lessons")
            found[exercise_id] = (module, module.exercises[exercise_id])
    return found
