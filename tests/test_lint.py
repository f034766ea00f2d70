"""ruff lints the package, the tests and the notebooks."""

import subprocess
import sys
from pathlib import Path


def test_ruff_finds_nothing(root):
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "src", "tests", "notebooks"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
