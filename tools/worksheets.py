"""Seminar worksheets built from the lessons: a student and an instructor edition of each, as notebook and PDF.

The editions are made from the lesson notebooks by cell tags, never kept by hand:

- ``solution`` cells (worked solutions) and ``instructor`` cells (teaching notes, timings) are removed from the
  student edition;
- the instructor edition keeps everything and opens with the lesson's seminar plan.

PDFs are printed offline from HTML by headless Chromium (Debian's ``chromium`` package).
"""

from __future__ import annotations

import argparse
import copy
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from tools import ROOT, chromium
from tools.execute import run

STUDENT_REMOVES = {"solution", "instructor"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = "[Interactive control: open this notebook in JupyterLab or on Binder to use it.]"
#: Printing adds to the course's Chromium flags: headless, and no date/URL header and footer on the pages.
PRINT_FLAGS = ["--headless", *chromium.FLAGS, "--no-pdf-header-footer"]


def edition(nb: nbformat.NotebookNode, which: str) -> nbformat.NotebookNode:
    """The student or instructor edition of a lesson notebook."""
    if which not in ("student", "instructor"):
        raise ValueError(f"edition must be 'student' or 'instructor', not {which!r}")
    out = copy.deepcopy(nb)
    title = "".join(out.cells[0].source).splitlines()[0].lstrip("# ").strip()
    if which == "student":
        out.cells = [c for c in out.cells if not STUDENT_REMOVES & set(c.metadata.get("tags", []))]
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


def _static_copy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy for printing: widget outputs become a sentence, and no widget JavaScript is loaded."""
    out = copy.deepcopy(nb)
    out.metadata.pop("widgets", None)
    for cell in out.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_MIME in data:
                output["data"] = {"text/plain": WIDGET_PLACEHOLDER}
    return out


def to_html(nb: nbformat.NotebookNode) -> str:
    exporter = HTMLExporter(template_name="classic")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(_static_copy(nb))
    return body


def print_pdf(html: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "worksheet.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run(
            [
                chromium.executable(),
                *PRINT_FLAGS,
                f"--user-data-dir={profile}",
                f"--print-to-pdf={target}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not write {target}")


def build(notebooks: list[Path], out_dir: Path, pdf: bool = True, execute: bool = False) -> list[Path]:
    """Write both editions of each lesson (and their PDFs) into ``out_dir/student`` and ``out_dir/instructor``.

    The editions keep the lesson's stored outputs, which ``make execute`` wrote; with ``execute`` each edition is
    first run on its own in a fresh kernel, once, which proves that it works without the cells it lacks.
    """
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for which in ("student", "instructor"):
            folder = out_dir / which
            folder.mkdir(parents=True, exist_ok=True)
            ed = edition(nb, which)
            if execute:
                ed = run(ed, path.parent)
            target = folder / path.name
            nbformat.write(ed, target)
            written.append(target)
            if pdf:
                print_pdf(to_html(ed), target.with_suffix(".pdf"))
                written.append(target.with_suffix(".pdf"))
            print(f"wrote {target.relative_to(out_dir.parent)}" + (" (+ .pdf)" if pdf else ""), flush=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="lessons (default: every notebook)")
    parser.add_argument("--execute", action="store_true", help="run each edition on its own before printing it")
    args = parser.parse_args(argv)
    notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    build(notebooks, ROOT / "worksheets", execute=args.execute)
    return 0


if __name__ == "__main__":
    sys.exit(main())
