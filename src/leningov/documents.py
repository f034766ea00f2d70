"""Whole primary documents (``documents.csv`` and the texts in ``data/documents/``), read beside the data.

Each document comes with its provenance: who issued it and when (both calendars before February 1918), where the
text was taken from, whose translation it is, its licence, and whether it is whole or an excerpt.
"""

from __future__ import annotations

from IPython.display import Markdown

from leningov import paths
from leningov.data import load
from leningov.dates import format_date
from leningov.sources import short_citation


def _row(document_id: str):
    documents = load("documents").set_index("document_id")
    if document_id not in documents.index:
        known = ", ".join(documents.index)
        raise KeyError(f"{document_id!r} is not a document_id in data/documents.csv; the documents are: {known}")
    return documents.loc[document_id]


def document_text(document_id: str, original: bool = False) -> str:
    """The text of a document: the English translation, or with ``original=True`` the text it was translated from."""
    row = _row(document_id)
    name = row["original_file"] if original else row["file"]
    if original and not isinstance(name, str):
        raise KeyError(f"{document_id}: the course keeps no original-language text of this document")
    return (paths.data_dir() / "documents" / name).read_text(encoding="utf-8")


def provenance(document_id: str) -> str:
    """One paragraph: what the document is, who issued it when, where the text comes from and under what licence."""
    row = _row(document_id)
    when = format_date(row["date"], row["date_precision"], row["date_os"], long=True)
    extent = "The whole text" if row["excerpt"] == "whole" else "An excerpt (omissions marked […])"
    return (
        f"**{row['title']}**, {row['author']}, {when}. {extent}; source: {short_citation(row['source_id'])}, "
        f"{row['locator']}. Translation: {row['translation']} Licence: {row['licence']}."
    )


def _below_a_lesson_section(line: str) -> str:
    """A heading of the document two levels down (its title an h3), so that it sits under the lesson's ``##``
    section in the page's outline instead of breaking it."""
    level = len(line) - len(line.lstrip("#"))
    if level and line[level:level + 1] == " ":
        return "#" * min(6, level + 2) + line[level:]
    return line


def show_document(document_id: str) -> Markdown:
    """Display a document in a notebook: its provenance, then its text as a block quote (its headings two levels
    down, below the lesson's section)."""
    lines = (_below_a_lesson_section(line) for line in document_text(document_id).splitlines())
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in lines)
    return Markdown(provenance(document_id) + "\n\n" + quoted)
