"""Primary voices: quotations from ``quotations.csv`` shown as cited block quotes.

A lesson never types a quotation: it shows it by id, so the words and their source come from the data. Only words
checked against a full text (``wording`` = ``verbatim``) are shown in quotation marks; a ``paraphrase`` is shown as
the course's summary, never as words spoken.
"""

from __future__ import annotations

from IPython.display import Markdown

from leningov.data import load
from leningov.dates import format_date
from leningov.sources import short_citation


def quote_markdown(quote_id: str) -> str:
    """The quotation as a Markdown block quote, with who, when, the source and where the words were checked."""
    quotes = load("quotations").set_index("quote_id")
    if quote_id not in quotes.index:
        raise KeyError(f"{quote_id!r} is not a quote_id in data/quotations.csv")
    row = quotes.loc[quote_id]
    people = load("people").set_index("person_id")
    who = people.loc[row["person_id"], "name"] if isinstance(row["person_id"], str) else None
    when = format_date(row["date"], row["date_precision"], row.get("date_os"), long=True)
    attribution = ", ".join(part for part in [who, when] if part)
    cite = short_citation(row["source_id"])
    about = f"{attribution}; " if attribution else ""
    about += f"{str(row['context']).rstrip('.')} ({cite})."
    if row["wording"] == "paraphrase":
        return "\n".join([f"> {row['text']}", ">", f"> — *The course's summary, not the words spoken:* {about}"])
    translated = " Translated by the course from the original." if row["translation"] == "own" else ""
    return "\n".join([f"> “{row['text']}”", ">", f"> — {about}{translated}"])


def show_quote(quote_id: str) -> Markdown:
    """Display a quotation in a notebook."""
    return Markdown(quote_markdown(quote_id))
