"""Every lesson widget can be driven like a learner would, and every self-check judges without telling."""

from __future__ import annotations

import re

import pytest

from leningov import lessons
from leningov.selfcheck import check, registered
from leningov.widgets import sample_values

EXPLORERS = lessons.explorers()
EXERCISES = registered()


def rendered(explorer) -> str:
    """What the explorer currently shows: the figure's HTML, or the answer text."""
    if hasattr(explorer, "output"):
        return "".join(str(o.get("data", {}).get("text/html", "")) for o in explorer.output.outputs)
    return explorer.answer.value


@pytest.mark.filterwarnings("error::UserWarning", "error::RuntimeWarning")  # a warning is a figure drawn wrong
@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_widget_redraws_for_every_control_value(name):
    explorer = EXPLORERS[name]()
    first = rendered(explorer)
    assert first, f"{name} shows nothing by default"
    seen = {first}
    for cname, control in explorer.controls.items():
        original = control.value
        for value in sample_values(control):
            control.value = value
            assert rendered(explorer), f"{name}: nothing shown for {cname}={value!r}"
            seen.add(rendered(explorer))
        control.value = original
    assert len(seen) > 1, f"{name}: changing the controls never changed the output"


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_widget_figures_have_alt_text(name):
    explorer = EXPLORERS[name]()
    if hasattr(explorer, "output"):
        html = rendered(explorer)
        assert 'alt="Figure: ' in html, f"{name}: the figure has no alt text"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_self_check_accepts_the_right_answer(exercise_id):
    expected = EXERCISES[exercise_id].expected()
    assert check(exercise_id, expected).verdict == "right"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_self_check_never_reveals_the_answer(exercise_id):
    expected = EXERCISES[exercise_id].expected()
    wrong = expected * 3 + 7 if isinstance(expected, (int, float)) else "something else entirely"
    feedback = check(exercise_id, wrong)
    assert feedback.verdict == "wrong"
    shown = repr(feedback)
    assert "Hint:" in shown
    for form in {str(expected), f"{expected:,}" if isinstance(expected, (int, float)) else str(expected)}:
        # as a whole token: "91" may appear inside "1918" without giving anything away
        revealed = re.search(rf"(?<![\w.]){re.escape(form)}(?![\w.])", shown)
        assert not revealed, f"{exercise_id} reveals its answer"


def test_close_answers_get_the_close_hint():
    numeric = [e for e in EXERCISES.values() if isinstance(e.expected(), (int, float))]
    assert numeric, "at least one self-check has a numeric answer"
    for ex in numeric:
        value = ex.expected()
        nearly = value * (1 + ex.close / 2) if value else 0.5
        assert check(ex.exercise_id, nearly).verdict in ("close", "right")


def test_placeholder_answer_asks_for_an_answer():
    some = sorted(EXERCISES)[0]
    assert "replace the ..." in repr(check(some, ...))


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(KeyError, match="self-checked exercises are"):
        check("99.9", 1)
