"""Seminar worksheets: what a teacher hands out must hold the exercises and never the solutions.

The editions of every lesson are built once per test session: each edition is run on its own in a fresh kernel
(once) and printed to PDF from that run, and every test below reads the result.
"""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from tools.worksheets import STUDENT_REMOVES, WIDGET_MIME, WIDGET_PLACEHOLDER, build, edition

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EDITIONS = ["student", "instructor"]


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def flat(text: str) -> str:
    """Text to compare with a PDF's: no whitespace (Chromium breaks long code lines anywhere, and pdftotext puts a
    space there) and no markdown emphasis or code marks (the PDF shows them rendered)."""
    return re.sub(r"[\s*`]+", "", text)


@functools.cache
def lesson(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def solution_lines(nb) -> dict[int, set[str]]:
    """Per solution or instructor cell, its lines that appear in no other cell: what a student must not see."""
    other = "\n".join("".join(c.source) for c in nb.cells if not STUDENT_REMOVES & tags(c))
    found = {}
    for i, cell in enumerate(nb.cells):
        if STUDENT_REMOVES & tags(cell):
            lines = {line.strip() for line in "".join(cell.source).splitlines()}
            found[i] = {line for line in lines if len(line) > 12 and line not in other}
    return found


def exercise_numbers(nb) -> list[str]:
    markdown = "\n".join("".join(c.source) for c in nb.cells if c.cell_type == "markdown")
    return sorted(set(re.findall(r"\*\*Exercise (\d\d\.\d+)", markdown)))


@pytest.fixture(scope="session")
def worksheets(tmp_path_factory) -> Path:
    """Both editions of every lesson, each run once on its own, with their PDFs."""
    out = tmp_path_factory.mktemp("worksheets")
    build(LESSONS, out, pdf=True, execute=True)
    return out


@functools.cache
def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [flat(page) for page in text.split("\f")]  # one string per page


def printed(worksheets: Path, which: str, path: Path) -> list[str]:
    return pdf_pages(worksheets / which / path.with_suffix(".pdf").name)


# Without running anything: the editions as notebooks.


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_student_edition_drops_solutions_and_notes_and_keeps_every_exercise(path):
    nb = lesson(path)
    removed = solution_lines(nb)
    assert removed, "a lesson has solution cells"
    student = edition(nb, "student")
    assert not any(STUDENT_REMOVES & tags(c) for c in student.cells)
    text = "\n".join("".join(c.source) for c in student.cells)
    leaked = [line for lines in removed.values() for line in lines if line in text]
    assert not leaked, leaked[:3]
    assert exercise_numbers(student) == exercise_numbers(nb), "every exercise is in the student edition"
    kept = [c.source for c in nb.cells if not STUDENT_REMOVES & tags(c)]
    assert [c.source for c in student.cells[:1] + student.cells[2:]] == kept, "nothing else is removed or moved"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_instructor_edition_keeps_every_cell(path):
    nb = lesson(path)
    instructor = edition(nb, "instructor")
    assert [c.source for c in instructor.cells[:1] + instructor.cells[2:]] == [c.source for c in nb.cells]
    assert "Instructor edition" in instructor.cells[1].source


def test_edition_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="'student' or 'instructor'"):
        edition(lesson(LESSONS[0]), "teacher")


# Each edition run on its own, and printed.


@pytest.mark.slow
@pytest.mark.parametrize("which", EDITIONS)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_edition_runs_on_its_own(worksheets, path, which):
    nb = nbformat.read(worksheets / which / path.name, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1)), "the edition ran top to bottom"
    errors = [o.get("ename") for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors
    if which == "student":
        shown = "\n".join(str(o.get("data", {}).get("text/plain", "")) for c in code for o in c.outputs)
        assert "replace the ... with your answer" in shown, "unanswered exercises prompt for an answer"


@pytest.mark.slow
@pytest.mark.parametrize("which", EDITIONS)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pdf_opens_with_the_lesson_and_its_edition(worksheets, path, which):
    first = printed(worksheets, which, path)[0]
    title = "".join(lesson(path).cells[0].source).splitlines()[0].lstrip("# ").strip()
    assert flat(title.split(":")[0]) in first
    assert flat(f"{which.capitalize()} edition") in first, "page 1 says which edition it is"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_student_pdf_has_every_exercise_and_no_solution(worksheets, path):
    text = "".join(printed(worksheets, "student", path))
    nb = lesson(path)
    missing = [n for n in exercise_numbers(nb) if flat(f"Exercise {n}") not in text]
    assert not missing, f"exercises missing from the student PDF: {missing}"
    leaked = [line for lines in solution_lines(nb).values() for line in lines if flat(line) in text]
    assert not leaked, f"solution text in the student PDF: {leaked[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_instructor_pdf_has_every_solution(worksheets, path):
    text = "".join(printed(worksheets, "instructor", path))
    nb = lesson(path)
    absent = [i for i, lines in solution_lines(nb).items() if lines and not any(flat(line) in text for line in lines)]
    assert not absent, f"solution or note cells {absent} do not appear in the instructor PDF"


@pytest.mark.slow
@pytest.mark.parametrize("which", EDITIONS)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pdf_says_how_to_use_a_control_instead_of_showing_a_dead_one(worksheets, path, which):
    nb = nbformat.read(worksheets / which / path.name, as_version=4)
    widgets = sum(1 for c in nb.cells for o in c.get("outputs", []) if WIDGET_MIME in o.get("data", {}))
    assert widgets, "the lesson shows a widget"
    text = "".join(printed(worksheets, which, path))
    assert text.count(flat(WIDGET_PLACEHOLDER)) == widgets, "each control is replaced by the sentence, once"
