"""What a stored lesson notebook must satisfy, as functions that list the problems of one notebook (a dict).

Strict about what matters: outputs from one clean top-to-bottom run, no errors or stderr, valid and unique cell ids,
the widget state the book embeds. Tolerant of the UI metadata JupyterLab writes when a notebook is opened, worked in
and saved (``tools.execute.UI_CELL_KEYS``), which ``make execute`` removes again.
"""

from __future__ import annotations

import copy
import re
import warnings

import nbformat

from tools.execute import (
    CELL_ID,
    CELL_KEYS,
    COLLAPSED,
    COLLAPSED_TAGS,
    KERNELSPEC,
    NOTEBOOK_KEYS,
    UI_CELL_KEYS,
    UI_LANGUAGE_INFO_KEYS,
)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
LANGUAGE_INFO_KEYS = {"name", "pygments_lexer", "version"}


def source(cell: dict) -> str:
    text = cell["source"]
    return text if isinstance(text, str) else "".join(text)


def clean_run_problems(nb: dict) -> list[str]:
    """Outputs come from one run, top to bottom, without errors or warnings."""
    problems = []
    counts = [c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code" and source(c).strip()]
    if counts != list(range(1, len(counts) + 1)):
        problems.append(f"execution counts are {counts}, not 1..{len(counts)}: run `make execute`")
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            if out["output_type"] == "error":
                problems.append(f"cell {i} holds an error: {out.get('ename')}")
            elif out["output_type"] == "stream" and out["name"] != "stdout":
                problems.append(f"cell {i} wrote to {out['name']}: {''.join(out['text'])[:300]}")
    return problems


def _ui_value_problem(key: str, value) -> str | None:
    """None when a UI metadata value is one JupyterLab writes; otherwise what is wrong with it."""
    if key == "collapsed" and isinstance(value, bool):
        return None
    if key == "scrolled" and (isinstance(value, bool) or value == "auto"):
        return None
    if key == "jupyter" and isinstance(value, dict) and set(value) <= {"source_hidden", "outputs_hidden"}:
        return None if all(isinstance(v, bool) for v in value.values()) else f"jupyter={value!r}"
    if key == "execution" and isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return None
    return f"{key}={value!r}"


def metadata_problems(nb: dict) -> list[str]:
    """The metadata `make execute` writes, plus only the harmless UI metadata JupyterLab adds on saving."""
    problems = []
    extra = set(nb["metadata"]) - NOTEBOOK_KEYS
    if extra:
        problems.append(f"notebook metadata carries {sorted(extra)}")
    if nb["metadata"].get("kernelspec") != KERNELSPEC:
        problems.append(f"kernelspec is {nb['metadata'].get('kernelspec')}, not {KERNELSPEC}")
    info = nb["metadata"].get("language_info", {})
    if info.get("name") != "python" or set(info) - LANGUAGE_INFO_KEYS - UI_LANGUAGE_INFO_KEYS:
        problems.append(f"language_info is {info}")
    for i, cell in enumerate(nb["cells"]):
        meta = cell.get("metadata", {})
        unknown = set(meta) - CELL_KEYS - UI_CELL_KEYS
        if unknown:
            problems.append(f"cell {i} carries metadata {sorted(unknown)}: run `make execute`")
        for key in set(meta) & UI_CELL_KEYS:
            wrong = _ui_value_problem(key, meta[key])
            if wrong:
                problems.append(f"cell {i} carries {wrong}, which JupyterLab does not write")
    return problems


def id_problems(nb: dict) -> list[str]:
    """Every cell has a valid id of its own, and the notebook is valid nbformat 4.5."""
    problems = []
    seen = set()
    for i, cell in enumerate(nb["cells"]):
        cell_id = cell.get("id")
        if not isinstance(cell_id, str) or not CELL_ID.fullmatch(cell_id):
            problems.append(f"cell {i} has the id {cell_id!r}: run `make execute` to give it one")
        elif cell_id in seen:
            problems.append(f"cell {i} repeats the id {cell_id!r}: run `make execute` to give it its own")
        seen.add(cell_id)
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        problems.append(f"nbformat {nb.get('nbformat')}.{nb.get('nbformat_minor')} has no cell ids: need 4.5")
    try:
        with warnings.catch_warnings():  # nbformat repairs (and warns about) a repeated id, reported above
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.from_dict(copy.deepcopy(nb)))
    except nbformat.ValidationError as err:
        problems.append(f"not valid nbformat: {err.message}")
    return problems


def widget_problems(nb: dict) -> list[str]:
    """Every widget a cell shows has its state embedded, so the book's page can draw it without a kernel.

    Running a widget cell in JupyterLab and saving gives the view a new model id but leaves the embedded state
    as it was: the book would then show nothing where the control should be.
    """
    state = nb["metadata"].get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    problems = []
    for i, cell in enumerate(nb["cells"]):
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view and view["model_id"] not in state:
                problems.append(f"cell {i} shows widget {view['model_id']} whose state is not embedded: `make execute`")
    return problems


def is_dropdown(text: str) -> bool:
    """The whole of ``text`` is one MyST block drawn closed: ``:::{dropdown}`` or an admonition of class dropdown."""
    lines = text.strip().splitlines()
    first = re.match(r"(:{3,})\{(dropdown|admonition)\}", lines[0]) if lines else None
    if not first or len(lines) < 3:
        return False
    fence = first.group(1)
    if lines[-1].strip() != fence or any(line.strip() == fence for line in lines[1:-1]):
        return False
    return first.group(2) == "dropdown" or bool(re.match(r":class:.*\bdropdown\b", lines[1]))


def collapse_problems(nb: dict) -> list[str]:
    """Solutions and instructor notes start closed, so that a learner tries before reading: a code cell tagged so is
    stored collapsed (``make execute`` writes it from the tags), a markdown one is one MyST dropdown."""
    problems = []
    for i, cell in enumerate(nb["cells"]):
        tags = COLLAPSED_TAGS & set(cell.get("metadata", {}).get("tags", []))
        if not tags:
            continue
        if cell["cell_type"] == "code" and cell["metadata"].get("jupyter") != COLLAPSED:
            problems.append(
                f"cell {i} (tagged {', '.join(sorted(tags))}) is not stored collapsed in JupyterLab: "
                "run `make execute`"
            )
        if cell["cell_type"] == "markdown" and not is_dropdown(source(cell)):
            problems.append(
                f"cell {i} (tagged {', '.join(sorted(tags))}) is not one MyST dropdown "
                "(:::{dropdown} ... ::: or an admonition with :class: dropdown), so it would stand open"
            )
    return problems


def problems(nb: dict) -> list[str]:
    return clean_run_problems(nb) + metadata_problems(nb) + id_problems(nb) + widget_problems(nb)


def as_saved_by_jupyterlab(nb: dict) -> dict:
    """A copy of ``nb`` with what the pinned JupyterLab 4 wrote when a lesson was opened, worked in and saved.

    Observed by driving it in Chromium (open, Ctrl+S; run the first cells in order; collapse an input and an output;
    enable output scrolling; with the recordTiming setting on): the kernel's language_info gains four keys, and
    cells gain ``jupyter.source_hidden``, ``collapsed`` with ``jupyter.outputs_hidden``, ``scrolled`` and
    ``execution`` timestamps. Outputs and execution counts of cells run in order were unchanged.
    """
    out = copy.deepcopy(nb)
    out["metadata"]["language_info"].update(
        {
            "codemirror_mode": {"name": "ipython", "version": 3},
            "file_extension": ".py",
            "mimetype": "text/x-python",
            "nbconvert_exporter": "python",
        }
    )
    code = [c for c in out["cells"] if c["cell_type"] == "code"]
    with_output = [c for c in code if c.get("outputs")]
    code[0]["metadata"]["jupyter"] = {"source_hidden": True}
    with_output[0]["metadata"].update({"collapsed": True, "jupyter": {"outputs_hidden": True}})
    with_output[-1]["metadata"]["scrolled"] = True
    for cell in code[:4]:
        cell["metadata"]["execution"] = {
            "iopub.execute_input": "2026-12-02T02:30:45.857785Z",
            "iopub.status.busy": "2026-12-02T02:30:45.856444Z",
            "iopub.status.idle": "2026-12-02T02:30:51.966791Z",
            "shell.execute_reply": "2026-12-02T02:30:51.959523Z",
            "shell.execute_reply.started": "2026-12-02T02:30:45.857726Z",
        }
    return out
