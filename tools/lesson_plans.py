"""The seminar plans in book/instructor-plans.yml, the one source of every lesson's timing.

``make pages`` writes, from each lesson's plan, the timing paragraph of the lesson's instructor note (the
paragraph that starts ``**Timing``, in the one cell tagged ``instructor`` that has it) and the ``**Time:**`` of its
title cell; nothing else in the notebook changes. ``--check`` fails when a notebook's timing differs from its plan,
so the note, the title and the instructor guide cannot drift apart.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import nbformat
import yaml

PLANS = Path("book") / "instructor-plans.yml"
#: The lessons' markdown is wrapped at this width.
WIDTH = 118
#: A timing paragraph opens with this; it runs to the next blank line or the end of the admonition.
TIMING_START = re.compile(r"^\*\*Timings? \(")
#: The title cell's time: from ``**Time:**`` to the next bold label (``**Prerequisites:**``) or paragraph's end.
TIME_FIELD = re.compile(r"\*\*Time:\*\*.*?(?=\s+\*\*[A-Z][^*\n]*:\*\*|\n\n|\Z)", flags=re.DOTALL)
#: A duration written by hand, which would be a second source of the timings.
DURATION = re.compile(r"\b\d+\s*(?:min\b|minutes?\b)")


class PlanError(ValueError):
    """A plan, or a lesson's cells, that the timings cannot be written from; the message says where and why."""


def load_plans(root: Path) -> dict:
    """The plans file, with every lesson's plan checked: whole minutes that add up to the lesson's length."""
    path = root / PLANS
    plans = yaml.safe_load(path.read_text(encoding="utf-8"))
    seminar = plans.get("seminar_minutes")
    if not isinstance(seminar, int) or seminar <= 0:
        raise PlanError(f"{PLANS}: 'seminar_minutes' must be a whole number of minutes, not {seminar!r}")
    for stem, lesson in plans["lessons"].items():
        where = f"{PLANS}, lesson {stem}"
        steps = lesson.get("plan") or []
        if not steps:
            raise PlanError(f"{where}: 'plan' lists no steps")
        for number, step in enumerate(steps, start=1):
            minutes = step.get("minutes")
            if not isinstance(minutes, int) or minutes <= 0:
                raise PlanError(f"{where}, step {number}: 'minutes' must be a positive whole number, not {minutes!r}")
            if not str(step.get("activity", "")).strip():
                raise PlanError(f"{where}, step {number}: 'activity' is empty")
        length = lesson.get("minutes", seminar)
        total = sum(step["minutes"] for step in steps)
        if total != length:
            raise PlanError(f"{where}: the steps add up to {total} minutes, but the lesson is planned for {length}")
        if length > seminar:
            raise PlanError(f"{where}: {length} minutes do not fit a seminar of {seminar}")
    return plans


def minutes(plan: dict) -> int:
    """How long a lesson's plan takes in class."""
    return sum(step["minutes"] for step in plan["plan"])


def timing_paragraph(plan: dict) -> str:
    """The instructor note's timing paragraph: the plan's steps, and what is set at home."""
    items = [f"- **{step['minutes']} min.** {step['activity'].strip()}" for step in plan["plan"]]
    if plan.get("at_home"):
        items.append(f"- **At home.** {plan['at_home'].strip()}")
    lines = [f"**Timing ({minutes(plan)} minutes), as in the instructor guide:**"]
    lines += [textwrap.fill(item, width=WIDTH, subsequent_indent="  ", break_on_hyphens=False) for item in items]
    return "\n".join(lines)


def time_field(plan: dict) -> str:
    """The title cell's ``**Time:**``."""
    return f"**Time:** about {minutes(plan)} minutes."


def _with_timing(note: str, paragraph: str) -> str:
    lines = note.split("\n")
    start = next(i for i, line in enumerate(lines) if TIMING_START.match(line))
    end = start + 1
    while end < len(lines) and lines[end].strip() and not lines[end].startswith(":::"):
        end += 1
    return "\n".join(lines[:start] + paragraph.split("\n") + lines[end:])


def with_plan(nb: nbformat.NotebookNode, plan: dict, name: str) -> nbformat.NotebookNode:
    """The notebook with its title's time and its instructor note's timing paragraph written from its plan."""
    notes = [
        cell
        for cell in nb.cells
        if "instructor" in cell.metadata.get("tags", [])
        and any(TIMING_START.match(line) for line in cell.source.split("\n"))
    ]
    if len(notes) != 1:
        raise PlanError(
            f"{name}: expected one cell tagged 'instructor' with a timing paragraph (a line starting "
            f"'**Timing ('), found {len(notes)}"
        )
    for cell in nb.cells:
        if "instructor" in cell.metadata.get("tags", []):
            text = cell.source if cell is not notes[0] else _with_timing(cell.source, "")
            stray = DURATION.search(text)
            if stray:
                raise PlanError(
                    f"{name}: the instructor cell {cell.get('id')} gives a time ({stray.group(0)!r}) outside its "
                    f"timing paragraph; timings come from {PLANS} only"
                )
    title = nb.cells[0]
    if len(TIME_FIELD.findall(title.source)) != 1:
        raise PlanError(f"{name}: the title cell (cell 0) must state the time once, as '**Time:** ...'")
    title.source = TIME_FIELD.sub(lambda _: time_field(plan), title.source)
    notes[0].source = _with_timing(notes[0].source, timing_paragraph(plan))
    return nb


def differences(current: str, planned: str) -> list[str]:
    """What a stored notebook states differently from its plan, in words."""
    old, new = nbformat.reads(current, as_version=4), nbformat.reads(planned, as_version=4)
    found = []
    for before, after in zip(old.cells, new.cells, strict=True):
        if before.source == after.source:
            continue
        if "instructor" in before.metadata.get("tags", []):
            steps = "/".join(re.findall(r"^- \*\*(\d+) min\.\*\*", after.source, flags=re.MULTILINE))
            found.append(
                f"the instructor note (cell {before.get('id')}) gives other timings than the plan ({steps} minutes)"
            )
        else:
            stated, planned_time = (" ".join(TIME_FIELD.search(c.source)[0].split()) for c in (before, after))
            found.append(f"the title says {stated!r}, the plan gives {planned_time!r}")
    return found


def targets(root: Path) -> dict[Path, Callable[[object], str]]:
    """Every lesson with a plan, and the function that writes its timings from the plan."""
    if not (root / PLANS).exists():
        return {}
    plans = load_plans(root)["lessons"]
    found = {}
    for stem, plan in plans.items():
        path = root / "notebooks" / f"{stem}.ipynb"
        if not path.exists():
            raise PlanError(f"{PLANS}: lesson {stem} has a plan but no notebook {path.relative_to(root)}")

        def write(_package, path=path, plan=plan) -> str:
            nb = nbformat.read(path, as_version=4)
            return nbformat.writes(with_plan(nb, plan, str(path.relative_to(root)))) + "\n"

        found[path] = write
    return found
