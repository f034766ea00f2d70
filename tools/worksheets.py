"""The printed editions of every lesson, made from the lesson notebook and its stored outputs by cell tags.

- **Student worksheet** (``worksheets/student/NN.pdf``, at most 8 A4 pages): the title and purpose; then, for each
  in-class section (a ``##`` heading not marked "(Homework)" or "(Extension)"), its heading, the cells tagged
  ``worksheet`` (their output only, no code) and every exercise prompt (a markdown paragraph starting
  ``**Exercise NN.k``) with ruled lines to answer on, more for an "(open)" exercise; the prompts of the homework and
  extension sections follow under "At home", without lines (they are worked in the notebook). While a lesson has
  no ``worksheet`` tags, each prompt is preceded by
  the nearest figure or table before it in its section. Beside it, the student notebook: the lesson without the
  cells tagged ``solution`` or ``instructor``.
- **Reader** (``worksheets/reader/NN.pdf``): the whole lesson for self-study, without instructor notes, with the
  solutions gathered in an appendix at the end, so that a reader can try each exercise before turning to them.
- **Instructor edition** (``worksheets/instructor/NN.pdf`` and ``.ipynb``): the whole lesson with the solutions in
  place, the instructor notes and their timings.

Nothing is re-executed to print (``--execute`` runs the two notebook editions on their own first). Every page is
measured before it is printed (``tools.printing``): a clipped element, a scrollbar, a NaN or a worksheet longer
than 8 pages makes the run fail, naming the lesson and the cell.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from tools import ROOT, printing
from tools.execute import run
from tools.printing import Document

STUDENT_REMOVES = {"solution", "instructor"}
WORKSHEET_TAG = "worksheet"
WIDGET_PLACEHOLDER = "[Interactive control: open this notebook in JupyterLab or on Binder to use it.]"
NOT_IN_CLASS = re.compile(r"\((Homework|Extension)\)", re.I)
EXERCISE = re.compile(r"^\*\*Exercise (\d\d\.\d+)([^*]*)\*\*", re.M)
MAX_WORKSHEET_PAGES = 8
#: Ruled lines under a prompt: an open question needs room for an argument.
LINES = {"short": 4, "open": 10}
EDITIONS = ("worksheet", "reader", "instructor")
FOLDER = {"worksheet": "student", "reader": "reader", "instructor": "instructor"}


def tags(cell) -> set[str]:
    return set(cell.metadata.get("tags", []))


def source(cell) -> str:
    return "".join(cell.source)


def lesson_title(nb) -> str:
    return source(nb.cells[0]).splitlines()[0].lstrip("# ").strip()


# The notebook editions


def edition(nb: nbformat.NotebookNode, which: str) -> nbformat.NotebookNode:
    """The student or instructor edition of a lesson notebook."""
    if which not in ("student", "instructor"):
        raise ValueError(f"edition must be 'student' or 'instructor', not {which!r}")
    out = copy.deepcopy(nb)
    title = lesson_title(out)
    if which == "student":
        out.cells = [c for c in out.cells if not STUDENT_REMOVES & tags(c)]
        banner = (
            f"**Student edition** of *{title}*. Work through the cells in order; write your answers where a cell "
            "says `# your answer here`, and run `check(...)` to test them."
        )
    else:
        banner = (
            f"**Instructor edition** of *{title}*, with solutions and teaching notes (cells marked "
            "*Instructor note*). The seminar plan with timings is in the instructor guide of the course website."
        )
    out.cells.insert(1, nbformat.v4.new_markdown_cell(banner))
    return out


# What the worksheet takes from a lesson


@dataclass
class Exercise:
    number: str  # "02.1"
    text: str  # the prompt's markdown, from "**Exercise" to the next prompt or the end of its cell
    cell: int
    open: bool


@dataclass
class Section:
    heading: str  # the markdown of the "## " line
    cells: list[int]  # indices of the cells from the heading to the next one
    in_class: bool


def exercises_in(text: str, cell: int) -> list[Exercise]:
    starts = list(EXERCISE.finditer(text))
    found = []
    for k, m in enumerate(starts):
        end = starts[k + 1].start() if k + 1 < len(starts) else len(text)
        prompt = text[m.start() : end].strip()
        prompt = re.split(r"^#{1,3} ", prompt, maxsplit=1, flags=re.M)[0].strip()  # a following heading is not it
        found.append(Exercise(m.group(1), prompt, cell, "(open)" in prompt[: m.end() - m.start() + 12].lower()))
    return found


def exercises(nb) -> list[Exercise]:
    """Every exercise prompt of a lesson, in order (never in a solution or instructor cell)."""
    return [
        ex
        for i, c in enumerate(nb.cells)
        if c.cell_type == "markdown" and not STUDENT_REMOVES & tags(c)
        for ex in exercises_in(source(c), i)
    ]


def sections(nb) -> list[Section]:
    """The ``##`` sections of a lesson (a heading may share its cell with what follows it)."""
    found: list[Section] = []
    for i, cell in enumerate(nb.cells):
        heading = next((line for line in source(cell).splitlines() if line.startswith("## ")), None)
        if cell.cell_type == "markdown" and heading and source(cell).lstrip().startswith("## "):
            found.append(Section(heading, [], not NOT_IN_CLASS.search(heading)))
        if found:
            found[-1].cells.append(i)
    return found


def fallback_cells(nb, section: Section, prompts: list[Exercise]) -> list[int]:
    """For a lesson without ``worksheet`` tags: before each prompt, the nearest figure or table output above it in
    its section (each printed once)."""
    chosen: list[int] = []
    for ex in prompts:
        before = [i for i in section.cells if i < ex.cell or (i == ex.cell and nb.cells[i].cell_type == "code")]
        candidates = [
            i
            for i in before
            if nb.cells[i].cell_type == "code"
            and not STUDENT_REMOVES & tags(nb.cells[i])
            and printing.has_figure_or_table(nb.cells[i])
        ]
        if candidates and candidates[-1] not in chosen:
            chosen.append(candidates[-1])
    return chosen


def purpose(nb) -> str:
    """The title cell up to its "You will learn to" list: the lesson's title and what it is for."""
    text = source(nb.cells[0])
    return re.split(r"^\*\*You will learn to", text, maxsplit=1, flags=re.M)[0].strip()


def _heading_html(markdown_heading: str) -> str:
    return printing.markdown(markdown_heading)


def _exercise_html(ex: Exercise, cited: list[str], ruled: bool = True) -> str:
    """A prompt with ruled lines under it; without them for the work set at home, done in the notebook."""
    prompt = printing.markdown(ex.text, cited=cited)
    if not ruled:
        return f'<div class="exercise"><div class="prompt">{prompt}</div></div>'
    lines = "<div></div>" * LINES["open" if ex.open else "short"]
    return f'<div class="exercise"><div class="prompt">{prompt}</div><div class="ruled">{lines}</div></div>'


def _cell_html(cell, cited: list[str], widget_sentence: str | None, show_code: bool, box_class: str = "") -> str:
    if cell.cell_type == "markdown":
        return printing.markdown(source(cell), box_class, cited)
    if cell.cell_type != "code":
        return ""
    parts = []
    if show_code and source(cell).strip():
        parts.append(printing.code_input(source(cell)))
    parts.append(printing.outputs(cell, widget_sentence, cited))
    return "".join(parts)


def worksheet(nb, name: str) -> Document:
    """The student worksheet of a lesson: the seminar's tasks, the figures and tables they need, ruled space."""
    title = lesson_title(nb)
    doc = Document(title, footer=f"{title} · Student worksheet", kind="worksheet")
    doc.add(printing.markdown(purpose(nb), cited=doc.cited), f"{name} cell 0")
    doc.add(
        '<p class="banner">Student worksheet. Answer on the lines below each exercise; the lesson notebook has the '
        "code and the data behind every figure and table.</p>"
        '<div class="name-line"><span>Name</span><span>Date</span></div>'
    )
    prompts = exercises(nb)
    tagged = any(WORKSHEET_TAG in tags(c) for c in nb.cells)
    at_home: list[tuple[Section, list[Exercise]]] = []
    for section in sections(nb):
        mine = [ex for ex in prompts if ex.cell in section.cells]
        if not section.in_class:
            if mine:
                at_home.append((section, mine))
            continue
        if tagged:
            shown = [i for i in section.cells if WORKSHEET_TAG in tags(nb.cells[i]) - STUDENT_REMOVES]
            shown = [i for i in shown if not STUDENT_REMOVES & tags(nb.cells[i])]
        else:
            shown = fallback_cells(nb, section, mine)
        if not shown and not mine:
            continue
        doc.add(_heading_html(section.heading), f"{name} cell {section.cells[0]}")
        items = [(i, 0, None) for i in shown] + [(ex.cell, 1, ex) for ex in mine]
        for i, _, ex in sorted(items, key=lambda t: (t[0], t[1])):
            cell = nb.cells[i]
            if ex is None and cell.cell_type == "markdown" and EXERCISE.search(source(cell)):
                context = source(cell)[: EXERCISE.search(source(cell)).start()]  # the prompt follows on its own
                doc.add(printing.markdown(context, cited=doc.cited), f"{name} cell {i}")
            elif ex is None:
                doc.add(_cell_html(cell, doc.cited, None, show_code=False), f"{name} cell {i}")
            else:
                doc.add(_exercise_html(ex, doc.cited), f"{name} cell {i} (Exercise {ex.number})")
    if at_home:
        doc.add("<h2>At home</h2>")
        doc.add("<p>Work these in the lesson notebook, which has the data, the code and the figures they need.</p>")
        for section, mine in at_home:
            doc.add(_heading_html("#" + section.heading), f"{name} cell {section.cells[0]}")
            for ex in mine:
                doc.add(_exercise_html(ex, doc.cited, ruled=False), f"{name} cell {ex.cell} (Exercise {ex.number})")
    doc.add(printing.works_cited(doc.cited))
    return doc


def solution_owner(nb) -> dict[int, str]:
    """Each solution cell and the exercise it answers: the last prompt above it."""
    owner, current = {}, None
    for i, cell in enumerate(nb.cells):
        prompt = cell.cell_type == "markdown" and not STUDENT_REMOVES & tags(cell)
        found = exercises_in(source(cell), i) if prompt else []
        if found:
            current = found[-1].number
        if "solution" in tags(cell):
            owner[i] = current or "?"
    return owner


def reader(nb, name: str) -> Document:
    """The whole lesson for self-study: no instructor notes, the solutions in an appendix at the end."""
    title = lesson_title(nb)
    doc = Document(title, footer=f"{title} · Reader")
    owner = solution_owner(nb)
    for i, cell in enumerate(nb.cells):
        if i == 1:
            doc.add(
                '<p class="banner">Reader: the whole lesson, for self-study or to prepare a seminar. Try each '
                "exercise before you turn to its solution in the appendix at the end.</p>"
            )
        if "instructor" in tags(cell) or i in owner:
            continue
        doc.add(_cell_html(cell, doc.cited, WIDGET_PLACEHOLDER, show_code=True), f"{name} cell {i}")
    if owner:
        doc.add('<div class="appendix"><h2>Solutions</h2></div>')
        last = None
        for i, number in owner.items():
            if number != last:
                doc.add(f'<p class="solution-of">Exercise {number}</p>')
                last = number
            doc.add(_cell_html(nb.cells[i], doc.cited, WIDGET_PLACEHOLDER, show_code=True), f"{name} cell {i}")
    doc.add(printing.works_cited(doc.cited))
    return doc


def instructor(nb, name: str) -> Document:
    """The whole lesson with the solutions in place, the instructor notes and their timings."""
    title = lesson_title(nb)
    doc = Document(title, footer=f"{title} · Instructor edition")
    for i, cell in enumerate(nb.cells):
        if i == 1:
            doc.add(
                '<p class="banner">Instructor edition: the whole lesson with the solutions in place and the '
                "instructor notes (timings, pitfalls) in shaded boxes.</p>"
            )
        box = "instructor" if "instructor" in tags(cell) else ""
        doc.add(_cell_html(cell, doc.cited, WIDGET_PLACEHOLDER, show_code=True, box_class=box), f"{name} cell {i}")
    doc.add(printing.works_cited(doc.cited))
    return doc


MAKERS = {"worksheet": worksheet, "reader": reader, "instructor": instructor}


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def build(notebooks: list[Path], out_dir: Path, pdf: bool = True, execute: bool = False) -> dict[Path, list[str]]:
    """Write every edition of each lesson into ``out_dir/{student,reader,instructor}``.

    Returns each file written with the problems found in it (empty when it prints whole). The PDFs are made from
    the lesson's stored outputs; with ``execute`` the two notebook editions are first run on their own in a fresh
    kernel, which proves that the student's works without the cells it lacks.
    """
    written: dict[Path, list[str]] = {}
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for which in ("student", "instructor"):
            ed = edition(nb, which)
            if execute:
                ed = run(ed, path.parent)
            target = out_dir / which / path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(ed, target)
            written[target] = []
    if pdf:
        with printing.browser() as browser:
            for path in notebooks:
                nb = nbformat.read(path, as_version=4)
                for which in EDITIONS:
                    target = out_dir / FOLDER[which] / path.with_suffix(".pdf").name
                    problems = printing.print_pdf(browser, MAKERS[which](nb, path.stem), target)
                    pages = pdf_pages(target)
                    if which == "worksheet" and pages > MAX_WORKSHEET_PAGES:
                        problems.append(f"{path.stem}: the worksheet has {pages} pages (at most {MAX_WORKSHEET_PAGES})")
                    written[target] = problems
                    print(f"wrote {target.relative_to(out_dir.parent)} ({pages} pages)", flush=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="lessons (default: every notebook)")
    parser.add_argument("--execute", action="store_true", help="run the notebook editions on their own first")
    parser.add_argument("--no-pdf", action="store_true", help="write the notebook editions only")
    args = parser.parse_args(argv)
    lessons = sorted((ROOT / "notebooks").glob("*.ipynb"))
    notebooks = args.notebooks or lessons
    out = ROOT / "worksheets"
    if {p.resolve() for p in notebooks} == set(lessons):  # every lesson: nothing left from a renamed one
        shutil.rmtree(out, ignore_errors=True)
    written = build(notebooks, out, pdf=not args.no_pdf, execute=args.execute)
    problems = [f"{path.relative_to(ROOT)}: {p}" for path, found in written.items() for p in found]
    if problems:
        print("These editions do not print whole:", *problems, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
