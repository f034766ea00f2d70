"""The course's JupyterLab defaults, installed into the environment (``make`` and Binder's ``postBuild`` run this).

``jupyterlab-overrides.json`` changes two of JupyterLab's defaults for every lesson opened in this environment:

- the widget manager saves the widgets' state with the notebook (``saveState``). Without it a lesson that a
  learner ran and saved reopens with "Error displaying widget: model not found" in place of every control,
  because the saved outputs name widgets whose state was never written;
- no news feed and no update check: JupyterLab would otherwise ask a learner whether to fetch news from the
  internet, and then fetch it.

They go into ``<JupyterLab's application directory>/settings/overrides.d/``, where JupyterLab reads defaults that
a learner's own settings still override. ``python -m tools.lab_settings`` installs them; ``--check`` says
whether the environment has them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools import ROOT

SOURCE = ROOT / "jupyterlab-overrides.json"
NAME = "lenins-government.json"


def app_dir() -> Path:
    from jupyterlab.commands import get_app_dir

    return Path(get_app_dir())


def target(directory: Path | None = None) -> Path:
    return (directory or app_dir()) / "settings" / "overrides.d" / NAME


def overrides() -> dict:
    return json.loads(SOURCE.read_text(encoding="utf-8"))


def install(directory: Path | None = None) -> Path:
    path = target(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(overrides(), indent=2) + "\n", encoding="utf-8")
    return path


def installed(directory: Path | None = None) -> dict | None:
    path = target(directory)
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def main(argv: list[str]) -> int:
    if "--check" in argv:
        if installed() == overrides():
            return 0
        print(f"{target()} is missing or differs from {SOURCE.name}: run `python -m tools.lab_settings`")
        return 1
    print(f"wrote {install()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
