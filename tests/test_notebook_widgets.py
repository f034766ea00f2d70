"""Every widget of every lesson, driven in a real kernel: each notebook runs top to bottom, then every control of
every explorer it made is changed through its values (a bounded sample), as a learner would.

No lesson needs plumbing for this: the explorers register themselves in ``leningov.widgets.LIVE`` when a
notebook makes them, and ``drive_all`` drives whatever is there.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
DRIVER = "import json\nfrom leningov.widgets import drive_all\nprint(json.dumps(drive_all(limit=4)))"


def run_and_drive(path: Path) -> list[dict]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(DRIVER))
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    outputs = nb.cells[-1].outputs
    stdout = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stdout")
    stderr = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stderr")
    explorers = json.loads(stdout.strip().splitlines()[-1])
    # a warning while redrawing (a log axis with nothing to show, a glyph missing) is a figure drawn wrong
    return [dict(e, warnings=stderr) for e in explorers] if explorers else [{"warnings": stderr}] * bool(stderr)


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.name)
def driven(request):
    return request.param, run_and_drive(request.param)


def widget_views(path: Path) -> int:
    """How many widgets the stored notebook shows (each explorer is one view: its controls)."""
    nb = nbformat.read(path, as_version=4)
    mime = "application/vnd.jupyter.widget-view+json"
    return sum(mime in o.get("data", {}) for c in nb.cells if c.cell_type == "code" for o in c.outputs)


def test_every_widget_shown_is_driven(driven):
    path, explorers = driven
    explorers = [e for e in explorers if "controls" in e]
    assert len(explorers) == widget_views(path), (
        f"{path.name} shows {widget_views(path)} widget(s) but {len(explorers)} registered in leningov.widgets.LIVE"
    )


def test_every_control_works_and_changes_the_view(driven):
    path, explorers = driven
    problems = sorted({e["warnings"] for e in explorers if e.get("warnings")})
    explorers = [e for e in explorers if "controls" in e]
    for explorer in explorers:
        name = explorer["draw"] or f"{explorer['kind']} #{explorer['index']}"
        for control, report in explorer["controls"].items():
            problems += [f"{name}.{control}: {e}" for e in report["errors"]]
            if report["values"] > 1 and report["new_views"] == 0:
                problems.append(f"{name}.{control}: changing it never changed what the explorer shows")
    assert not problems, "\n".join(problems)
