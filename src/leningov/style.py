"""One look for every figure, and a source line under each one.

Like Our World in Data, every chart says where its numbers come from: ``add_source_line`` writes the short
citations of the rows plotted under the figure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import matplotlib as mpl
from matplotlib.figure import Figure

from leningov.data import load

#: Colours that keep one meaning across lessons (colour-blind-safe, after Okabe and Ito).
THEME_COLOURS = {
    "power": "#0072B2",
    "economy": "#E69F00",
    "terror": "#000000",
    "civil_war": "#D55E00",
    "foreign_policy": "#009E73",
    "succession": "#CC79A7",
    "society": "#56B4E9",
}
BLOC_COLOURS = {
    "socialist": "#D55E00",
    "liberal": "#0072B2",
    "national": "#009E73",
    "conservative": "#555555",
    "other": "#BBBBBB",
}
SEQUENCE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

RC = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10.5,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": mpl.cycler(color=SEQUENCE),
    "legend.frameon": False,
    "svg.hashsalt": "leningov",
    "figure.max_open_warning": 0,
}


def use_course_style() -> None:
    """Apply the course's plot settings (call once, in the setup cell).

    In a notebook it also makes every figure carry alt text (its titles and axis labels), which ``make execute``
    hands to the book so that images are described to screen-reader users.
    """
    mpl.rcParams.update(RC)
    _register_alt_text()


def figure_alt_text(fig: Figure) -> str:
    """A description of a figure from its titles and axis labels."""
    parts = []
    if getattr(fig, "_suptitle", None) is not None and fig._suptitle.get_text():
        parts.append(fig._suptitle.get_text())
    for ax in fig.axes:
        title = next((ax.get_title(loc) for loc in ("left", "center", "right") if ax.get_title(loc)), "")
        labels = [
            f"{axis}: {label}"
            for axis, label in (("horizontal axis", ax.get_xlabel()), ("vertical axis", ax.get_ylabel()))
            if label
        ]
        if title or labels:
            parts.append(title + (f" ({'; '.join(labels)})" if labels else ""))
    return "Figure: " + ". ".join(p for p in parts if p) if parts else "Figure without a title"


def _register_alt_text() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is part of the pinned environment
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib.pyplot  # noqa: F401  (lets the inline backend register its formatters first)
    from IPython.core.pylabtools import print_figure

    def png_with_alt(fig):
        return print_figure(fig, "png", bbox_inches="tight"), {"alt": figure_alt_text(fig)}

    shell.display_formatter.formatters["image/png"].for_type(Figure, png_with_alt)


def new_figure(width: float = 8.0, height: float = 4.5, **subplots) -> tuple[Figure, object]:
    """A figure that pyplot does not track, so a function can return it without it being shown twice."""
    use_course_style()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    axes = fig.subplots(**subplots)
    return fig, axes


def short_citation(source_id: str) -> str:
    """'Radkey 1950' for 'radkey1950': surname of the first author and the year."""
    sources = load("sources").set_index("source_id")
    if source_id not in sources.index:
        raise KeyError(f"{source_id!r} is not a source_id in data/sources.csv")
    row = sources.loc[source_id]
    if row["kind"] == "encyclopedia":
        return f"“{row['title']}” ({row['publisher']})"
    surnames = [name.split(",")[0].strip() for name in row["author"].split(";")]
    if len(surnames) == 2:
        return f"{surnames[0]} and {surnames[1]} {row['year']}"
    if len(surnames) > 2:
        return f"{surnames[0]} et al. {row['year']}"
    return f"{surnames[0]} {row['year']}"


def source_line(source_ids: Iterable[str]) -> str:
    """'Sources: Radkey 1950; Radkey 1989.' for the distinct ids given, in order of first appearance."""
    seen = list(dict.fromkeys(s for s in source_ids if isinstance(s, str)))
    label = "Source" if len(seen) == 1 else "Sources"
    return f"{label}: " + "; ".join(short_citation(s) for s in seen) + "."


def add_source_line(fig: Figure, source_ids: Iterable[str]) -> Figure:
    """Write the source line under a figure and return the figure.

    The line is wrapped here, to the figure's width, rather than by matplotlib (``wrap=True``), whose wrapping
    re-measures the text word by word and made a widget's redraw noticeably slower.
    """
    width = max(40, int(fig.get_figwidth() * 15))  # characters of 8-point text per line
    text = textwrap.fill(source_line(source_ids), width=width)
    fig.text(0.01, 0.0, text, fontsize=8, color="#555555", ha="left", va="top", transform=fig.transFigure)
    return fig


def message_figure(title: str, message: str, height: float = 2.5) -> Figure:
    """A figure that says why there is nothing to draw (an empty selection, a gap in the data), so that a widget
    shows a sentence instead of an empty chart or an error."""
    fig, ax = new_figure(8, height)
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(
        0.5, 0.5, message, ha="center", va="center", fontsize=11, color="#555555", wrap=True, transform=ax.transAxes
    )
    return fig
