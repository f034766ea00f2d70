"""A lesson in a real JupyterLab, as a student meets it, and how long its widgets take to answer.

JupyterLab is started from a folder that is not the repository (a copy of the lessons, as on a JupyterHub or on
Binder), with fresh user settings, so that only the environment's defaults apply (``tools/lab_settings.py``), and
Chromium opens one lesson. Before anything runs, ``first_look`` lists what a student should not see: a widget
error, a widget's Python repr, raw MyST, or a solution or an instructor note that stands open. Then the lesson is
run (Run > Run All Cells), and ``round_trips`` changes each control of each widget, as a student would with the
mouse or the keyboard, and times each change from the input event the browser dispatches until the widget shows
something new: the round trip to the kernel, the figure drawn there, its PNG sent back and drawn by the browser.
That is what a student waits for; the benchmark's in-kernel callback times leave out the transfer and the drawing.

``measure(lesson)`` does all of it and returns the numbers (the JupyterLab browser test and ``make bench`` share
it); ``python -m tools.lab_latency notebooks/05-succession.ipynb`` prints them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tools import ROOT, chromium
from tools.servers import free_port, server

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TOKEN = "course-lab"
#: Controls a student can change, in the DOM ipywidgets 8 draws, and how ``_change`` changes each.
CONTROLS = (
    ".widget-dropdown select, .widget-select-multiple select, .widget-checkbox input[type=checkbox], "
    ".widget-toggle-buttons, .widget-slider .noUi-target, .widget-text input"
)
#: What a widget shows, as a signature that changes when the kernel has sent a new view: its images and its
#: HTML, never the controls themselves (a slider's readout moves before the kernel has answered).
SIGNATURE_JS = """
cell => {
  const out = cell.querySelector('.jp-Cell-outputWrapper');
  if (!out) return {sig: '', images: 0};
  const hash = s => {
    let h = s.length;
    for (let i = 0; i < s.length; i += 5) h = (h * 31 + s.charCodeAt(i)) | 0;
    return h;
  };
  const images = [...out.querySelectorAll('img')];
  const html = [...out.querySelectorAll('.widget-html-content')].map(e => e.innerText);
  return {sig: JSON.stringify([images.map(i => hash(i.src)), html]), images: images.length};
}
"""


def environment(home: Path) -> dict:
    """The process environment of a JupyterLab whose user settings, workspaces and data live in ``home``."""
    return {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }


@contextlib.contextmanager
def jupyterlab(home: Path, notebooks: list[Path], timeout: float = 120) -> Iterator[tuple[str, Path]]:
    """JupyterLab on a free localhost port, serving copies of ``notebooks`` in ``home/course`` (not the repository).

    Yields the base URL (the token is ``TOKEN``) and the folder of the copies.
    """
    folder = home / "course"
    folder.mkdir(parents=True, exist_ok=True)
    for path in notebooks:
        shutil.copy(path, folder / path.name)
    bin_dir = Path(sys.executable).parent
    port = free_port()
    command = [
        str(bin_dir / "jupyter"),
        "lab",
        "--no-browser",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={folder}",
    ] + (["--allow-root"] if os.geteuid() == 0 else [])
    env = environment(home)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"  # the kernel is this environment's Python
    with server(command, port, cwd=folder, env=env, timeout=timeout) as url:
        yield url, folder


def open_lesson(page, url: str, name: str, timeout: float = 180) -> None:
    """Open a lesson and wait until its kernel is idle and every cell is in the page."""
    page.goto(f"{url}lab/tree/{name}?token={TOKEN}", timeout=timeout * 1000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=timeout * 1000)


def _cells(page, count: int, timeout: float = 60):
    cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell")
    deadline = time.time() + timeout
    while cells.count() < count and time.time() < deadline:
        time.sleep(0.2)
    if cells.count() != count:
        raise AssertionError(f"JupyterLab shows {cells.count()} cells, the notebook has {count}")
    return cells


def _tags(cell: dict) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def first_look(page, nb: dict) -> list[str]:
    """What a student sees before running anything that they should not: each cell is scrolled into view (so that
    JupyterLab draws it) and read as shown."""
    cells = _cells(page, len(nb["cells"]))
    problems = []
    for i, cell in enumerate(nb["cells"]):
        node = cells.nth(i)
        node.scroll_into_view_if_needed()
        if cell["cell_type"] == "markdown":
            # jupyterlab-myst draws a markdown cell into a .myst block once it is on screen
            node.locator(".myst > *, .jp-RenderedMarkdown > *").first.wait_for(state="attached", timeout=20000)
        shown = node.inner_text()
        if "Error displaying widget" in shown:
            problems.append(f"cell {i}: {shown.strip()[:120]!r}")
        if any(raw in shown for raw in (":::", "```{", "{cite", "{dropdown", "{admonition")):
            problems.append(f"cell {i} shows raw MyST: {shown.strip()[:120]!r}")
        if "(children=" in shown:
            problems.append(f"cell {i} shows a widget's repr: {shown.strip()[:120]!r}")
        if not {"solution", "instructor"} & _tags(cell):
            continue
        if cell["cell_type"] == "markdown":
            closed = node.evaluate("c => [...c.querySelectorAll('details')].map(d => !d.open)")
            if not closed or not all(closed):
                problems.append(f"cell {i} (solution or instructor note) is not a closed dropdown: {shown[:120]!r}")
        else:
            if node.locator(".jp-InputPlaceholder").count() != 1 or node.locator(".jp-OutputArea-output").evaluate_all(
                "outs => outs.some(o => o.offsetParent !== null)"
            ):
                problems.append(f"cell {i} (solution) shows its code or its output: {shown[:120]!r}")
    if page.get_by_text("Would you like to get notified").count():
        problems.append("JupyterLab asks whether to fetch news from the internet")
    return problems


def _menu(page, top: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=top).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=item).first.click()


def shut_down_kernel(page, timeout: float = 60) -> None:
    _menu(page, "Kernel", "Shut Down Kernel")
    page.get_by_text("No Kernel").first.wait_for(timeout=timeout * 1000)


def run_all(page, nb: dict, timeout: float = 300) -> float:
    """Run > Run All Cells; wait until every code cell has run. Returns the seconds it took."""
    # JupyterLab runs no empty cell and numbers no collapsed one; a prompt off screen has no innerText
    shown = [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code"
        and "".join(c["source"]).strip()
        and not c.get("metadata", {}).get("jupyter", {}).get("source_hidden")
    ]
    start = time.perf_counter()
    _menu(page, "Run", "Run All Cells")
    # the stored prompts already read [1], [2], ...: wait for the queued ones ([*]) first
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt')]
                  .some(p => p.textContent.includes('*'))""",
        timeout=timeout * 1000,
        polling=100,
    )
    page.wait_for_function(
        """shown => {
          const cells = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
          const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-InputArea-prompt')];
          return !prompts.some(p => p.textContent.includes('*'))
            && shown.every(i => /\\[\\d+\\]/.test(cells[i].querySelector('.jp-InputArea-prompt').textContent));
        }""",
        arg=shown,
        timeout=timeout * 1000,
        polling=250,
    )
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=timeout * 1000)
    return time.perf_counter() - start


def errors_shown(page) -> list[str]:
    """Error outputs, warnings and broken widgets in the open notebook."""
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    found = [t[:300] for t in panel.locator('[data-mime-type="application/vnd.jupyter.stderr"]').all_inner_texts()]
    found += panel.get_by_text("Error displaying widget").all_inner_texts()
    return found


def widget_cells(nb: dict) -> list[int]:
    """Indexes of the code cells that show a widget (in the stored outputs)."""
    return [
        i
        for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))
    ]


def _label(control) -> str:
    return control.evaluate(
        """e => { const w = e.closest('.widget-inline-hbox, .widget-checkbox, .widget-select-multiple, '
                   + '.widget-toggle-buttons, .widget-slider, .widget-text') || e;
                 const names = [...w.querySelectorAll('.widget-label, .widget-label-basic, label')]
                   .map(l => l.innerText.replace(/\\u200b/g, '').trim()).filter(t => t);
                 return names[0] || e.getAttribute('aria-label') || w.className; }"""
    )


#: The clock of a change starts when the browser dispatches the student's input (the first keydown, click, input
#: or change event after it is armed), not when the test starts to move the mouse: Playwright's own checks before an
#: action (is the control visible, stable, enabled?) are no part of what a student waits for.
MARK_INPUT_JS = """() => {
  if (!window.__courseInputArmed) {
    for (const type of ['keydown', 'click', 'input', 'change']) {
      document.addEventListener(type, () => {
        if (window.__courseInputAt === null) window.__courseInputAt = performance.now();
      }, true);
    }
    window.__courseInputArmed = true;
  }
  window.__courseInputAt = null;
}"""


def _change(page, control, step: int) -> None:
    """Change one control as a student would: another option, another tick, the other button, a step of a slider."""
    kind = control.evaluate(
        "e => e.matches('select[multiple]') ? 'multi' : e.tagName === 'SELECT' ? 'select' : "
        "e.type === 'checkbox' ? 'checkbox' : e.classList.contains('noUi-target') ? 'slider' : "
        "e.classList.contains('widget-toggle-buttons') ? 'toggle' : 'text'"
    )
    if kind == "select":
        count, current = control.evaluate("e => [e.options.length, e.selectedIndex]")
        control.select_option(index=(current + 1) % count)
    elif kind == "multi":
        count = control.evaluate("e => e.options.length")
        control.select_option(index=list(range(0, max(1, count - 1 - step % max(count - 1, 1)))))
    elif kind == "checkbox":
        control.click()
    elif kind == "toggle":
        control.locator("button:not(.mod-active)").first.click()
    elif kind == "slider":
        handle = control.locator(".noUi-handle").last
        at_end = handle.evaluate("h => h.getAttribute('aria-valuenow') === h.getAttribute('aria-valuemax')")
        handle.focus()
        page.keyboard.press("ArrowLeft" if at_end or step % 2 else "ArrowRight")
    else:
        control.fill(["1918-01-31", "1917-10-25", "1924-01-21"][step % 3])
        control.press("Enter")


def round_trips(page, nb: dict, changes: int = 3, timeout: float = 60) -> list[dict]:
    """Change every control of every widget ``changes`` times; per widget cell, per control, the seconds from the
    change to the new view, and the changes that showed nothing new within ``timeout`` seconds."""
    cells = _cells(page, len(nb["cells"]))
    results = []
    for index in widget_cells(nb):
        cell = cells.nth(index)
        cell.scroll_into_view_if_needed()
        controls = cell.locator(CONTROLS)
        found = {"cell": index, "controls": [], "missing": []}
        for c in range(controls.count()):
            control = controls.nth(c)
            label = _label(control)
            seconds = []
            for step in range(changes):
                before = cell.evaluate(SIGNATURE_JS)
                page.evaluate(MARK_INPUT_JS)
                _change(page, control, step)
                try:
                    handle = page.wait_for_function(
                        f"""([i, before]) => {{
                          const cell = document.querySelectorAll(
                            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')[i];
                          const now = ({SIGNATURE_JS})(cell);
                          const input = window.__courseInputAt;
                          return input !== null && now.sig !== before.sig && now.images >= before.images
                            ? performance.now() - input : false;
                        }}""",
                        arg=[index, before],
                        timeout=timeout * 1000,
                        polling="raf",
                    )
                    seconds.append(handle.json_value() / 1000)
                except Exception:  # noqa: BLE001 - a change that shows nothing new is what the report is for
                    found["missing"].append(f"{label} (change {step + 1})")
                page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=timeout * 1000)
            found["controls"].append({"control": label, "seconds": seconds})
        results.append(found)
    return results


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 of a list of durations (p95 by the inclusive method; the maximum for a short list)."""
    if not seconds:
        return float("nan"), float("nan")
    if len(seconds) < 2:
        return seconds[0], seconds[0]
    return statistics.median(seconds), statistics.quantiles(seconds, n=20, method="inclusive")[-1]


def measure(lesson: Path, changes: int = 3, browser=None) -> dict:
    """Open ``lesson`` in a fresh JupyterLab, look at it before running, run it all, time every widget's controls."""
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    with contextlib.ExitStack() as stack:
        if browser is None:
            from playwright.sync_api import sync_playwright

            pw = stack.enter_context(sync_playwright())
            browser = pw.chromium.launch(executable_path=chromium.executable(), args=chromium.FLAGS, headless=True)
            stack.callback(browser.close)
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="lab-latency-")))
        url, _ = stack.enter_context(jupyterlab(home, [lesson]))
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        stack.callback(page.close)
        open_lesson(page, url, lesson.name)
        looked = first_look(page, nb)
        ran = run_all(page, nb)
        errors = errors_shown(page)
        widgets = round_trips(page, nb, changes)
        errors += errors_shown(page)
    for widget in widgets:
        every = [s for c in widget["controls"] for s in c["seconds"]]
        widget["p50_s"], widget["p95_s"] = percentiles(every)
    return {"lesson": lesson.name, "first_look": looked, "run_all_s": ran, "errors": errors, "widgets": widgets}


def report(result: dict) -> str:
    lines = [
        f"{result['lesson']}: run all {result['run_all_s']:.1f} s; before running: "
        + ("clean" if not result["first_look"] else "; ".join(result["first_look"])),
        "| widget (cell) | controls | changes | p50 | p95 | no new view |",
        "|---|---|---|---|---|---|",
    ]
    for w in result["widgets"]:
        n = sum(len(c["seconds"]) for c in w["controls"])
        names = ", ".join(
            f"{c['control']} (p50 {percentiles(c['seconds'])[0] * 1000:.0f} ms)" for c in w["controls"]
        )
        lines.append(
            f"| cell {w['cell']} | {names} | {n} | {w['p50_s'] * 1000:.0f} ms | {w['p95_s'] * 1000:.0f} ms | "
            f"{len(w['missing'])} |"
        )
    if result["errors"]:
        lines.append("errors: " + "; ".join(result["errors"]))
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    lessons = [Path(a) for a in argv if not a.startswith("--")] or [ROOT / "notebooks" / "05-succession.ipynb"]
    changes = next((int(a.split("=")[1]) for a in argv if a.startswith("--changes=")), 5)
    for lesson in lessons:
        print(report(measure(lesson, changes)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
