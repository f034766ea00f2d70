"""Stored notebooks come from a clean top-to-bottom run by `make execute`, and follow the lesson template."""

import copy
import json
import re
from pathlib import Path

import nbformat
import pytest
from hygiene import (
    WIDGET_VIEW,
    as_saved_by_jupyterlab,
    clean_run_problems,
    collapse_problems,
    id_problems,
    is_dropdown,
    metadata_problems,
    problems,
    widget_problems,
)

from tools.execute import COLLAPSED, normalise

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_MIME = WIDGET_VIEW


def notebook(path):
    return json.loads(path.read_text(encoding="utf-8"))


def cells(path):
    return notebook(path)["cells"]


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def source(cell):
    return "".join(cell["source"])


def test_there_are_lessons():
    assert [p.name for p in NOTEBOOKS][:1] == ["00-start-here.ipynb"]
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.ipynb", path.name), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_top_to_bottom_in_one_run_without_errors(path):
    assert clean_run_problems(notebook(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_metadata_is_what_make_execute_or_jupyterlab_writes(path):
    assert metadata_problems(notebook(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_cell_ids_are_valid_and_unique(path):
    assert id_problems(notebook(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_widget_shown_has_its_state_embedded(path):
    assert widget_problems(notebook(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solutions_and_instructor_notes_start_collapsed(path):
    assert collapse_problems(notebook(path)) == []


def test_the_collapse_check_catches_an_open_solution():
    nb = notebook(ROOT / "notebooks" / "01-power-consolidation.ipynb")
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and "solution" in tags(c))
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown" and "instructor" in tags(c))
    del code["metadata"]["jupyter"]
    markdown["source"] = "**Instructor note.** Timing: 90 minutes."
    found = collapse_problems(nb)
    assert len(found) == 2, found
    assert any("not stored collapsed" in f for f in found) and any("not one MyST dropdown" in f for f in found)


@pytest.mark.parametrize(
    "text, closed",
    [
        (":::{dropdown} Solution\nThe answer.\n:::", True),
        (":::{admonition} Instructor note\n:class: dropdown\nTiming.\n:::", True),
        ("::::{admonition} Note\n:class: tip dropdown\n:::{note}\nInner.\n:::\n::::", True),
        (":::{admonition} Instructor note\nTiming.\n:::", False),  # an admonition stands open
        (":::{dropdown} A\nOne.\n:::\nVisible text.\n:::{dropdown} B\nTwo.\n:::", False),
        ("The answer.", False),
    ],
)
def test_a_dropdown_is_one_closed_block(text, closed):
    assert is_dropdown(text) is closed


# What JupyterLab writes is harmless; what matters is still caught.

LESSON = ROOT / "notebooks" / "00-start-here.ipynb"


def test_a_lesson_saved_in_jupyterlab_passes_the_hygiene_checks():
    nb = notebook(LESSON)
    saved = as_saved_by_jupyterlab(nb)
    assert saved != nb
    assert problems(saved) == []


def test_make_execute_removes_what_jupyterlab_adds():
    nb = notebook(LESSON)
    cleaned = normalise(nbformat.from_dict(as_saved_by_jupyterlab(nb)))
    again = normalise(nbformat.from_dict(copy.deepcopy(nb)))
    assert cleaned == again
    assert all(set(c.metadata) <= {"tags", "mystnb", "jupyter"} for c in cleaned.cells)
    assert all(c.metadata.get("jupyter", COLLAPSED) == COLLAPSED for c in cleaned.cells), "only solutions collapse"
    assert set(cleaned.metadata.language_info) == {"name", "pygments_lexer", "version"}


def _code_with_output(nb):
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and c.get("outputs"))


def _widget_view(nb):
    """The first widget a cell shows (running it again in JupyterLab gives it a new model id)."""
    return next(
        o["data"][WIDGET_MIME] for c in nb["cells"] for o in c.get("outputs", []) if WIDGET_MIME in o.get("data", {})
    )


@pytest.mark.parametrize(
    "spoil, expected",
    [
        (lambda nb: _code_with_output(nb).update(execution_count=99), "execution counts"),
        (
            lambda nb: _code_with_output(nb)["outputs"].append(
                {"output_type": "stream", "name": "stderr", "text": ["UserWarning: ...\n"]}
            ),
            "wrote to stderr",
        ),
        (
            lambda nb: _code_with_output(nb)["outputs"].append(
                {"output_type": "error", "ename": "KeyError", "evalue": "x", "traceback": []}
            ),
            "holds an error",
        ),
        (lambda nb: nb["cells"][3].update(id=nb["cells"][2]["id"]), "repeats the id"),
        (lambda nb: nb["cells"][3].update(id="not a valid id!"), "has the id"),
        (lambda nb: nb["cells"][3]["metadata"].update(editable=False), "carries metadata ['editable']"),
        (lambda nb: nb["cells"][3]["metadata"].update(jupyter={"source_hidden": "yes"}), "does not write"),
        (lambda nb: nb["metadata"].update(celltoolbar="Tags"), "notebook metadata carries"),
        (lambda nb: _widget_view(nb).update(model_id="5edbf3c158d54e988865676ce5c88184"), "state is not embedded"),
    ],
    ids=[
        "cell-run-out-of-order",
        "stderr",
        "error",
        "duplicate-id",
        "invalid-id",
        "unknown-cell-metadata",
        "malformed-ui-metadata",
        "unknown-notebook-metadata",
        "widget-run-in-jupyterlab",
    ],
)
def test_the_hygiene_checks_still_catch_what_matters(spoil, expected):
    nb = as_saved_by_jupyterlab(notebook(LESSON))
    spoil(nb)
    found = problems(nb)
    assert any(expected in p for p in found), found


def test_make_execute_keeps_cell_ids_when_a_cell_is_inserted():
    nb = nbformat.from_dict(notebook(LESSON))
    before = [c.id for c in nb.cells]
    nb.cells.insert(3, nbformat.v4.new_markdown_cell("A new paragraph."))
    del nb.cells[3]["id"]
    nb.cells.insert(5, copy.deepcopy(nb.cells[4]))  # a copied cell arrives with the id of its original
    normalise(nb)
    after = [c.id for c in nb.cells]
    assert after[:3] == before[:3] and after[4] == before[3] and after[6:] == before[4:], "an existing id changed"
    new = {after[3], after[5]}
    assert len(new) == 2 and not new & set(before), "the new and the copied cell get ids of their own"
    assert len(set(after)) == len(after)
    assert id_problems(json.loads(nbformat.writes(nb))) == []


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
