"""Build and maintenance programs for the course, run by ``make`` from the repository's top folder.

Each is a module run as ``python -m tools.NAME`` (pages, execute, worksheets, bench, binder, basemap). They use the
learners' library ``leningov`` but are not part of it: nothing a lesson imports pulls them in.
"""

from __future__ import annotations

from pathlib import Path

#: The repository's top folder (the one holding ``tools/``, ``data/`` and ``notebooks/``).
ROOT = Path(__file__).resolve().parents[1]
