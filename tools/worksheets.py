"""Seminar worksheets built from the lessons: a student and an instructor edition of each, as notebook and PDF.

The editions are made from the lesson notebooks by cell tags, never kept by hand:

- ``solution`` cells (worked solutions) and ``instructor`` cells (teaching notes, timings) are removed from the
  student edition;
- the instructor edition keeps everything and opens with the lesson's seminar plan.

PDFs are printed offline from HTML by headless Chromium (Debian's ``chromium`` package).
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter

from leningov import paths

STUDENT_REMOVES = {"solution", "instructor"}
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = "[Interactive control: open this notebook in JupyterLab or on Binder to use it.]"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]


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


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError("Chromium is needed to print PDFs: install Debian's chromium package (make system-deps)")


def print_pdf(html: str, target: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "worksheet.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(tmp) / "profile"
        subprocess.run(
            [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}", page.as_uri()],
            check=True,
            capture_output=True,
            timeout=180,
        )
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not write {target}")


def build(notebooks: list[Path], out_dir: Path, pdf: bool = True) -> list[Path]:
    written = []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for which in ("student", "instructor"):
            folder = out_dir / which
            folder.mkdir(parents=True, exist_ok=True)
            ed = edition(nb, which)
            target = folder / path.name
            nbformat.write(ed, target)
            written.append(target)
            if pdf:
                print_pdf(to_html(ed), target.with_suffix(".pdf"))
                written.append(target.with_suffix(".pdf"))
            print(f"wrote {target.relative_to(out_dir.parent)}" + (" (+ .pdf)" if pdf else ""), flush=True)
    return written


def main(argv: list[str]) -> int:
    notebooks = [Path(a) for a in argv] or sorted((paths.repo_root() / "notebooks").glob("*.ipynb"))
    build(notebooks, paths.repo_root() / "worksheets")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
