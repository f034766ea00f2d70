"""ruff lints the package, the build programs, the book's extension, the tests and the notebooks."""

import subprocess
import sys
from pathlib import Path

LINTED = ["src", "tools", "tests", "notebooks", "app", "book/_ext"]  # the same list as `make lint`


def test_ruff_finds_nothing(root):
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", *LINTED], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
