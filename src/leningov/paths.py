"""Where the course's files live, found from the package itself.

Binder, Thebe and JupyterHub start kernels in different folders, so nothing here looks at the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path


def repo_root() -> Path:
    """The course's top folder: the one holding ``data/datapackage.json``.

    ``LENINGOV_ROOT`` overrides the search (useful for a copy of the data elsewhere).
    """
    override = os.environ.get("LENINGOV_ROOT")
    if override:
        root = Path(override).expanduser().resolve()
        if not (root / "data" / "datapackage.json").is_file():
            raise FileNotFoundError(f"LENINGOV_ROOT={override!r} has no data/datapackage.json")
        return root
    for parent in Path(__file__).resolve().parents:
        if (parent / "data" / "datapackage.json").is_file():
            return parent
    raise FileNotFoundError(
        "Cannot find the course's data/ folder above the leningov package. Install the package in editable mode "
        "from the course folder (`pip install -e .`) or set LENINGOV_ROOT to the course folder."
    )


def data_dir() -> Path:
    """The folder with the shared CSVs and ``datapackage.json``."""
    return repo_root() / "data"
