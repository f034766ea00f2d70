"""Run notebooks top to bottom and store their outputs, the same way every time (``make execute``).

Strict nbval compares the stored text outputs with a fresh run, so the stored notebook must come from a clean,
deterministic run with normalised metadata: no timings, one kernelspec, fixed seeds and figure settings.

Cell ids are kept: a cell keeps the id it has, and only a cell without one (or with a copy of another cell's) gets
a new one, so inserting a cell changes one line of the diff, not every later id.

``python -m tools.execute notebooks/03-terror-and-repression.ipynb`` runs one notebook; without arguments, all.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat.corpus.words import generate_corpus_id

from tools import ROOT

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: Cell metadata a stored notebook carries; everything else (timings, UI state) is dropped.
CELL_KEYS = {"tags", "mystnb"}
#: Cells a learner should open only after trying the exercise: solutions and instructor notes. A code cell tagged
#: so is stored collapsed, code and output, which JupyterLab honours (the book hides it by its ``hide-input`` tag);
#: a markdown one is a MyST dropdown, which the book and JupyterLab's MyST renderer both draw closed.
COLLAPSED_TAGS = {"solution", "instructor"}
COLLAPSED = {"source_hidden": True, "outputs_hidden": True}
NOTEBOOK_KEYS = {"kernelspec", "language_info", "widgets"}
#: What the pinned JupyterLab adds when a learner or an author opens a lesson, works in it and saves it (observed:
#: input and output collapsed, output scrolling, execution timing if switched on, and the kernel's language_info).
#: The hygiene tests accept it and ``make execute`` removes it.
UI_CELL_KEYS = {"collapsed", "scrolled", "jupyter", "execution"}
UI_LANGUAGE_INFO_KEYS = {"codemirror_mode", "file_extension", "mimetype", "nbconvert_exporter"}
#: nbformat 4.5's rule for a cell id.
CELL_ID = re.compile(r"[a-zA-Z0-9_-]{1,64}")
ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    # the stored outputs are what the book and the worksheets show, where controls cannot work: explorers say so
    "LENINGOV_STATIC_OUTPUTS": "1",
}


def stable_ids(cells: list) -> list:
    """Keep every cell's id; give a new one only to a cell with none, an invalid one, or a copy of an earlier one."""
    seen: set[str] = set()
    for cell in cells:
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not CELL_ID.fullmatch(cell_id) or cell_id in seen:
            cell_id = generate_corpus_id()
            while cell_id in seen or any(c.get("id") == cell_id for c in cells):
                cell_id = generate_corpus_id()
            cell["id"] = cell_id
        seen.add(cell_id)
    return cells


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop metadata a clean run would not write and make the rest canonical; collapse solutions."""
    nb.metadata = nbformat.from_dict({k: v for k, v in nb.metadata.items() if k in NOTEBOOK_KEYS})
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {
        "name": "python",
        "pygments_lexer": "ipython3",
        "version": info.get("version", "3.11"),
    }
    nb.nbformat, nb.nbformat_minor = 4, max(5, nb.get("nbformat_minor", 5))
    stable_ids(nb.cells)
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict({k: v for k, v in cell.metadata.items() if k in CELL_KEYS})
        if cell.cell_type == "code" and COLLAPSED_TAGS & set(cell.metadata.get("tags", [])):
            cell.metadata["jupyter"] = dict(COLLAPSED)
        if cell.cell_type == "code":
            alts = [
                out.get("metadata", {}).get("image/png", {}).get("alt")
                for out in cell.outputs
                if "image/png" in out.get("data", {})
            ]
            alts = [a for a in alts if a]
            if alts:
                # myst-nb takes an image's alt text from the cell's metadata, not from the output's
                cell.metadata["mystnb"] = {"image": {"alt": " / ".join(dict.fromkeys(alts))}}
    return nb


def run(nb: nbformat.NotebookNode, folder: Path, timeout: int = 600) -> nbformat.NotebookNode:
    """Run a notebook top to bottom in a fresh kernel started in ``folder``, in place; the widget state is kept."""
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
        store_widget_state=True,
        record_timing=False,
    )
    client.execute(env={**os.environ, **ENVIRONMENT})  # the kernel's environment; this process's is left alone
    return nb


def execute(path: Path, timeout: int = 600) -> None:
    """``make execute`` for one notebook: run it and store it with its outputs, normalised."""
    nb = run(nbformat.read(path, as_version=4), path.parent, timeout)
    nbformat.write(normalise(nb), path)


def main(argv: list[str]) -> int:
    notebooks = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(p) for p in notebooks if not p.is_file() or p.suffix != ".ipynb"]
    if missing:
        print("usage: python -m tools.execute [NOTEBOOK.ipynb ...]; not a notebook:", *missing, file=sys.stderr)
        return 2
    for path in notebooks:
        print(f"executing {path}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
