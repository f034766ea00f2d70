"""A lesson opened, worked in and saved in the pinned JupyterLab still passes the notebook hygiene checks.

Chromium drives JupyterLab on localhost as an author or a learner would: open the lesson, save it; run the first
cells in order, hide an input and an output, save again. JupyterLab writes UI metadata (tests/hygiene.py lists it),
never different outputs. The course's JupyterLab also saves the widgets' state (tools/lab_settings.py), which is
the state of the widgets that have run: before the widget cells run, the stored widgets lose theirs, and the hygiene
checks say so (`make execute` writes it again).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from browser import free_port, server
from hygiene import clean_run_problems, id_problems, metadata_problems, widget_problems

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "00-start-here.ipynb"
RUN_CELLS = 4  # the setup cell, two text outputs and a figure


def _content(nb: dict) -> list:
    """What a clean run decides: each cell's type, source, execution count and outputs (no metadata)."""
    return [(c["cell_type"], c["source"], c.get("execution_count"), c.get("outputs")) for c in nb["cells"]]


def _harmless(saved: dict, original: dict) -> list[str]:
    """The hygiene problems of a saved lesson, less the widget state the course's JupyterLab saves (only the widgets
    that ran have state), which must be reported for each widget the lesson shows and nothing else."""
    widget_cells = [
        i
        for i, c in enumerate(original["cells"])
        if any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in c.get("outputs", []))
    ]
    reported = widget_problems(saved)
    assert len(reported) == len(widget_cells) and all(
        p.startswith(f"cell {i} shows widget") for p, i in zip(reported, widget_cells, strict=True)
    ), reported
    return clean_run_problems(saved) + metadata_problems(saved) + id_problems(saved)


def _save(page, path: Path) -> dict:
    """Press Ctrl+S in command mode and wait until the server has rewritten the file."""
    before = path.stat().st_mtime_ns
    for _ in range(2):  # a keypress that lands while JupyterLab is still busy is lost: press once more
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        deadline = time.time() + 60
        while time.time() < deadline:
            if path.stat().st_mtime_ns != before:
                time.sleep(0.5)  # the server writes the file in one go; let it finish
                return json.loads(path.read_text(encoding="utf-8"))
            time.sleep(0.2)
    raise AssertionError("JupyterLab did not save the notebook after Ctrl+S")


@pytest.fixture
def lab(tmp_path):
    """JupyterLab on a free port, serving a copy of the lesson, with fresh settings (execution timing switched on)."""
    home = tmp_path / "home"
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"recordTiming": true}', encoding="utf-8")
    folder = tmp_path / "lesson"
    folder.mkdir()
    shutil.copy(LESSON, folder / LESSON.name)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
    port, token = free_port(), "course-test"
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={folder}",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    with server(command, port, cwd=folder, env=env, timeout=120) as url:
        yield f"{url}lab/tree/{LESSON.name}?token={token}", folder / LESSON.name


def test_saving_in_jupyterlab_keeps_the_notebook_clean(lab, browser):
    url, path = lab
    original = json.loads(path.read_text(encoding="utf-8"))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, timeout=180000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=180000)

    opened = _save(page, path)
    assert _harmless(opened, original) == []
    assert _content(opened) == _content(original)

    code = page.locator(".jp-CodeCell")
    for n in range(RUN_CELLS):
        code.nth(n).locator(".jp-InputPrompt").click()
        page.keyboard.press("Shift+Enter")
        page.wait_for_function(
            "([i, n]) => document.querySelectorAll('.jp-CodeCell')[i].querySelector('.jp-InputPrompt')"
            ".innerText.includes(`[${n}]`)",
            arg=[n, n + 1],
            timeout=120000,
        )
    page.locator(".jp-CodeCell .jp-InputCollapser").first.click()
    page.locator(".jp-CodeCell:has(.jp-OutputArea-output) .jp-OutputCollapser").first.click()
    worked = _save(page, path)
    page.close()

    assert worked["cells"] != original["cells"], "JupyterLab saved no trace of the work: the test did nothing"
    assert _harmless(worked, original) == []
    assert _content(worked) == _content(original), "cells run in order in JupyterLab give the stored outputs"
