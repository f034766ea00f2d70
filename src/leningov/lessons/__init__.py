"""What each lesson keeps out of sight: the expected answers of its self-checks, computed from the data (and the
capstone explorer's plumbing, and the start-here converter's wiring).

Each lesson module holds its self-checks in ``exercises`` (a ``leningov.selfcheck.Exercises``) and offers
``check``; ``exercises()`` lists every self-check of every lesson, so that the tests can judge each one.
"""

from __future__ import annotations

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


def exercises() -> dict[str, object]:
    """Every self-checked exercise of every lesson, by number ("03.2"), as ``(lesson module, Exercise)``."""
    found = {}
    for module in LESSON_MODULES:
        for exercise_id in module.exercises:
            if exercise_id in found:
                raise ValueError(f"exercise {exercise_id} is defined by two lessons")
            found[exercise_id] = (module, module.exercises[exercise_id])
    return found
