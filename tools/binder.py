"""The Binder environment (``environment.yml`` for repo2docker), generated from the runtime lock.

Binder installs what a learner's kernel and JupyterLab need, at the versions ``make`` installs: ``make lock``
rewrites this file from ``requirements.txt`` (never from the development lock) and a test keeps them equal.
"""

from __future__ import annotations

import re
import sys

from tools import ROOT

PYTHON_MINOR = "3.11"
HEADER = (
    "# Binder (repo2docker) environment, generated from requirements.txt (the runtime lock) by `make lock`:\n"
    "# do not edit by hand. Tests, the book build and lint are in requirements-dev.txt and are not installed here.\n"
    "# postBuild installs the course's helper package (leningov) in editable mode.\n"
)


def pins(requirements_text: str, name: str = "requirements.txt") -> dict[str, str]:
    """Package name (normalised) -> pinned version, from a pip-compile lock (``name`` is for the error message)."""
    found = {}
    for line in requirements_text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if not match:
            raise ValueError(f"{name}: {line!r} is not pinned as name==version")
        found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def environment_yml(requirements_text: str) -> str:
    lines = [
        HEADER + "name: lenins-government",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON_MINOR}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f"      - {name}=={version}" for name, version in sorted(pins(requirements_text).items())]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    root = ROOT
    text = environment_yml((root / "requirements.txt").read_text(encoding="utf-8"))
    target = root / "environment.yml"
    if "--write" in argv:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(root)}")
        return 0
    return 0 if target.read_text(encoding="utf-8") == text else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
