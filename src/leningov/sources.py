"""Naming sources: one short citation for every legend, table and source line in the course.

Like Our World in Data, every chart says where its numbers come from: ``add_source_line`` writes under a figure
the short citations of the rows it plots. The full citation of a work is its row in ``sources.csv``.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from leningov.data import load

SEED = "seed"


def _surname(author: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", author).split(",")[0].strip()


def _shorten(text: str, width: int) -> str:
    return textwrap.shorten(text, width=width, placeholder="…")


@functools.cache
def _citations() -> dict[str, str]:
    out = {}
    for row in load("sources").itertuples(index=False):
        publisher = "" if pd.isna(row.publisher) else str(row.publisher)
        if row.source_id == SEED:
            out[row.source_id] = "Seed article"
        elif row.kind == "encyclopedia" and "Wikipedia" in publisher:
            out[row.source_id] = f"{publisher.split(',')[0]}, “{row.title}”"
        elif row.kind == "encyclopedia" and "Encyclop" in str(row.title):
            out[row.source_id] = re.split(r",| \(", str(row.title))[0]
        elif row.kind == "encyclopedia":
            out[row.source_id] = f"{publisher or row.author}, “{_shorten(str(row.title), 40)}”"
        elif row.kind == "primary" and re.search(r"Collected Works|Complete Works|sobranie sochinenii", str(row.title)):
            # the edition's year would read as if the author wrote then: "Lenin, Collected Works"
            out[row.source_id] = f"{_surname(str(row.author))}, {re.split(r' [(]|,', str(row.title))[0]}"
        else:
            names = [_surname(part) for part in str(row.author).split(";")]
            who = " and ".join(names) if len(names) <= 2 else f"{names[0]} et al."
            out[row.source_id] = f"{who} {row.year}"
    # two works of one author and year become "Smele 2015a" and "Smele 2015b", in the order of sources.csv
    by_label: dict[str, list[str]] = {}
    for source_id, label in out.items():
        by_label.setdefault(label, []).append(source_id)
    for label, ids in by_label.items():
        if len(ids) > 1 and label[-4:].isdigit():
            for letter, source_id in zip("abcdefghij", ids, strict=False):
                out[source_id] = f"{label}{letter}"
    return out


def short_citation(source_id: str) -> str:
    """'Radkey 1989', 'Harrison and Markevich 2012', 'Wikipedia, “Red Terror”', 'Lenin, Collected Works' or
    'Seed article' for a source id: surname(s) and year for a work, the article for an encyclopedia."""
    try:
        return _citations()[source_id]
    except KeyError:
        raise KeyError(f"{source_id!r} is not a source_id in data/sources.csv") from None


def source_line(source_ids: Iterable[str], limit: int = 6) -> str:
    """'Sources: Radkey 1950; Radkey 1989.' for the distinct ids given, in order of first appearance.

    When more than ``limit`` works are cited, the line names how many and the two that give the most rows, and
    points to the rows' source column for the rest, so that a line under a figure stays one or two lines long.
    """
    ids = [s for s in source_ids if isinstance(s, str)]
    distinct = list(dict.fromkeys(ids))
    if not distinct:
        return "Source: none given."
    if len(distinct) <= limit:
        label = "Source" if len(distinct) == 1 else "Sources"
        return f"{label}: " + "; ".join(short_citation(s) for s in distinct) + "."
    most = ", ".join(
        f"{short_citation(s)} ({n} {'row' if n == 1 else 'rows'})" for s, n in Counter(ids).most_common(2)
    )
    return f"Sources: {len(distinct)} works, named in the source column of the rows; most rows from {most}."


def add_source_line(fig, source_ids: Iterable[str], limit: int = 6):
    """Write the source line at the foot of a figure, wrapped to the figure's width, and return the figure.

    The line is the figure's ``supxlabel``, so that a constrained layout makes room for it, and it is wrapped
    here rather than by matplotlib (``wrap=True``), whose word-by-word measuring made a widget's redraw slower.
    """
    width = max(40, int(fig.get_figwidth() * 15))  # characters of 8-point text per line
    text = textwrap.fill(source_line(source_ids, limit), width=width)
    # no y: matplotlib then places the line itself, and a constrained layout makes room for it under the axes
    fig.supxlabel(text, x=0.01, ha="left", va="bottom", fontsize=8, color="#555555")
    return fig
