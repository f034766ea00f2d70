"""The pinned environment: one lock, mirrored exactly by Binder's environment.yml."""

import os
import re
import subprocess

import yaml

from leningov.binder import PYTHON_MINOR, environment_yml, pins


def test_requirements_pins_every_package(root):
    lock = pins((root / "requirements.txt").read_text())
    for direct in [
        "jupyterlab",
        "pandas",
        "matplotlib",
        "ipywidgets",
        "nbval",
        "pytest",
        "jupyter-book",
        "frictionless",
    ]:
        assert direct in lock, f"{direct} is missing from the lock"
    assert lock["jupyter-book"].startswith("1."), "the course needs Jupyter Book 1 (_config.yml, _toc.yml)"


def test_environment_yml_equals_the_lock(root):
    text = (root / "environment.yml").read_text()
    assert text == environment_yml((root / "requirements.txt").read_text()), "run `make lock` to regenerate it"
    env = yaml.safe_load(text)
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = dict(line.split("==") for line in pip_section)
    assert listed == pins((root / "requirements.txt").read_text())
    assert f"python={PYTHON_MINOR}" in env["dependencies"]


def test_lock_has_no_machine_specific_lines(root):
    for line in (root / "requirements.txt").read_text().splitlines():
        assert not line.startswith(("--find-links", "--index-url", "--extra-index-url", "-f ")), line


def test_python_is_the_pinned_minor_version():
    import sys

    assert f"{sys.version_info.major}.{sys.version_info.minor}" == PYTHON_MINOR


def test_postbuild_is_executable_and_installs_the_package(root):
    post = root / "postBuild"
    assert os.access(post, os.X_OK)
    assert re.search(r"pip install .*-e \.", post.read_text())
    subprocess.run(["bash", "-n", str(post)], check=True)


def test_pins_refuses_an_unpinned_line():
    import pytest

    with pytest.raises(ValueError, match="not pinned"):
        pins("pandas>=2\n")
