"""Reference pages made from the data: glossary, people, timeline and references."""

from __future__ import annotations

from pathlib import Path


def targets(root: Path) -> dict:
    return {}
