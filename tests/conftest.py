"""Shared fixtures: the course folder, one book build and one headless Chromium per test session."""

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
    vendor = ROOT / "book" / "_vendor" / "widgets" / "embed-amd.js"
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
    """Debian's Chromium, driven by Playwright, shared by every browser test."""
    from browser import CHROMIUM_ARGS, chromium_path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
