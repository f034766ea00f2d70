"""Run notebooks top to bottom and store their outputs, the same way every time (``make execute``).

Strict nbval compares the stored text outputs with a fresh run, so the stored notebook must come from a clean,
deterministic run with normalised metadata: no timings, one kernelspec, fixed seeds and figure settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: Cell metadata a stored notebook may carry; everything else (timings, UI state) is dropped.
CELL_KEYS = {"tags", "mystnb"}
NOTEBOOK_KEYS = {"kernelspec", "language_info", "widgets"}
ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop metadata a clean run would not write and make the rest canonical."""
    nb.metadata = nbformat.from_dict({k: v for k, v in nb.metadata.items() if k in NOTEBOOK_KEYS})
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    info = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {
        "name": "python",
        "pygments_lexer": "ipython3",
        "version": info.get("version", "3.11"),
    }
    for index, cell in enumerate(nb.cells):
        cell.metadata = nbformat.from_dict({k: v for k, v in cell.metadata.items() if k in CELL_KEYS})
        cell["id"] = f"cell-{index:03d}"
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


def execute(path: Path, timeout: int = 600) -> None:
    nb = nbformat.read(path, as_version=4)
    for key, value in ENVIRONMENT.items():
        os.environ[key] = value
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        record_timing=False,
    )
    client.execute()
    nbformat.write(normalise(nb), path)


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m leningov.execute NOTEBOOK.ipynb ...", file=sys.stderr)
        return 2
    for name in argv:
        print(f"executing {name}", flush=True)
        execute(Path(name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
