"""Debian's Chromium, the one browser the course drives: it prints the worksheet PDFs and runs the browser tests.

The flags live here once, for the PDF printer (``tools.printing``) and for Playwright in the tests alike: no
sandbox (containers, CI), no GPU, and nothing that phones home, so every run works offline.
"""

from __future__ import annotations

import shutil

#: Flags for every headless Chromium the course starts (Playwright adds ``--headless`` itself).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def executable() -> str:
    """The path of Debian's chromium (or a Chrome), with a clear message when there is none."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise FileNotFoundError(
        "Debian's chromium package is needed to print worksheet PDFs and for the browser tests: run "
        "`make system-deps` (or `sudo apt-get install chromium`)"
    )
