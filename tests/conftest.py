"""Shared fixtures: the course folder, one book build per test session, and the one browser the tests drive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> tuple[Path, str]:
    """Build the book once, strictly (-W -n), into a temporary folder: (html folder, build log)."""
    out = tmp_path_factory.mktemp("book")
    vendor = ROOT / "book" / "_vendor" / "widgets" / "embed.js"
    if not vendor.exists():
        subprocess.run(["make", str(vendor.relative_to(ROOT))], cwd=ROOT, check=True)
    result = subprocess.run(
        [
            str(BIN / "jupyter-book"),
            "build",
            ".",
            "--builder",
            "html",
            "--path-output",
            str(out),
            "--warningiserror",
            "--nitpick",
            "--keep-going",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"the book build failed:\n{log[-6000:]}"
    return out / "_build" / "html", log


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, with the course's one set of flags (tools/chromium.py)."""
    from playwright.sync_api import sync_playwright

    from tools import chromium

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium.executable(), args=chromium.FLAGS, headless=True)
        yield launched
        launched.close()
