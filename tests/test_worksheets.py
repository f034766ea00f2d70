"""Seminar worksheets: student and instructor editions of every lesson, as notebooks and PDFs."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from leningov.worksheets import build, edition

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def worksheets(tmp_path_factory):
    out = tmp_path_factory.mktemp("worksheets")
    build(LESSONS, out, pdf=True)
    return out


def tags(cell):
    return set(cell.metadata.get("tags", []))


def distinctive_lines(nb) -> set[str]:
    """Lines of solution cells that appear in no other cell: the text a student edition must not contain."""
    other = "\n".join("".join(c.source) for c in nb.cells if not {"solution", "instructor"} & tags(c))
    lines = set()
    for cell in nb.cells:
        if {"solution", "instructor"} & tags(cell):
            for line in "".join(cell.source).splitlines():
                line = line.strip()
                if len(line) > 12 and line not in other:
                    lines.add(line)
    return lines


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_student_edition_has_no_solutions(lesson):
    nb = nbformat.read(lesson, as_version=4)
    assert any("solution" in tags(c) for c in nb.cells)
    student = edition(nb, "student")
    assert not any({"solution", "instructor"} & tags(c) for c in student.cells)
    text = "\n".join("".join(c.source) for c in student.cells)
    leaked = [line for line in distinctive_lines(nb) if line in text]
    assert not leaked, leaked[:3]
    instructor = edition(nb, "instructor")
    assert len(instructor.cells) == len(nb.cells) + 1


@pytest.mark.parametrize("which", ["student", "instructor"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_editions_execute_without_error(worksheets, lesson, which):
    nb = nbformat.read(worksheets / which / lesson.name, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    if which == "student":
        shown = "\n".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
        assert "replace the ... with your answer" in shown, "unanswered exercises prompt for an answer"


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("which", ["student", "instructor"])
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_pdfs_have_pages_and_the_title(worksheets, lesson, which):
    pdf = worksheets / which / lesson.with_suffix(".pdf").name
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 1
    nb = nbformat.read(lesson, as_version=4)
    title = "".join(nb.cells[0].source).splitlines()[0].lstrip("# ").strip()
    text = re.sub(r"\s+", " ", pdf_text(pdf))
    assert title.split(":")[0] in text
    assert f"{which.capitalize()} edition" in text


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name)
def test_student_pdf_shows_no_solution_text(worksheets, lesson):
    nb = nbformat.read(lesson, as_version=4)
    text = re.sub(r"\s+", " ", pdf_text(worksheets / "student" / lesson.with_suffix(".pdf").name))
    leaked = [line for line in distinctive_lines(nb) if re.sub(r"\s+", " ", line) in text]
    assert not leaked, leaked[:3]
