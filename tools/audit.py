"""``make audit``: the built website judged by outside tools, the way a class meets it.

- **Lighthouse** (the pinned npm package) on every page: performance, total blocking time, accessibility, best
  practices and console errors, driving Debian's Chromium with the course's flags (``tools.chromium``), offline
  (every host but this machine is unresolvable) and without throttling.
- **Page weight, every resource counted**, twice: what the page loads when it is opened (Lighthouse's total byte
  weight; the goal is at most 2.5 MB) and what it has loaded once read to its end (opened in the same Chromium and
  scrolled through, so that the figures loaded lazily and the widget manager fetched on demand are counted too);
  and how much of the page is embedded widget state.
- **The Nu HTML checker** (the pinned ``vnu-jar`` npm package, run with Java) on every page; an error inside the
  page's article comes from the course's own content, one outside it from the theme.

The site is served by a plain static server on localhost (no compression, no caching headers). Prints a table per
page, writes ``_build/audit.json`` (and Lighthouse's reports in ``_build/lighthouse/``) and exits with status 1 when
a page misses a goal. Total blocking time is measured on the machine as it is (no simulated throttling), so it rises
when the machine is busy: ``--runs 3`` reports the median of three runs, and ``--cpu-slowdown 4`` has Chromium run
each page's main thread four times slower, to see the margin a page keeps on a busy or slow machine. Usage::

    python -m tools.audit [--site _build/html] [--runs N] [--cpu-slowdown N] [PAGE ...]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from tools import ROOT, chromium
from tools.servers import serve, stop

GOALS = {
    "initial_bytes": 2_500_000,  # 2.5 MB: every resource the page loads when it is opened
    "performance": 0.95,
    "tbt_ms": 200.0,
    "accessibility": 1.0,
    "best_practices": 1.0,
}
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">(.*?)</script>', re.S)
#: Chromium resolves no host but this machine's: the audit proves the pages need no network.
OFFLINE = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"

#: Scroll to the end of the page one screen at a time, so that what loads on approach (lazy figures, the widget
#: JavaScript) is requested, then back to the top.
READ_THROUGH = """async () => {
  const pause = (ms) => new Promise((done) => setTimeout(done, ms));
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await pause(40);
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await pause(200);
  window.scrollTo(0, 0);
}"""


def pages(site: Path) -> list[str]:
    """Every HTML page of the built site (not the copied sources, static files or redirects), relative to it."""
    found = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        if re.search(r'<meta http-equiv="refresh"', path.read_text(encoding="utf-8")[:2000], re.I):
            continue  # a redirect (index.html): the page it sends to is audited
        found.append(rel)
    return found


def widget_state_bytes(html: str) -> int:
    """Bytes of embedded widget state in a page (the JSON the widget manager draws the controls from)."""
    return sum(len(m.encode("utf-8")) for m in WIDGET_STATE.findall(html))


class Traffic:
    """Every response a page received: its address, status and body size (``data:`` and ``blob:`` are not traffic)."""

    def __init__(self, page):
        self._requests = []
        page.on("requestfinished", lambda request: self._requests.append(request))
        page.on("requestfailed", lambda request: self._requests.append(request))

    def responses(self) -> list[dict]:
        out = []
        for request in self._requests:
            if request.url.startswith(("data:", "blob:")):
                continue
            response = request.response()
            size = request.sizes()["responseBodySize"] if response else 0
            out.append({"url": request.url, "status": response.status if response else None, "bytes": size})
        return out

    def weight(self) -> int:
        return sum(r["bytes"] for r in self.responses())

    def errors(self) -> list[str]:
        """Requests answered with an error status (a 404 for a missing favicon) or not answered at all."""
        return [
            f"{r['status'] or 'failed'}: {r['url']}" for r in self.responses() if not r["status"] or r["status"] >= 400
        ]


def read_to_the_end(page, settle_ms: int = 500, timeout_ms: int = 90_000) -> None:
    """Scroll an opened page to its end and back, and wait until all it loads on the way (figures, widgets) is in."""
    page.evaluate(READ_THROUGH)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    page.wait_for_timeout(settle_ms)
    page.wait_for_load_state("networkidle", timeout=timeout_ms)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def chromium_with_port() -> Iterator[int]:
    """Debian's Chromium, headless and offline, with a DevTools port for Lighthouse and Playwright to share."""
    port = _free_port()
    profile = tempfile.mkdtemp(prefix="audit-chromium-")
    command = [
        chromium.executable(),
        *chromium.FLAGS,
        "--headless=new",
        OFFLINE,
        f"--remote-debugging-port={port}",
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            raise RuntimeError(f"Chromium did not open its DevTools port {port} within 60 s")
        yield port
    finally:
        stop(proc)
        shutil.rmtree(profile, ignore_errors=True)


def lighthouse(url: str, port: int, report_path: Path, attempts: int = 2, cpu_slowdown: float = 1) -> dict:
    """One Lighthouse run (performance, accessibility, best practices) on ``url``: the report is kept at
    ``report_path`` (open it in Lighthouse's viewer for the details); returns the parts the table shows.

    ``cpu_slowdown`` above 1 has Chromium run the page's main thread that many times slower (the network is still
    not throttled): a stress check of the margin, standing in for a busy machine or a slow school laptop."""
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.unlink(missing_ok=True)
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        f"--port={port}",
        "--output=json",
        f"--output-path={report_path}",
        "--quiet",
        "--only-categories=performance,accessibility,best-practices",
        "--max-wait-for-load=90000",
    ]
    if cpu_slowdown > 1:
        command += [
            "--throttling-method=devtools",
            f"--throttling.cpuSlowdownMultiplier={cpu_slowdown:g}",
            "--throttling.requestLatencyMs=0",
            "--throttling.downloadThroughputKbps=0",
            "--throttling.uploadThroughputKbps=0",
        ]
    else:
        command.append("--throttling-method=provided")  # no simulated slow network or CPU: this machine as it is
    for attempt in range(attempts):
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        if result.returncode == 0 and report_path.exists():
            break
        if attempt == attempts - 1:
            raise RuntimeError(f"Lighthouse failed on {url}: {(result.stderr or result.stdout)[-2000:]}")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    audits = report["audits"]
    failing = {}
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.setdefault(category["id"], []).append(audit["id"])
    console = audits["errors-in-console"].get("details", {}).get("items", [])
    return {
        "performance": report["categories"]["performance"]["score"],
        "accessibility": report["categories"]["accessibility"]["score"],
        "best_practices": report["categories"]["best-practices"]["score"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "initial_bytes": audits["total-byte-weight"]["numericValue"],
        "console_errors": [f"{i.get('source', '')}: {i.get('description', '')[:160]}" for i in console],
        "failing_audits": failing,
    }


def nu_errors(site: Path, files: list[Path]) -> dict[str, dict[str, list[str]]]:
    """The Nu HTML checker's errors per file, split into ``ours`` (inside the page's article) and ``theme``."""
    if shutil.which("java") is None:
        raise FileNotFoundError(
            "Java is needed for the Nu HTML checker: `sudo apt-get install default-jre-headless` (Debian)"
        )
    result = subprocess.run(
        ["java", "-Xss8m", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    spans = {}
    for path in files:
        spans[path.resolve()] = _article_lines(path.read_text(encoding="utf-8"))
    out: dict[str, dict[str, list[str]]] = {}
    for message in messages:
        if message.get("type") != "error":
            continue
        path = Path(urlparse(message.get("url", "")).path).resolve()
        rel = path.relative_to(site.resolve()).as_posix()
        span = spans.get(path)
        line = message.get("lastLine", 0)
        if rel.startswith("_static/"):
            whose = "theme"
        elif span is None:  # a page without the theme's article: all of it is the build's own output
            whose = "ours"
        else:
            whose = "ours" if span[0] <= line <= span[1] else "theme"
        entry = out.setdefault(rel, {"ours": [], "theme": []})
        entry[whose].append(f"line {line}: {message['message']}")
    return out


def _article_lines(html: str) -> tuple[int, int] | None:
    start = html.find('<article class="bd-article"')
    if start < 0:
        return None
    end = html.find("</article>", start)
    return html.count("\n", 0, start) + 1, html.count("\n", 0, end if end >= 0 else len(html)) + 1


def median_run(url: str, port: int, report_path: Path, runs: int, cpu_slowdown: float = 1) -> dict:
    """Lighthouse ``runs`` times on ``url``; the run with the median performance score (its report is kept).

    Total blocking time is measured on this machine as it is, so it follows whatever else the machine is doing:
    more runs give steadier numbers on a busy machine."""
    results = []
    for n in range(runs):
        path = report_path if runs == 1 else report_path.with_name(f"{report_path.stem}.run{n + 1}.json")
        results.append((lighthouse(url, port, path, cpu_slowdown=cpu_slowdown), path))
    results.sort(key=lambda pair: (pair[0]["performance"], -pair[0]["tbt_ms"]))
    chosen, path = results[len(results) // 2]
    if runs > 1:
        shutil.copyfile(path, report_path)
        for _, other in results:
            other.unlink(missing_ok=True)
    chosen["runs"] = [{"performance": r["performance"], "tbt_ms": r["tbt_ms"]} for r, _ in results]
    return chosen


def audit(site: Path, reports: Path, only: list[str] | None = None, runs: int = 1, cpu_slowdown: float = 1) -> dict:
    for needed, how in ((LIGHTHOUSE, "npm ci"), (VNU, "npm ci")):
        if not needed.exists():
            raise FileNotFoundError(f"{needed.relative_to(ROOT)} is missing: run `{how}` (make audit does)")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    selected = only or pages(site)
    load_before = os.getloadavg()
    results = {rel: {} for rel in selected}
    started = time.perf_counter()
    with serve(site) as base, chromium_with_port() as port, sync_playwright() as pw:
        browser = pw.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
        for n, rel in enumerate(selected, 1):
            html = (site / rel).read_text(encoding="utf-8")
            row = results[rel]
            row["html_bytes"] = len(html.encode("utf-8"))
            row["widget_state_bytes"] = widget_state_bytes(html)
            context = browser.new_context()
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda msg, errors=errors: msg.type == "error" and errors.append(msg.text))
            page.on("pageerror", lambda err, errors=errors: errors.append(str(err)))
            traffic = Traffic(page)
            try:
                page.goto(f"{base}/{rel}", wait_until="load", timeout=90_000)
                read_to_the_end(page)
            except PlaywrightTimeout as exc:  # a page that never goes quiet is a finding, not the end of the audit
                errors.append(f"the page did not finish loading: {str(exc).splitlines()[0]}")
            row["weight_bytes"] = traffic.weight()
            row["read_errors"] = errors + traffic.errors()
            context.close()
            report = reports / (rel.replace("/", "--") + ".json")
            row.update(median_run(f"{base}/{rel}", port, report, runs, cpu_slowdown))
            print(
                f"[{n}/{len(selected)}] {rel}: {row['initial_bytes'] / 1e6:.2f} MB opened, "
                f"{row['weight_bytes'] / 1e6:.2f} MB read to the end, performance "
                f"{row['performance']:.2f}, TBT {row['tbt_ms']:.0f} ms ({time.perf_counter() - started:.0f} s)",
                flush=True,
            )
        browser.close()
    checked = [site / rel for rel in selected]
    if not only:
        checked += sorted((site / "_static").rglob("*.html")) + [site / "index.html"]
    nu = nu_errors(site, [p for p in checked if p.exists()])
    for rel, row in results.items():
        row["nu"] = nu.pop(rel, {"ours": [], "theme": []})
    return {
        "pages": results,
        "other_files": nu,
        "seconds": time.perf_counter() - started,
        "load_average": load_before + os.getloadavg(),
        "cpus": os.cpu_count(),
        "runs": runs,
        "cpu_slowdown": cpu_slowdown,
    }


def misses(row: dict) -> list[str]:
    """The goals a page misses, in words."""
    out = []
    if row["initial_bytes"] > GOALS["initial_bytes"]:
        out.append(f"weighs {row['initial_bytes'] / 1e6:.2f} MB when opened")
    if row["performance"] < GOALS["performance"]:
        out.append(f"performance {row['performance']:.2f}")
    if row["tbt_ms"] > GOALS["tbt_ms"]:
        out.append(f"blocks {row['tbt_ms']:.0f} ms")
    for key in ("accessibility", "best_practices"):
        if row[key] < GOALS[key]:
            failing = ", ".join(row["failing_audits"].get(key.replace("_", "-"), []))
            out.append(f"{key.replace('_', ' ')} {row[key]:.2f} ({failing})")
    errors = row["console_errors"] + row["read_errors"]
    if errors:
        out.append(f"{len(errors)} console errors: {'; '.join(errors)[:300]}")
    if row["nu"]["ours"]:
        out.append(f"{len(row['nu']['ours'])} Nu errors from our content, first: {row['nu']['ours'][0][:200]}")
    return out


def table(result: dict) -> str:
    head = (
        "| page | opened | read to the end | of which widget state | performance | TBT | accessibility "
        "| best practices | console errors | Nu errors (ours / theme) |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for rel, row in result["pages"].items():
        lines.append(
            f"| {rel} | {row['initial_bytes'] / 1e6:.2f} MB | {row['weight_bytes'] / 1e6:.2f} MB "
            f"| {row['widget_state_bytes'] / 1e6:.2f} MB "
            f"| {row['performance']:.2f} | {row['tbt_ms']:.0f} ms | {row['accessibility']:.2f} "
            f"| {row['best_practices']:.2f} | {len(row['console_errors']) + len(row['read_errors'])} "
            f"| {len(row['nu']['ours'])} / {len(row['nu']['theme'])} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="the built site")
    parser.add_argument("--json", type=Path, default=ROOT / "_build" / "audit.json", help="where to write results")
    parser.add_argument(
        "--runs", type=int, default=1, help="Lighthouse runs per page; the median is reported (steadier, slower)"
    )
    parser.add_argument(
        "--cpu-slowdown",
        type=float,
        default=1,
        help="run each page's main thread N times slower in Lighthouse (a stress check of the margin; default: none)",
    )
    parser.add_argument("pages", nargs="*", help="pages to audit, relative to the site (default: every page)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"No built site in {args.site}: run `make book` first", file=sys.stderr)
        return 2
    result = audit(args.site, args.json.parent / "lighthouse", args.pages or None, args.runs, args.cpu_slowdown)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print()
    print(table(result))
    for rel, found in result["other_files"].items():
        if found["ours"] or found["theme"]:
            print(f"{rel}: {len(found['ours'])} Nu errors from our build, {len(found['theme'])} from the theme")
    missed = {rel: misses(row) for rel, row in result["pages"].items()}
    missed = {rel: m for rel, m in missed.items() if m}
    other = sum(len(f["ours"]) for f in result["other_files"].values())
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    print(
        f"\n{len(result['pages'])} pages audited in {result['seconds']:.0f} s ({args.runs} Lighthouse run(s) a page"
        + (f", main thread slowed {args.cpu_slowdown:g}x" if args.cpu_slowdown > 1 else "")
        + "; "
        f"load average before and after: {load} on {result['cpus']} CPUs); results in {args.json}, "
        f"Lighthouse's reports in {args.json.parent / 'lighthouse'}"
    )
    for rel, what in missed.items():
        print(f"  {rel}: {'; '.join(what)}")
    if other:
        print(f"  {other} Nu errors from our build in files other than pages")
    if missed or other:
        print(
            "Goals missed: at most 2.5 MB when opened, performance >= 0.95, TBT <= 200 ms, accessibility and best "
            "practices 1.00, no console errors, no Nu errors from our content."
        )
        return 1
    print("Every goal met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
