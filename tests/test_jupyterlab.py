"""A lesson as a student meets it: a real JupyterLab, started from a folder that is not the repository (as on a
JupyterHub or Binder), with only the environment's settings, driven by Chromium (tools/lab_latency.py).

Before anything runs, no widget shows an error or its Python repr, no MyST markup stands raw, and every solution
and instructor note is closed. Run all: no error, no warning. Every control of every widget, changed as a student
would, shows a new view (the round trips are printed: p50/p95 per widget). Saved and reopened with a new kernel,
the lesson shows its widgets again instead of "Error displaying widget: model not found".
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tools import lab_latency

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
LESSON = ROOT / "notebooks" / "05-succession.ipynb"


@pytest.fixture
def lab(tmp_path):
    with lab_latency.jupyterlab(tmp_path / "home", [LESSON]) as (url, folder):
        yield url, folder / LESSON.name


def _save(page, path: Path) -> dict:
    before = path.stat().st_mtime_ns
    for _ in range(2):  # a keypress that lands while JupyterLab is busy is lost: press once more
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        deadline = time.time() + 60
        while time.time() < deadline:
            if path.stat().st_mtime_ns != before:
                time.sleep(0.5)
                return json.loads(path.read_text(encoding="utf-8"))
            time.sleep(0.2)
    raise AssertionError("JupyterLab did not save the notebook after Ctrl+S")


def test_a_lesson_opens_clean_runs_and_every_widget_answers(lab, browser, record_property):
    url, path = lab
    nb = json.loads(path.read_text(encoding="utf-8"))
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    lab_latency.open_lesson(page, url, path.name)

    assert lab_latency.first_look(page, nb) == [], "what a student sees before running the lesson"

    ran = lab_latency.run_all(page, nb)
    assert lab_latency.errors_shown(page) == []

    widgets = lab_latency.round_trips(page, nb, changes=3)
    assert [w["cell"] for w in widgets] == lab_latency.widget_cells(nb) and len(widgets) >= 2
    for widget in widgets:
        assert widget["controls"], f"cell {widget['cell']}: no control found to change"
        assert widget["missing"] == [], f"cell {widget['cell']}: a change showed nothing new: {widget['missing']}"
        every = [s for c in widget["controls"] for s in c["seconds"]]
        widget["p50_s"], widget["p95_s"] = lab_latency.percentiles(every)
    assert lab_latency.errors_shown(page) == []
    result = {"lesson": path.name, "first_look": [], "run_all_s": ran, "errors": [], "widgets": widgets}
    record_property("jupyterlab_round_trips", json.dumps(result))
    print("\n" + lab_latency.report(result))

    # Saved and reopened in a new kernel (next week's seminar): the widgets come back from the saved state.
    saved = _save(page, path)
    state = saved["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    shown = [
        o["data"][lab_latency.WIDGET_VIEW]["model_id"]
        for i in lab_latency.widget_cells(saved)
        for o in saved["cells"][i]["outputs"]
        if lab_latency.WIDGET_VIEW in o.get("data", {})
    ]
    assert shown and set(shown) <= set(state), "JupyterLab saved the outputs' widgets without their state"
    lab_latency.shut_down_kernel(page)
    page.close()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    lab_latency.open_lesson(page, url, path.name)
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    for index in lab_latency.widget_cells(saved):
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()
        cell.locator(".widget-dropdown, .widget-checkbox").first.wait_for(timeout=60000)
        assert "Error displaying widget" not in cell.inner_text(), f"cell {index} after reopening"
    page.close()
