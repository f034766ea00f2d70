"""``make bench``: how fast the course is, measured in one run so that the ratios hold on a noisy machine.

- each notebook's execution time in a real kernel, against a floor notebook (start the kernel, import the stack,
  load and validate every dataset);
- every widget of every lesson, driven in the same kernel as a learner would (each control through its values,
  twice), with the time of each change: the redraw and the PNG a browser would be sent. In the same kernel, a
  floor: one reference figure updated in place and encoded, so that each widget's ratio to it holds on a busy
  machine;
- the clean book build, and the time to load every dataset;
- what a student waits for in a real JupyterLab: each widget's round trip in three lessons (``BROWSER_LESSONS``), p50
  and p95, from the input event in the browser to the new figure drawn there (``tools/lab_latency.py``; needs
  Debian's chromium).

It prints each step as it runs, then a table, and writes ``_build/bench.json``. Goals are reported here, never
asserted in the tests. ``python -m tools.bench --no-book`` skips the book build, ``--no-browser`` the JupyterLab
round trips.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools import ROOT

GOALS = {"widget_p95_ms": 150.0, "widget_aim_ms": 100.0, "notebook_vs_floor": 2.0, "clean_build_s": 120.0,
         "browser_p95_ms": 150.0}
#: The lessons timed in a real JupyterLab: those whose widgets draw the most (lesson 03's timeline, lesson 06's
#: diplomacy figure) and lesson 05, whose JupyterLab browser test runs the same code in ``make test``.
BROWSER_LESSONS = ("03-terror-and-repression.ipynb", "05-succession.ipynb", "06-world-revolution-and-diplomacy.ipynb")
FLOOR_SOURCE = """
import matplotlib.pyplot as plt
import pandas as pd
import ipywidgets
import leningov
from leningov.data import DataPackage
tables = {name: DataPackage().load(name) for name in DataPackage().names}
"""
#: Run in each lesson's kernel after its last cell: drive every explorer, and time the floor figure in between.
DRIVER = """
import json as _json, time as _time
import numpy as _np
from leningov.figures import new_figure as _new_figure
from leningov.widgets import drive_all as _drive_all, live_png as _live_png

def _floor(n=30):
    fig, ax = _new_figure(8, 4.5, layout=None)
    line, = ax.plot(_np.arange(100), _np.zeros(100))
    ax.set_title("floor: one line updated in place"); ax.set_xlabel("x"); ax.set_ylabel("y"); ax.set_ylim(-1, 1)
    times = []
    for k in range(n):
        start = _time.perf_counter()
        line.set_ydata(_np.sin(_np.arange(100) / 10 + k))
        _live_png(fig)  # encoded as the explorers encode
        times.append(_time.perf_counter() - start)
    return times

_report = {"floor_s": _floor(), "passes": [_drive_all(limit=8) for _ in range(2)]}
print(_json.dumps(_report))
"""


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _client(nb: nbformat.NotebookNode, cwd: Path) -> NotebookClient:
    return NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(cwd)}})


def floor_notebook() -> float:
    best = float("inf")
    for _ in range(2):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
        start = time.perf_counter()
        _client(nb, ROOT / "notebooks").execute()
        best = min(best, time.perf_counter() - start)
    return best


def lesson(path: Path) -> dict:
    """Run one lesson, then drive its widgets in the same kernel; the time of the run excludes the driving."""
    nb = nbformat.read(path, as_version=4)
    client = _client(nb, path.parent)
    with client.setup_kernel():
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        driver = nbformat.v4.new_code_cell(DRIVER)
        nb.cells.append(driver)
        client.execute_cell(driver, len(nb.cells) - 1)
    text = "".join(o.get("text", "") for o in driver.outputs if o.output_type == "stream")
    measured = json.loads(text.strip().splitlines()[-1])
    floor = measured["floor_s"]
    widgets = {}
    for explorer in measured["passes"][0]:
        name = explorer["draw"] or explorer["kind"]
        if name in widgets:  # two widgets of a lesson may call their draw functions by one name
            name = f"{name} (widget {explorer['index'] + 1})"
        times = [
            t
            for one_pass in measured["passes"]
            for control in one_pass[explorer["index"]]["controls"].values()
            for t in control["seconds"]
        ]
        if not times:
            continue
        widgets[name] = {
            "n": len(times),
            "p50_ms": statistics.median(times) * 1000,
            "p95_ms": percentile(times, 0.95) * 1000,
            "p50_vs_floor": statistics.median(times) / statistics.median(floor),
        }
    return {"seconds": seconds, "floor_p50_ms": statistics.median(floor) * 1000, "widgets": widgets}


def book_build() -> float:
    with tempfile.TemporaryDirectory(prefix="bench-book-") as out:
        cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--builder", "html",
               "--path-output", out, "--keep-going"]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - start


def data_load_time(repeats: int = 5) -> float:
    from leningov.data import DataPackage

    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        pkg = DataPackage()
        for name in pkg.names:
            pkg.load(name)
        best = min(best, time.perf_counter() - start)
    return best


def browser_round_trips(lesson: str, changes: int = 5) -> dict | None:
    """A lesson's widgets in a real JupyterLab (tools/lab_latency.py); None without a Chromium to drive."""
    from tools import chromium, lab_latency

    try:
        chromium.executable()
    except FileNotFoundError as err:
        print(f"skipping the JupyterLab round trips: {err}", file=sys.stderr)
        return None
    return lab_latency.measure(ROOT / "notebooks" / lesson, changes=changes)


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
    }


def report(results: dict) -> str:
    def ok(good: bool) -> str:
        return "met" if good else "**missed**"

    floor = results["floor_notebook_s"]
    lines = [
        f"Machine: {results['machine']['cpus']} CPUs, {results['machine']['platform']}, "
        f"Python {results['machine']['python']}",
        "",
        "| measure | result | goal |",
        "|---|---|---|",
        f"| floor notebook (kernel, imports, every dataset) | {floor:.1f} s | |",
    ]
    for name, row in results["lessons"].items():
        ratio = row["seconds"] / floor
        lines.append(f"| {name}, run all | {row['seconds']:.1f} s ({ratio:.1f}× the floor) | "
                     f"≤ {GOALS['notebook_vs_floor']:.0f}× the floor: {ok(ratio <= GOALS['notebook_vs_floor'])} |")
    for name, row in results["lessons"].items():
        for widget, w in row["widgets"].items():
            lines.append(
                f"| {name[:2]} widget `{widget}` (n={w['n']}) | p50 {w['p50_ms']:.0f} ms, p95 {w['p95_ms']:.0f} ms "
                f"({w['p50_vs_floor']:.1f}× the floor of {row['floor_p50_ms']:.0f} ms) | "
                f"p95 ≤ {GOALS['widget_p95_ms']:.0f} ms: {ok(w['p95_ms'] <= GOALS['widget_p95_ms'])} |"
            )
    for browser in results.get("browser") or []:
        for widget in browser.get("widgets", []):
            names = ", ".join(c["control"] for c in widget["controls"])
            p95 = widget["p95_s"] * 1000
            lines.append(
                f"| JupyterLab round trip, {browser['lesson']} cell {widget['cell']} ({names}) | "
                f"p50 {widget['p50_s'] * 1000:.0f} ms, p95 {p95:.0f} ms | "
                f"p95 ≤ {GOALS['browser_p95_ms']:.0f} ms: {ok(p95 <= GOALS['browser_p95_ms'])} |"
            )
    if "book_clean_s" in results:
        book = results["book_clean_s"]
        lines.append(f"| book build, clean | {book:.0f} s | ≤ {GOALS['clean_build_s']:.0f} s: "
                     f"{ok(book <= GOALS['clean_build_s'])} |")
    lines.append(f"| load and validate every dataset | {results['data_load_s'] * 1000:.0f} ms | |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    results = {"machine": machine()}
    say("bench: loading every dataset ...")
    results["data_load_s"] = data_load_time()
    say("bench: floor notebook ...")
    results["floor_notebook_s"] = floor_notebook()
    results["lessons"] = {}
    for path in notebooks:
        say(f"bench: {path.name}: run all, then drive every widget ...")
        results["lessons"][path.name] = lesson(path)
        widgets = results["lessons"][path.name]["widgets"]
        worst = max((w["p95_ms"] for w in widgets.values()), default=0)
        say(f"       {results['lessons'][path.name]['seconds']:.1f} s; {len(widgets)} widget(s), worst p95 "
            f"{worst:.0f} ms")
    if "--no-browser" not in argv:
        results["browser"] = []
        for lesson_name in BROWSER_LESSONS:
            say(f"bench: {lesson_name} in a real JupyterLab: every control's round trip ...")
            measured = browser_round_trips(lesson_name)
            if measured is None:
                break
            results["browser"].append(measured)
    if "--no-book" not in argv:
        say("bench: clean book build ...")
        results["book_clean_s"] = book_build()
    results["total_s"] = time.perf_counter() - started
    target = ROOT / "_build" / "bench.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    print(f"\nwrote {target.relative_to(ROOT)} in {results['total_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
