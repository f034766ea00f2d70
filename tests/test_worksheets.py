"""The printed editions: what a teacher hands out holds every exercise and never a solution, and nothing prints cut.

Every PDF (worksheet, reader, instructor edition of every lesson) is printed once per test session, from the
lessons' stored outputs, and every test below reads the result: the problems the page measurement found before
printing (tools/printing.py), the page count, and the printed text (pdftotext).
"""

from __future__ import annotations

import ast
import concurrent.futures
import functools
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from tools import printing
from tools.worksheets import (
    FOLDER,
    LINES,
    MAX_WORKSHEET_PAGES,
    STUDENT_REMOVES,
    WIDGET_PLACEHOLDER,
    WORKSHEET_TAG,
    build,
    edition,
    exercises,
    reader,
    sections,
    solution_owner,
    worksheet,
)

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
PDFS = ["worksheet", "reader", "instructor"]
#: How a missing value prints when nothing blanks it.
MISSING = re.compile(r"\b(?:NaN|NaT)\b|<NA>")


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def flat(text: str) -> str:
    """Text to compare with a PDF's: no whitespace (lines wrap anywhere in print) and no markdown emphasis or code
    marks (the PDF shows them rendered)."""
    return re.sub(r"[\s*`\u200b]+", "", text)


@functools.cache
def lesson(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def solution_lines(nb) -> dict[int, set[str]]:
    """Per solution or instructor cell, its lines that appear in no other cell: what a student must not see."""
    other = "\n".join("".join(c.source) for c in nb.cells if not STUDENT_REMOVES & tags(c))
    found = {}
    for i, cell in enumerate(nb.cells):
        if STUDENT_REMOVES & tags(cell):
            lines = {line.strip().removeprefix(":::{dropdown}").strip() for line in "".join(cell.source).splitlines()}
            found[i] = {line for line in lines if len(line) > 12 and line not in other and not line.startswith(":")}
    return found


def exercise_numbers(nb) -> list[str]:
    markdown = "\n".join("".join(c.source) for c in nb.cells if c.cell_type == "markdown")
    return sorted(set(re.findall(r"\*\*Exercise (\d\d\.\d+)", markdown)))


def html_text(doc) -> str:
    """The visible text of a printed edition, before it is printed (markup dropped)."""
    return flat(re.sub(r"<style.*?</style>|<[^>]+>", "", doc.to_html(), flags=re.S).replace("&quot;", '"'))


# Without printing: what each edition takes from a lesson.


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_student_notebook_drops_solutions_and_notes_and_keeps_every_exercise(path):
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


def names(cell) -> tuple[set[str], set[str]]:
    """The names a code cell assigns and the names it reads (IPython magics and shell lines left out)."""
    code = "\n".join(line for line in "".join(cell.source).splitlines() if not line.lstrip().startswith(("%", "!")))
    tree = ast.parse(code)
    stored, loaded = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (stored if isinstance(node.ctx, ast.Store) else loaded).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            stored.add(node.name)
        elif isinstance(node, ast.alias):
            stored.add((node.asname or node.name).split(".")[0])
    return stored, loaded


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_student_notebook_needs_nothing_that_only_a_solution_defines(path):
    """Without running it: no cell of the student edition reads a name that only a removed cell assigns (running
    every edition in a kernel is `python -m tools.worksheets --execute`)."""
    nb = lesson(path)
    code = [c for c in nb.cells if c.cell_type == "code"]
    kept_defs = set().union(*(names(c)[0] for c in code if not STUDENT_REMOVES & tags(c)))
    only_removed = set().union(*(names(c)[0] for c in code if STUDENT_REMOVES & tags(c))) - kept_defs
    needs = {n for c in code if not STUDENT_REMOVES & tags(c) for n in names(c)[1] & only_removed}
    assert not needs, f"the student edition reads names that only solution or instructor cells define: {needs}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_instructor_notebook_keeps_every_cell(path):
    nb = lesson(path)
    instructor = edition(nb, "instructor")
    assert [c.source for c in instructor.cells[:1] + instructor.cells[2:]] == [c.source for c in nb.cells]
    assert "Instructor edition" in instructor.cells[1].source


def test_edition_refuses_an_unknown_name():
    with pytest.raises(ValueError, match="'student' or 'instructor'"):
        edition(lesson(LESSONS[0]), "teacher")


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_worksheet_holds_every_prompt_with_what_it_needs_and_no_solution(path):
    nb = lesson(path)
    doc = worksheet(nb, path.stem)
    text = html_text(doc)
    prompts = exercises(nb)
    assert sorted(ex.number for ex in prompts) == exercise_numbers(nb), "the worksheet finds every prompt"
    missing = [ex.number for ex in prompts if flat(ex.text) not in text]
    assert not missing, f"exercise prompts missing from the worksheet: {missing}"
    leaked = [line for lines in solution_lines(nb).values() for line in lines if flat(line) in text]
    assert not leaked, f"solution or instructor text in the worksheet: {leaked[:3]}"
    code = [c for c in nb.cells if c.cell_type == "code" and len("".join(c.source).strip()) > 20]
    shown_code = [i for i, c in enumerate(nb.cells) if c in code and flat("".join(c.source)) in text]
    assert not shown_code, f"the worksheet prints the code of cells {shown_code}"
    # Each in-class prompt is preceded by what it needs: the tagged cells, or (untagged) a figure or table.
    if not any(WORKSHEET_TAG in tags(c) for c in nb.cells):
        page = doc.to_html()
        for ex in prompts:
            section = next(s for s in sections(nb) if ex.cell in s.cells)
            before = [i for i in section.cells if i < ex.cell and printing.has_figure_or_table(nb.cells[i])]
            before = [i for i in before if not STUDENT_REMOVES & tags(nb.cells[i])]
            if section.in_class and before:
                assert f'data-where="{path.stem} cell {before[-1]}"' in page, f"Exercise {ex.number} lacks its figure"


def tiny_lesson() -> nbformat.NotebookNode:
    """A lesson of four sections: tagged and untagged figures, a homework section, a solution."""
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell

    def figure(label):
        cell = code(f"draw_{label}()")
        cell.outputs = [
            nbformat.v4.new_output("display_data", data={"text/html": f"<table><tr><td>{label}</td></tr></table>"})
        ]
        return cell

    cells = [
        md("# A tiny lesson\n\nIts purpose, in a sentence.\n\n**You will learn to**\n\n- count"),
        md("## 1. In class"),
        figure("untagged_table"),
        figure("tagged_table"),
        md("**Exercise 99.1.** Count the rows."),
        code("answer = 1"),
        md("## 2. Reading (Homework)"),
        figure("homework_table"),
        md("**Exercise 99.2 (open).** Argue the case."),
        md(":::{dropdown} Solution\nThe secret answer is forty-two, for sure.\n:::"),
    ]
    cells[3].metadata["tags"] = [WORKSHEET_TAG]
    cells[5].metadata["tags"] = ["solution"]
    cells[9].metadata["tags"] = ["solution"]
    return nbformat.v4.new_notebook(cells=cells)


def test_worksheet_takes_the_tagged_cells_and_sets_homework_apart():
    nb = tiny_lesson()
    page = worksheet(nb, "99").to_html()
    assert "tagged_table" in page and "untagged_table" not in page, "only the tagged cell is printed"
    assert "draw_tagged_table" not in page, "without its code"
    assert "homework_table" not in page, "a homework section's cells are not on the worksheet"
    assert page.index("At home") < page.index("Exercise 99.2"), "its prompt is, under At home"
    assert page.index("Exercise 99.1") < page.index("At home")
    assert page.count('class="ruled"') == 1, "ruled lines under the seminar's prompt, none under the homework's"
    ruled = page.split('class="ruled">', 1)[1]
    assert ruled.startswith("<div></div>" * LINES["short"] + "</div>"), "a short prompt's lines"
    assert "forty-two" not in page
    nb.cells[4].source = "An excerpt the exercise reads.\n\n" + nb.cells[4].source
    nb.cells[4].metadata["tags"] = [WORKSHEET_TAG]  # context and prompt in one tagged cell: each printed once
    page = worksheet(nb, "99").to_html()
    assert page.count("An excerpt the exercise reads.") == 1 and page.count("Count the rows.") == 1
    del nb.cells[4].metadata["tags"]
    del nb.cells[3].metadata["tags"]  # no tags at all: the nearest table before the prompt stands in
    page = worksheet(nb, "99").to_html()
    assert "tagged_table" in page and "untagged_table" not in page


def test_reader_keeps_the_solutions_for_its_appendix():
    nb = tiny_lesson()
    assert solution_owner(nb) == {5: "99.1", 9: "99.2"}
    page = reader(nb, "99").to_html()
    body, appendix = page.split("<h2>Solutions</h2>")
    assert "forty-two" not in body and "forty-two" in appendix
    assert appendix.index("Exercise 99.1") < appendix.index("answer") < appendix.index("Exercise 99.2")


# Printed: every PDF of every lesson, once per session.


@pytest.fixture(scope="session")
def printed(tmp_path_factory) -> tuple[Path, dict[Path, list[str]]]:
    out = tmp_path_factory.mktemp("editions")
    # In a thread of its own: the printer drives Chromium through Playwright's sync API, which cannot start inside
    # the event loop that the browser tests' session-wide Playwright (conftest.py) keeps in this thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return out, pool.submit(build, LESSONS, out, pdf=True).result()


def pdf_of(printed, which: str, path: Path) -> Path:
    return printed[0] / FOLDER[which] / path.with_suffix(".pdf").name


@functools.cache
def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]  # one string per page


@pytest.mark.slow
@pytest.mark.parametrize("which", PDFS)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pdf_prints_whole(printed, path, which):
    """Measured before printing: nothing wider than the text block, no scrollbar, no hidden overflow, no NaN in a
    table; and the worksheet fits its 8 pages."""
    problems = printed[1][pdf_of(printed, which, path)]
    assert not problems, "\n".join(problems)
    if which == "worksheet":
        assert len(pdf_pages(pdf_of(printed, which, path))) <= MAX_WORKSHEET_PAGES


@pytest.mark.slow
@pytest.mark.parametrize("which", PDFS)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pdf_prints_no_missing_value(printed, path, which):
    """NaN, NaT and <NA> appear in print only as often as the lesson's own words and code use them."""
    text = "".join(pdf_pages(pdf_of(printed, which, path)))
    authored = "\n".join("".join(c.source) for c in lesson(path).cells)
    assert len(MISSING.findall(text)) <= len(MISSING.findall(authored)), [
        line.strip() for line in text.splitlines() if MISSING.search(line)
    ][:5]


@pytest.mark.slow
@pytest.mark.parametrize("which", PDFS)
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pdf_opens_with_the_lesson_and_says_which_edition(printed, path, which):
    first = flat(pdf_pages(pdf_of(printed, which, path))[0])
    title = "".join(lesson(path).cells[0].source).splitlines()[0].lstrip("# ").strip()
    assert flat(title.split(":")[0]) in first
    assert (
        flat({"worksheet": "Student worksheet", "reader": "Reader", "instructor": "Instructor edition"}[which]) in first
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_worksheet_pdf_has_every_prompt_and_no_solution(printed, path):
    text = flat("".join(pdf_pages(pdf_of(printed, "worksheet", path))))
    nb = lesson(path)
    missing = [ex.number for ex in exercises(nb) if flat(ex.text)[:80] not in text]
    assert not missing, f"exercise prompts missing from the worksheet PDF: {missing}"
    leaked = [line for lines in solution_lines(nb).values() for line in lines if flat(line) in text]
    assert not leaked, f"solution text in the worksheet PDF: {leaked[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_reader_pdf_keeps_its_solutions_for_the_appendix(printed, path):
    pages = [flat(p) for p in pdf_pages(pdf_of(printed, "reader", path))]
    start = next(i for i, p in enumerate(pages) if p.startswith("Solutions"))
    body, appendix = "".join(pages[:start]), "".join(pages[start:])
    nb = lesson(path)
    owner = solution_owner(nb)
    lines = solution_lines(nb)
    leaked = [line for i in owner for line in lines[i] if flat(line) in body]
    assert not leaked, f"solution text in the reader before its appendix: {leaked[:3]}"
    absent = [i for i in owner if lines[i] and not any(flat(line) in appendix for line in lines[i])]
    assert not absent, f"solution cells {absent} are not in the reader's appendix"
    notes = [line for i, found in lines.items() if i not in owner for line in found if flat(line) in body + appendix]
    assert not notes, f"instructor notes in the reader: {notes[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_instructor_pdf_has_every_solution_and_note(printed, path):
    text = flat("".join(pdf_pages(pdf_of(printed, "instructor", path))))
    absent = [
        i for i, lines in solution_lines(lesson(path)).items() if lines and not any(flat(x) in text for x in lines)
    ]
    assert not absent, f"solution or note cells {absent} do not appear in the instructor PDF"


@pytest.mark.slow
@pytest.mark.parametrize("which", ["reader", "instructor"])
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_pdf_says_how_to_use_a_control_instead_of_showing_a_dead_one(printed, path, which):
    nb = lesson(path)
    shown = [c for i, c in enumerate(nb.cells) if which == "instructor" or "instructor" not in tags(c)]
    widgets = sum(1 for c in shown for o in c.get("outputs", []) if printing.WIDGET_MIME in o.get("data", {}))
    assert widgets, "the lesson shows a widget"
    text = flat("".join(pdf_pages(pdf_of(printed, which, path))))
    assert text.count(flat(WIDGET_PLACEHOLDER)) == widgets, "each control is replaced by the sentence, once"


# The checks can fail: a lesson built to be cut.


def cut_lesson() -> nbformat.NotebookNode:
    import pandas as pd

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell

    def shows(data: dict) -> nbformat.NotebookNode:
        cell = code("show()")
        cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
        return cell

    wide = pd.DataFrame(
        [[f"value{r}{c}" for c in range(100)] for r in range(3)],
        index=pd.MultiIndex.from_tuples([("a", 1), ("a", 2), ("b", 1)]),
    )
    dated = pd.DataFrame({"date": pd.to_datetime(["1918-02-14", None])})
    return nbformat.v4.new_notebook(
        cells=[
            md("# A lesson built to be cut"),
            shows({"text/html": wide.to_html()}),  # 100 columns and merged index cells: too wide to split or fit
            shows({"text/html": '<div style="width:1400px">a fixed-width box</div>'}),
            shows({"text/html": '<div style="overflow:auto;height:12px">' + "scrolls<br>" * 20 + "</div>"}),
            shows({"text/html": '<div style="overflow:hidden;height:12px">' + "hidden<br>" * 20 + "</div>"}),
            shows({"text/markdown": "Signed on NaT by nobody."}),
            shows({"text/html": dated.to_html()}),  # a NaT in a table: printed blank
        ]
    )


@pytest.mark.slow
def test_the_print_checks_catch_a_cut_lesson(tmp_path, browser):
    nb = cut_lesson()
    pdf = tmp_path / "cut.pdf"
    problems = printing.print_pdf(browser, reader(nb, "cut"), pdf)
    found = "\n".join(problems)
    assert "cut cell 1: table" in found and "wider than the text block" in found, found
    assert "cut cell 2: div" in found
    assert "cut cell 3: div prints a scrollbar" in found
    assert "cut cell 4: div hides content" in found
    assert not any("cell 6" in p for p in problems), "the NaT of a table is blanked before it is measured"
    text = "".join(pdf_pages(pdf))
    assert MISSING.findall(text) == ["NaT"], "the NaT of the markdown output is printed, and seen"
    # Measured without the fitting (and on the raw pandas HTML), the table cell's NaT is caught too.
    raw = printing.Document("raw")
    raw.add(f'<div class="output">{nb.cells[6].outputs[0].data["text/html"]}</div>', "raw cell")
    assert any("prints NaT" in p for p in printing.measure(browser, raw.to_html(), fit=False))
