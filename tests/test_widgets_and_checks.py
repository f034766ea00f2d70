"""Every self-check judges without telling.

Driving every control of every widget is done in a real kernel, for every notebook, by test_notebook_widgets.py.
"""

from __future__ import annotations

import re

import pytest

from leningov import lessons
from leningov.selfcheck import Exercise, Exercises, judge

EXERCISES = lessons.exercises()


def check(exercise_id, answer):
    module, _ = EXERCISES[exercise_id]
    return module.check(exercise_id, answer)


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_self_check_never_reveals_the_answer(exercise_id):
    expected = EXERCISES[exercise_id][1].expected()
    wrong = expected * 3 + 7 if isinstance(expected, (int, float)) else "something else entirely"
    feedback = check(exercise_id, wrong)
    assert feedback.verdict == "wrong"
    shown = repr(feedback)
    assert "Hint:" in shown
    for form in {str(expected), f"{expected:,}" if isinstance(expected, (int, float)) else str(expected)}:
        # as a whole token: "91" may appear inside "1918" without giving anything away
        revealed = re.search(rf"(?<![\w.]){re.escape(form)}(?![\w.])", shown)
        assert not revealed, f"{exercise_id} reveals its answer"


@pytest.mark.parametrize(
    "exercise_id", [e for e, (_, ex) in sorted(EXERCISES.items()) if isinstance(ex.expected(), (int, float))]
)
def test_a_near_miss_gets_the_close_hint_not_a_pass(exercise_id):
    ex = EXERCISES[exercise_id][1]
    value = ex.expected()
    # halfway between the tolerance of a right answer and the edge of a close one
    nearly = value * (1 + (ex.tolerance + ex.close) / 2) if value else 0.5
    feedback = check(exercise_id, nearly)
    assert feedback.verdict == "close", f"{exercise_id}: {nearly} for {value} was judged {feedback.verdict}"
    assert ex.hint_close in repr(feedback)


def test_judge_rules_for_numbers_text_and_sets():
    def ex(value, **kw):
        return Exercise("x", lambda: value, "close hint", "wrong hint", **kw)

    assert judge(ex(100), 100.4) == "right"  # within 0.5%
    assert judge(ex(100), 105) == "close"  # within 10%
    assert judge(ex(100), 150) == "wrong"
    assert judge(ex(100), "a hundred") == "wrong"
    assert judge(ex("Trotsky"), "  trotsky ") == "right"
    assert judge(ex(["a", "b", "c"]), ("c", "b", "a")) == "right"
    assert judge(ex(["a", "b", "c"]), ["a", "b"]) == "close"
    assert judge(ex(["a", "b", "c"]), ["d"]) == "wrong"


def test_every_lesson_checks_only_its_own_exercises():
    for exercise_id, (module, _) in EXERCISES.items():
        assert exercise_id.split(".")[0] == module.exercises.lesson
    with pytest.raises(KeyError, match="lesson 01"):
        lessons.power.check("03.1", 1)


def test_every_self_check_has_its_hints_and_every_hint_a_self_check():
    from pathlib import Path

    from leningov.selfcheck import read_hints

    hints = read_hints(Path(lessons.__file__).with_name("hints.csv"))
    assert set(hints) == set(EXERCISES)
    for exercise_id, (_, ex) in EXERCISES.items():
        assert (ex.hint_close, ex.hint_wrong) == hints[exercise_id]


def test_a_hint_table_with_a_blank_or_a_repeat_is_refused(tmp_path):
    from leningov.selfcheck import read_hints

    table = tmp_path / "hints.csv"
    table.write_text("exercise_id,hint_close,hint_wrong\n01.1,near,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="hints.csv, line 2: exercise_id, hint_close and hint_wrong"):
        read_hints(table)
    table.write_text("exercise_id,hint_close,hint_wrong\n01.1,a,b\n01.1,c,d\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: exercise 01.1 has hints twice"):
        read_hints(table)
    with pytest.raises(KeyError, match="has no hints"):
        Exercises("99", hints={}).answer("99.1")


def test_an_exercise_cannot_be_registered_twice():
    collection = Exercises("99")
    collection.answer("99.1", "c", "w")(lambda: 1)
    with pytest.raises(ValueError, match="registered twice"):
        collection.answer("99.1", "c", "w")(lambda: 2)


def test_placeholder_answer_asks_for_an_answer():
    some = sorted(EXERCISES)[0]
    assert "replace the ..." in repr(check(some, ...))
    assert check(some, ...).verdict == "wrong"


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(KeyError, match="self-checked exercises are: 01.1"):
        lessons.power.check("01.99", 1)
