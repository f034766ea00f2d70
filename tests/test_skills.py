"""The programming ramp (book/skills.yml): each idea is introduced by one lesson, explained there before its first
use, and used by no earlier lesson."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
IDEAS = yaml.safe_load((ROOT / "book" / "skills.yml").read_text(encoding="utf-8"))["ideas"]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def lesson_of(path: Path) -> str:
    return path.name[:2]


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def test_every_idea_is_complete_and_once():
    lessons = {lesson_of(p) for p in NOTEBOOKS}
    ids = [idea["id"] for idea in IDEAS]
    assert len(ids) == len(set(ids)), "an idea is listed twice"
    for idea in IDEAS:
        assert idea["lesson"] in lessons, idea["id"]
        assert idea["kind"] in {"pandas", "matplotlib", "python", "course"}, idea["id"]
        assert 1 <= idea["explanation"].count(". ") + 1 <= 4, f"{idea['id']}: explain in one to three sentences"
        re.compile(idea["pattern"])
    order = [idea["lesson"] for idea in IDEAS]
    assert order == sorted(order), "skills.yml lists the ideas in the order the lessons introduce them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_lesson_uses_an_idea_before_it_is_taught(path):
    code = "\n".join(code_cells(path))
    early = [
        f"{idea['id']} (taught in lesson {idea['lesson']})"
        for idea in IDEAS
        if idea["lesson"] > lesson_of(path) and re.search(idea["pattern"], code)
    ]
    assert not early, f"{path.name} uses ideas a later lesson introduces: {', '.join(early)}"


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("idea", IDEAS, ids=lambda i: i["id"])
def test_each_idea_is_explained_before_its_first_use(idea):
    path = next(p for p in NOTEBOOKS if lesson_of(p) == idea["lesson"])
    prose = []
    for cell in cells(path):
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            prose.append(text)
        elif re.search(idea["pattern"], text):
            assert idea["term"].lower() in "\n".join(prose).lower(), (
                f"{path.name}: {idea['id']} is first used before the lesson's prose names {idea['term']!r}"
            )
            return
    pytest.fail(f"{path.name} is meant to introduce {idea['id']} but its code never uses it")


def test_the_ramp_catches_an_idea_used_too_early(tmp_path):
    groupby = next(i for i in IDEAS if i["id"] == "groupby")
    early = tmp_path / f"{int(groupby['lesson']) - 1:02d}-early.ipynb"
    early.write_text(json.dumps({"cells": [{"cell_type": "code", "source": ["df.groupby('x').size()"]}]}))
    assert re.search(groupby["pattern"], "\n".join(code_cells(early)))
