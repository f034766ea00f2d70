"""Alt text for figures: a description made from a figure's titles and axis labels.

Every figure the lessons draw carries it, in the notebook, the book and widget outputs, so that screen-reader
users are told what a chart shows.
"""

from __future__ import annotations

from matplotlib.figure import Figure


def figure_alt_text(fig: Figure) -> str:
    """'Figure: <title> (horizontal axis: ...; vertical axis: ...)' for each titled or labelled axes."""
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
        if title:
            parts.append(title + (f" ({'; '.join(labels)})" if labels else ""))
        elif labels:
            parts.append("; ".join(labels))
    return "Figure: " + ". ".join(p for p in parts if p) if parts else "Figure without a title"


def register_alt_text() -> None:
    """In a notebook, make every displayed figure carry its alt text (``make execute`` hands it to the book)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a runtime dependency
        return
    shell = get_ipython()
    if shell is None:
        return
    import matplotlib.pyplot  # noqa: F401  (lets the inline backend register its formatters first)
    from IPython.core.pylabtools import print_figure

    def png_with_alt(fig):
        return print_figure(fig, "png", bbox_inches="tight"), {"alt": figure_alt_text(fig)}

    shell.display_formatter.formatters["image/png"].for_type(Figure, png_with_alt)
