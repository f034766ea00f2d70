"""Widgets with a real kernel: Voila serves a lesson or the dashboard on localhost, Chromium changes a control, the
output changes. The dashboard (`make app`) is the capstone's explorer alone: no solution, no instructor material,
no request off the machine."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from browser import PageWatch, free_port, server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
CAPSTONE = ROOT / "notebooks" / "07-capstone-explorer.ipynb"


@pytest.fixture
def voila(request):
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "voila"),
        str(ROOT / "notebooks" / request.param),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
    ]
    with server(command, port, cwd=ROOT, timeout=60) as url:
        yield url


@pytest.fixture
def dashboard():
    """Voila as `make app` starts it: in app/, which holds its settings (voila.json) and its page template."""
    port = free_port()
    voila = str(Path(sys.executable).parent / "voila")
    command = [voila, "explorer.ipynb", f"--port={port}", "--ServerApp.port_retries=0"]
    with server(command, port, cwd=APP, env={**os.environ, "JUPYTER_PATH": str(APP)}, timeout=60) as url:
        yield url


def test_make_app_starts_voila_as_the_tests_do(root):
    recipe = re.search(r"^app:.*\n\t(.+)$", (root / "Makefile").read_text(encoding="utf-8"), flags=re.MULTILINE)
    assert recipe and recipe.group(1) == "cd app && JUPYTER_PATH=$(CURDIR)/app $(CURDIR)/$(BIN)/voila explorer.ipynb"
    settings = json.loads((APP / "voila.json").read_text(encoding="utf-8"))
    assert settings["Voila"]["ip"] == "127.0.0.1" and settings["VoilaConfiguration"]["template"] == "course"


def _withheld_texts() -> list[str]:
    """Passages of the capstone lesson a class must not see on the dashboard: a line of each solution and
    instructor note (past the MyST header), and what the self-checks print."""
    nb = json.loads(CAPSTONE.read_text(encoding="utf-8"))
    texts = []
    for cell in nb["cells"]:
        if not {"solution", "instructor"} & set(cell["metadata"].get("tags", [])):
            continue
        lines = [line for line in "".join(cell["source"]).splitlines() if line.strip() and not line.startswith(":")]
        body = next(line for line in lines if len(line) > 30 and not line.startswith(("#", "|")))
        texts.append(re.sub(r"[*`]", "", body)[:40] if cell["cell_type"] == "markdown" else body.strip()[:40])
        for out in cell.get("outputs", []):
            printed = "".join(out.get("text", [])) + "".join(out.get("data", {}).get("text/plain", []))
            texts += [line.strip()[:40] for line in printed.splitlines() if "Exercise" in line]
    return texts


def test_the_dashboard_is_the_explorer_alone_and_stays_on_the_machine(dashboard, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    watch = PageWatch(page)
    start = time.perf_counter()
    page.goto(dashboard, timeout=180000)
    page.locator(".widget-dropdown select").first.wait_for(timeout=180000)
    print(f"\ndashboard controls visible after {time.perf_counter() - start:.1f} s (kernel started on request)")
    page.get_by_text("event(s) match").first.wait_for(timeout=60000)
    text = page.inner_text("body")
    for control in ["Themes", "Kinds", "Period", "Person", "Place"]:
        assert control in text, f"the explorer's {control} control is missing"
    withheld = _withheld_texts()
    assert len(withheld) >= 8, withheld
    shown = [t for t in withheld if t in text]
    assert not shown, f"the dashboard shows solution or instructor text: {shown}"
    for word in ["Solution", "Instructor", "Marking guide", "Exercise", "You will learn", ":::", "check("]:
        assert word not in text, f"the dashboard shows {word!r}"
    assert watch.problems() == []
    page.close()


@pytest.mark.parametrize("voila", ["00-start-here.ipynb"], indirect=True)
def test_calendar_converter_answers_with_a_real_kernel(voila, browser):
    page = browser.new_page()
    page.goto(voila, wait_until="networkidle", timeout=120000)
    box = page.locator(".widget-text input").first
    box.wait_for(timeout=120000)
    answer = page.locator(".widget-html-content", has_text="New Style").first
    before = answer.inner_text()
    assert "7 November 1917" in before
    box.fill("1918-01-31")
    box.press("Enter")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.widget-html-content'))"
        ".some(e => e.innerText.includes('13 February 1918'))",
        timeout=30000,
    )
    page.close()


def test_capstone_dashboard_filters_with_a_real_kernel(dashboard, browser):
    """Choosing a person on the dashboard must refilter the events and redraw the figures."""
    page = browser.new_page()
    page.goto(dashboard, wait_until="networkidle", timeout=180000)
    summary = page.locator(".widget-html-content", has_text="event(s) match").first
    summary.wait_for(timeout=180000)
    before = summary.inner_text()
    person = page.locator(".widget-dropdown", has_text="Person").locator("select").first
    person.select_option(index=2)  # the third person in the list (the first entry is "anyone")
    page.wait_for_function(
        "before => Array.from(document.querySelectorAll('.widget-html-content'))"
        ".some(e => e.innerText.includes('event(s) match') && e.innerText !== before)",
        arg=before,
        timeout=60000,
    )
    after = page.locator(".widget-html-content", has_text="event(s) match").first.inner_text()
    assert after != before
    page.close()
