"""The pinned environments: a runtime lock that Binder's environment.yml mirrors, and a development lock on top."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tools.binder import PYTHON_MINOR, environment_yml, pins

#: Test, build and lint tools: never in what Binder installs for every student.
DEV_ONLY = [
    "pytest",
    "playwright",
    "ruff",
    "coverage",
    "jupyter-book",
    "sphinx",
    "nbval",
    "frictionless",
    "myst-nb",
    "pip-tools",
]
#: What nothing a learner imports may pull in: the build programs and the test and build stack.
NOT_FOR_LEARNERS = ["tools", "pytest", "playwright", "nbclient", "nbconvert", "sphinx", "jupyter_book", "frictionless"]
#: Import names whose distribution is called differently.
DISTRIBUTION = {"IPython": "ipython", "yaml": "pyyaml"}


def runtime(root) -> dict[str, str]:
    return pins((root / "requirements.txt").read_text(encoding="utf-8"))


def dev(root) -> dict[str, str]:
    return pins((root / "requirements-dev.txt").read_text(encoding="utf-8"), "requirements-dev.txt")


def test_runtime_lock_has_what_a_learner_needs(root):
    lock = runtime(root)
    for direct in [
        "jupyterlab", "jupyterlab-myst", "ipykernel", "pandas", "numpy", "matplotlib", "ipywidgets", "ipython",
        "voila",
    ]:
        assert direct in lock, f"{direct} is missing from requirements.txt"


def test_runtime_lock_has_no_test_or_build_tools(root):
    lock = runtime(root)
    found = [name for name in DEV_ONLY if name in lock] + [n for n in lock if n.startswith(("sphinx", "pytest"))]
    assert not found, f"requirements.txt (Binder, every student) pins test or build tools: {sorted(set(found))}"


def test_development_lock_adds_the_test_build_and_lint_stack(root):
    lock = dev(root)
    for direct in ["nbval", "pytest", "jupyter-book", "frictionless", "nbconvert", "nbclient", "ruff", "playwright"]:
        assert direct in lock, f"{direct} is missing from requirements-dev.txt"
    assert lock["jupyter-book"].startswith("1."), "the course needs Jupyter Book 1 (_config.yml, _toc.yml)"


def test_development_lock_pins_the_runtime_at_the_same_versions(root):
    run, development = runtime(root), dev(root)
    missing = sorted(set(run) - set(development))
    assert not missing, f"requirements-dev.txt lacks runtime packages {missing}: run `make lock`"
    differ = {name: (v, development[name]) for name, v in run.items() if development[name] != v}
    assert not differ, f"runtime and development locks disagree (runtime, dev): {differ}; run `make lock`"


def test_in_files_are_one_source_of_truth(root):
    dev_in = (root / "requirements-dev.in").read_text(encoding="utf-8").splitlines()
    assert "-r requirements.in" in dev_in and "-c requirements.txt" in dev_in
    runtime_in = (root / "requirements.in").read_text(encoding="utf-8")
    for tool in DEV_ONLY:
        assert not re.search(rf"^{re.escape(tool)}\b", runtime_in, flags=re.MULTILINE | re.IGNORECASE), tool


def test_environment_yml_equals_the_runtime_lock(root):
    text = (root / "environment.yml").read_text(encoding="utf-8")
    assert text == environment_yml((root / "requirements.txt").read_text(encoding="utf-8")), "run `make lock`"
    env = yaml.safe_load(text)
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = dict(line.split("==") for line in pip_section)
    assert listed == runtime(root)
    assert not [name for name in DEV_ONLY if name in listed], "environment.yml installs test or build tools"
    assert f"python={PYTHON_MINOR}" in env["dependencies"]


def test_locks_have_no_machine_specific_lines(root):
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (root / name).read_text(encoding="utf-8").splitlines():
            assert not line.startswith(("--find-links", "--index-url", "--extra-index-url", "-f ")), (name, line)


def test_python_is_the_pinned_minor_version():
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == PYTHON_MINOR


def test_postbuild_is_executable_and_installs_the_package(root):
    post = root / "postBuild"
    assert os.access(post, os.X_OK)
    assert re.search(r"pip install .*-e \.", post.read_text(encoding="utf-8"))
    assert re.search(r"^python -m tools.lab_settings$", post.read_text(encoding="utf-8"), flags=re.MULTILINE)
    subprocess.run(["bash", "-n", str(post)], check=True)


def test_pins_refuses_an_unpinned_line():
    with pytest.raises(ValueError, match="requirements-dev.txt: 'pandas>=2' is not pinned"):
        pins("pandas>=2\n", "requirements-dev.txt")


def _third_party_imports(package_dir) -> dict[str, str]:
    """Top-level name of every import in the package that is neither the standard library nor the package -> file."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != package_dir.name and top != "__future__":
                    found.setdefault(top, str(path.relative_to(package_dir.parent)))
    return found


def _declared(root) -> set[str]:
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!~;\[ ]", dep, maxsplit=1)[0].lower() for dep in project["dependencies"]}


def test_pyproject_declares_every_third_party_import_of_the_package(root):
    declared = _declared(root)
    undeclared = {
        name: where
        for name, where in _third_party_imports(root / "src" / "leningov").items()
        if DISTRIBUTION.get(name, name).lower().replace("_", "-") not in declared
    }
    assert not undeclared, f"imported by the package but not in pyproject.toml's dependencies: {undeclared}"
    for name in declared:
        assert name in runtime(root), f"pyproject.toml depends on {name}, which the runtime lock does not pin"


def test_the_import_scan_sees_nested_and_from_imports(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "a.py").write_text(
        "import os\nfrom pkg import b\ndef f():\n    import yaml\n    from scipy.stats import t\n"
    )
    assert set(_third_party_imports(package)) == {"yaml", "scipy"}


def test_importing_the_library_pulls_in_no_build_or_test_tools(root):
    """Every module a learner can import, in a fresh interpreter: none of the tools or the test stack comes along."""
    script = f"""
import importlib, pkgutil, sys
import leningov
names = ["leningov"] + [m.name for m in pkgutil.walk_packages(leningov.__path__, "leningov.")]
for name in names:
    importlib.import_module(name)
loaded = sorted({{m.split(".")[0] for m in sys.modules}} & set({NOT_FOR_LEARNERS!r}))
print(len(names), ",".join(loaded))
"""
    env = {**os.environ, "PYTHONPATH": str(root / "src"), "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=root, capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    count, _, loaded = result.stdout.strip().splitlines()[-1].partition(" ")
    assert int(count) > 5, "the walk found the package's modules"
    assert loaded == "", f"importing leningov pulls in {loaded}"


# ------------------------------------------------------------------------------------------ JupyterLab's defaults
def _schema(plugin_id: str) -> dict:
    """The settings schema of a JupyterLab plugin ("package:plugin"), core or extension, in this environment."""
    from jupyter_core.paths import jupyter_path

    from tools import lab_settings

    package, plugin = plugin_id.split(":")
    places = [lab_settings.app_dir() / "schemas" / package / f"{plugin}.json"]
    places += [Path(d) / "labextensions" / package / "schemas" / package / f"{plugin}.json" for d in jupyter_path()]
    found = next((p for p in places if p.is_file()), None)
    assert found, f"{plugin_id}: no such JupyterLab plugin in this environment (looked in {places[0].parent})"
    return json.loads(found.read_text(encoding="utf-8"))


def test_jupyterlab_overrides_are_valid_settings_of_installed_plugins():
    """A misspelt plugin or setting would be ignored without a word: each must validate against its schema."""
    import jsonschema

    from tools import lab_settings

    settings = lab_settings.overrides()
    assert settings["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    for plugin_id, values in settings.items():
        schema = _schema(plugin_id)
        assert set(values) <= set(schema["properties"]), (plugin_id, sorted(schema["properties"]))
        jsonschema.validate(values, schema)


def test_the_environment_has_the_course_jupyterlab_defaults():
    from tools import lab_settings

    assert lab_settings.installed() == lab_settings.overrides(), (
        f"{lab_settings.target()} is missing or old: `make` installs it (python -m tools.lab_settings)"
    )


def test_lab_settings_install_where_jupyterlab_reads_defaults(tmp_path):
    from jupyterlab_server.settings_utils import _get_overrides

    from tools import lab_settings

    lab_settings.install(tmp_path)
    read, error = _get_overrides(str(tmp_path / "settings"))
    assert not error and read == lab_settings.overrides()
