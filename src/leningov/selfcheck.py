"""Self-checks for exercises whose answer is a value: right, close or wrong, with a hint, never the answer.

Each lesson keeps its answers in an ``Exercises`` collection: ``@exercises.answer("03.2", ...)`` registers a
function that computes the expected answer from the data, so the check and the data cannot drift apart, and the
lesson's notebook calls ``exercises.check("03.2", answer)``. This module knows nothing of the lessons.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Exercise:
    exercise_id: str
    expected: Callable[[], object]
    hint_close: str
    hint_wrong: str
    tolerance: float = 0.005
    close: float = 0.1


@dataclass(frozen=True)
class Feedback:
    verdict: str  # "right", "close" or "wrong"
    message: str

    def __repr__(self) -> str:
        return self.message

    def __bool__(self) -> bool:
        return self.verdict == "right"


def _norm(value):
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return value.isoformat()[:10]
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(_norm(v) for v in value)
    return value


def judge(ex: Exercise, answer) -> str:
    expected = ex.expected()
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            value = float(answer)
        except (TypeError, ValueError):
            return "wrong"
        if math.isclose(value, expected, rel_tol=ex.tolerance, abs_tol=1e-9):
            return "right"
        if math.isclose(value, expected, rel_tol=ex.close):
            return "close"
        return "wrong"
    got, want = _norm(answer), _norm(expected)
    if got == want:
        return "right"
    if isinstance(want, frozenset) and isinstance(got, frozenset) and len(got & want) >= max(1, len(want) - 1):
        return "close"
    return "wrong"


def read_hints(path: Path) -> dict[str, tuple[str, str]]:
    """exercise_id -> (hint for a close answer, hint for a wrong one), from a CSV with those three columns.

    The hints are prose a teacher may want to reword, so they live in a table beside the answers, not in code.
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    hints = {}
    for line, row in enumerate(rows, start=2):
        if not (row.get("exercise_id") and row.get("hint_close") and row.get("hint_wrong")):
            raise ValueError(f"{path.name}, line {line}: exercise_id, hint_close and hint_wrong must all be filled")
        if row["exercise_id"] in hints:
            raise ValueError(f"{path.name}, line {line}: exercise {row['exercise_id']} has hints twice")
        hints[row["exercise_id"]] = (row["hint_close"], row["hint_wrong"])
    return hints


class Exercises:
    """The self-checked exercises of one lesson, by number ("03.2"), with their hints (see ``read_hints``)."""

    def __init__(self, lesson: str, hints: dict[str, tuple[str, str]] | None = None):
        self.lesson = lesson
        self.hints = hints or {}
        self._exercises: dict[str, Exercise] = {}

    @classmethod
    def beside(cls, module_file: str, lesson: str) -> Exercises:
        """The exercises of a lesson module whose hints are in the ``hints.csv`` next to it."""
        return cls(lesson, hints=read_hints(Path(module_file).with_name("hints.csv")))

    def answer(self, exercise_id: str, hint_close: str | None = None, hint_wrong: str | None = None,
               tolerance: float = 0.005, close: float = 0.1):
        """Register the function computing an exercise's expected answer; the hints come from the lesson's hint
        table unless given here.

        Numbers count as right within ``tolerance`` (relative) and as close within ``close``; text is compared
        without case or surrounding spaces; lists and sets as sets.
        """
        if hint_close is None or hint_wrong is None:
            if exercise_id not in self.hints:
                raise KeyError(f"exercise {exercise_id} has no hints: add a row for it to the lesson's hint table")
            hint_close, hint_wrong = self.hints[exercise_id]

        def register(func: Callable[[], object]) -> Callable[[], object]:
            if exercise_id in self._exercises:
                raise ValueError(f"exercise {exercise_id} is registered twice")
            self._exercises[exercise_id] = Exercise(exercise_id, func, hint_close, hint_wrong, tolerance, close)
            return func

        return register

    def __getitem__(self, exercise_id: str) -> Exercise:
        try:
            return self._exercises[exercise_id]
        except KeyError:
            known = ", ".join(sorted(self._exercises))
            raise KeyError(
                f"no self-check for exercise {exercise_id!r} in lesson {self.lesson}; its self-checked exercises "
                f"are: {known}"
            ) from None

    def __iter__(self):
        return iter(sorted(self._exercises))

    def __len__(self) -> int:
        return len(self._exercises)

    def check(self, exercise_id: str, answer) -> Feedback:
        """Say whether ``answer`` is right, close or wrong, with a hint; the expected value is never shown."""
        ex = self[exercise_id]
        if answer is None or answer is ...:
            return Feedback("wrong", f"Exercise {exercise_id}: replace the ... with your answer, then run the cell "
                                     "again.")
        verdict = judge(ex, answer)
        if verdict == "right":
            return Feedback("right", f"Exercise {exercise_id}: right. Well done.")
        if verdict == "close":
            return Feedback("close", f"Exercise {exercise_id}: close, but not quite. Hint: {ex.hint_close}")
        return Feedback("wrong", f"Exercise {exercise_id}: not yet. Hint: {ex.hint_wrong}")
