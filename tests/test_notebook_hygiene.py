"""Stored notebooks come from a clean top-to-bottom run by `make execute`, and follow the lesson template."""

import json
import re
from pathlib import Path

import pytest

from leningov.execute import CELL_KEYS, KERNELSPEC, NOTEBOOK_KEYS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def source(cell):
    return "".join(cell["source"])


def test_there_are_lessons():
    assert [p.name for p in NOTEBOOKS][:1] == ["00-start-here.ipynb"]
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom_in_one_run(path):
    counts = [c.get("execution_count") for c in cells(path) if c["cell_type"] == "code" and source(c).strip()]
    assert counts == list(range(1, len(counts) + 1)), f"run `make execute`: execution counts are {counts}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_errors_or_warnings_in_outputs(path):
    for i, cell in enumerate(cells(path)):
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"cell {i} holds an error: {out.get('ename')}"
            if out["output_type"] == "stream":
                assert out["name"] == "stdout", f"cell {i} wrote to stderr: {''.join(out['text'])[:300]}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_metadata_is_what_make_execute_writes(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert set(nb["metadata"]) <= NOTEBOOK_KEYS, set(nb["metadata"]) - NOTEBOOK_KEYS
    assert nb["metadata"]["kernelspec"] == KERNELSPEC
    for i, cell in enumerate(nb["cells"]):
        assert set(cell.get("metadata", {})) <= CELL_KEYS, f"cell {i} carries {set(cell['metadata']) - CELL_KEYS}"
        assert cell.get("id") == f"cell-{i:03d}", f"cell {i} id {cell.get('id')!r}; run `make execute`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_live_widget_cells_skip_output_comparison(path):
    for i, cell in enumerate(cells(path)):
        if cell["cell_type"] != "code":
            continue
        is_widget = any(WIDGET_MIME in out.get("data", {}) for out in cell.get("outputs", []))
        ignored = "nbval-ignore-output" in tags(cell)
        assert is_widget == ignored, f"cell {i}: " + (
            "a live widget must carry nbval-ignore-output"
            if is_widget
            else "only live-widget cells may carry nbval-ignore-output"
        )
        assert "nbval-skip" not in tags(cell) and "raises-exception" not in tags(cell), f"cell {i}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_follows_the_lesson_template(path):
    nb_cells = cells(path)
    title = source(nb_cells[0])
    assert nb_cells[0]["cell_type"] == "markdown" and title.startswith("# ")
    for part in ["You will learn to", "**Time:**", "**Prerequisites:**", "**Data used:**"]:
        assert part in title, f"the title cell lacks {part!r}"
    setup = nb_cells[1]
    assert setup["cell_type"] == "code" and {"hide-input"} & set(tags(setup)), (
        "the setup cell must be tagged hide-input"
    )
    text = "\n".join(source(c) for c in nb_cells if c["cell_type"] == "markdown")
    for heading in ["## Summary", "## Discussion questions", "## Further reading"]:
        assert heading in text, f"missing {heading}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_solution(path):
    nb_cells = cells(path)
    exercises = []
    for i, cell in enumerate(nb_cells):
        if cell["cell_type"] == "markdown":
            exercises += [(m, i) for m in re.findall(r"\*\*Exercise (\d\d\.\d+)", source(cell))]
    assert exercises, "a lesson needs exercises"
    for number, index in exercises:
        following = nb_cells[index + 1 :]
        nxt = next(
            (j for j, c in enumerate(following) if c["cell_type"] == "markdown" and "**Exercise" in source(c)),
            len(following),
        )
        assert any("solution" in tags(c) for c in following[:nxt]), f"Exercise {number} has no solution cell"
    for cell in nb_cells:
        if "solution" in tags(cell):
            assert "hide-input" in tags(cell) or "dropdown" in source(cell), "solutions are collapsed in the book"


LESSONS = [p for p in NOTEBOOKS if not p.name.startswith("00-")]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_meets_the_course_minimums(path):
    """Each themed lesson: 5 figures, 2 live widgets, 5 exercises (2 self-checked), 3 quotations, a dispute box."""
    nb_cells = cells(path)
    figures = sum(1 for c in nb_cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    widgets = sum(1 for c in nb_cells if "nbval-ignore-output" in tags(c))
    markdown = "\n".join(source(c) for c in nb_cells if c["cell_type"] == "markdown")
    code = "\n".join(source(c) for c in nb_cells if c["cell_type"] == "code")
    exercises = set(re.findall(r"\*\*Exercise (\d\d\.\d+)", markdown))
    self_checked = set(re.findall(r'check\("(\d\d\.\d+)"', code))
    quotations = set(re.findall(r'show_quote\("([a-z0-9_]+)"\)', code))
    assert figures >= 5, f"{figures} figures"
    assert widgets >= 2, f"{widgets} widgets"
    assert len(exercises) >= 5 and len(self_checked & exercises) >= 2, (exercises, self_checked)
    assert len(quotations) >= 3, quotations
    assert re.search(r":::\{admonition\} Historians disagree", markdown), "no Historians disagree box"
    assert "{cite:p}`" in markdown or "{cite:t}`" in markdown, "further reading cites the bibliography"
