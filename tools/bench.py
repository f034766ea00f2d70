"""``make bench``: how fast the course is, measured in one run so that the ratios hold on a noisy machine.

- each notebook's execution time against a floor notebook (start the kernel, import the stack, load every dataset);
- each widget callback's latency, p50 and p95 over at least 50 interactions, figure redraw included;
- clean and incremental book build times; the time to load every dataset;
- what a student waits for in a real JupyterLab: each widget's round trip in lesson 05, p50 and p95, from the change
  in the browser to the new figure drawn there (``tools/lab_latency.py``; needs Debian's chromium).

Prints a table and writes ``_build/bench.json``. Goals are reported, never asserted in the test suite.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tools import ROOT

GOALS = {"callback_p95_ms": 100.0, "notebook_vs_floor": 2.0, "clean_build_s": 120.0, "browser_p95_ms": 150.0}
BROWSER_LESSON = "05-succession.ipynb"
FLOOR_SOURCE = """
import matplotlib.pyplot as plt
import pandas as pd
import ipywidgets
import leningov
from leningov.data import DataPackage
tables = {name: DataPackage().load(name) for name in DataPackage().names}
"""


def _run_notebook(nb: nbformat.NotebookNode, cwd: Path) -> float:
    start = time.perf_counter()
    NotebookClient(nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return time.perf_counter() - start


def notebook_times(notebooks: list[Path]) -> dict:
    floor_nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    floor = min(_run_notebook(floor_nb, notebooks[0].parent) for _ in range(2))
    out = {"floor_s": floor, "notebooks": {}}
    for path in notebooks:
        seconds = _run_notebook(nbformat.read(path, as_version=4), path.parent)
        out["notebooks"][path.name] = {"seconds": seconds, "vs_floor": seconds / floor}
    return out


def callback_latencies(interactions: int = 60) -> dict:
    """Drive every lesson widget like a learner: change one control at a time, round robin, and time the redraw.

    Values are read from each control when it is changed, because some controls' options follow others (the base
    years on offer depend on the chosen indicator).
    """
    from leningov import lessons
    from leningov.widgets import sample_values

    results = {}
    for name, factory in lessons.explorers().items():
        explorer = factory()
        controls = [c for c in explorer.controls.values() if len(sample_values(c)) > 1]
        if not controls:
            continue
        timings = []
        step = 0
        while len(timings) < interactions and step < interactions * 4:
            control = controls[step % len(controls)]
            values = [v for v in sample_values(control) if v != control.value]
            step += 1
            if not values:
                continue
            value = values[(step // len(controls)) % len(values)]
            start = time.perf_counter()
            control.value = value  # the observer redraws the figure, as in a notebook
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        results[name] = {
            "n": len(timings),
            "p50_ms": statistics.median(timings),
            "p95_ms": timings[int(0.95 * (len(timings) - 1))],
        }
    return results


def book_build_times(root: Path) -> dict:
    out_dir = Path(tempfile.mkdtemp(prefix="bench-book-"))
    cmd = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(root),
        "--builder",
        "html",
        "--path-output",
        str(out_dir),
        "--keep-going",
    ]
    try:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        clean = time.perf_counter() - start
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        incremental = time.perf_counter() - start
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)
    return {"clean_s": clean, "incremental_s": incremental}


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


def browser_round_trips(root: Path, changes: int = 5) -> dict | None:
    """The lesson's widgets in a real JupyterLab (tools/lab_latency.py); None without a Chromium to drive."""
    from tools import chromium, lab_latency

    try:
        chromium.executable()
    except FileNotFoundError as err:
        print(f"skipping the JupyterLab round trips: {err}", file=sys.stderr)
        return None
    return lab_latency.measure(root / "notebooks" / BROWSER_LESSON, changes=changes)


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
    }


def report(results: dict) -> str:
    ok = lambda good: "meets goal" if good else "MISSES GOAL"  # noqa: E731
    lines = [
        f"Machine: {results['machine']['cpus']} CPUs, {results['machine']['platform']}, "
        f"Python {results['machine']['python']}",
        "",
        "| measure | value | goal |",
        "|---|---|---|",
    ]
    nb = results["notebooks"]
    lines.append(f"| floor notebook (kernel, imports, all data) | {nb['floor_s']:.1f} s | |")
    for name, row in nb["notebooks"].items():
        lines.append(
            f"| {name} | {row['seconds']:.1f} s ({row['vs_floor']:.2f}× floor) | "
            f"≤ {GOALS['notebook_vs_floor']:.0f}× floor: {ok(row['vs_floor'] <= GOALS['notebook_vs_floor'])} |"
        )
    for name, row in results["callbacks"].items():
        lines.append(
            f"| widget `{name}` (n={row['n']}) | p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms | "
            f"p95 ≤ {GOALS['callback_p95_ms']:.0f} ms: {ok(row['p95_ms'] <= GOALS['callback_p95_ms'])} |"
        )
    browser = results.get("browser")
    for widget in (browser or {}).get("widgets", []):
        names = ", ".join(c["control"] for c in widget["controls"])
        p95 = widget["p95_s"] * 1000
        lines.append(
            f"| JupyterLab round trip, {browser['lesson']} cell {widget['cell']} ({names}) | "
            f"p50 {widget['p50_s'] * 1000:.0f} ms, p95 {p95:.0f} ms | "
            f"p95 ≤ {GOALS['browser_p95_ms']:.0f} ms: {ok(p95 <= GOALS['browser_p95_ms'])} |"
        )
    book = results["book"]
    lines.append(
        f"| book build, clean | {book['clean_s']:.0f} s | ≤ {GOALS['clean_build_s']:.0f} s: "
        f"{ok(book['clean_s'] <= GOALS['clean_build_s'])} |"
    )
    lines.append(f"| book build, incremental | {book['incremental_s']:.0f} s | |")
    lines.append(f"| load every dataset (validated) | {results['data_load_s'] * 1000:.0f} ms | |")
    return "\n".join(lines)


def main() -> int:
    root = ROOT
    notebooks = sorted((root / "notebooks").glob("*.ipynb"))
    results = {
        "machine": machine(),
        "data_load_s": data_load_time(),
        "callbacks": callback_latencies(),
        "notebooks": notebook_times(notebooks),
        "book": book_build_times(root),
        "browser": browser_round_trips(root),
    }
    target = root / "_build" / "bench.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report(results))
    print(f"\nwrote {target.relative_to(root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
