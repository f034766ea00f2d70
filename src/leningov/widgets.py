"""Widget builders: controls above a figure that a plain plotting function redraws.

A plotting function returns a matplotlib Figure, so it can be tested without a browser; this module only wires it
to ipywidgets and shows its figure as an image with alt text.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.figure import Figure

from leningov.figures import figure_html

LIVE_NOTE = (
    "Controls need a running Python kernel: open this lesson in JupyterLab or on Binder (rocket icon at the top "
    "of the page) to use them. The figure above shows the default view."
)


def figure_explorer(
    plot: Callable[..., Figure], controls: dict[str, widgets.Widget], columns: int = 3, tight: bool = True
) -> widgets.VBox:
    """Controls (by keyword of ``plot``) above an output area showing ``plot(**values)``.

    The figure is redrawn whenever a control changes. ``explorer.redraw()`` redraws on demand and returns the
    figure, which is how the tests drive it. ``tight=False`` for figures whose margins are fixed (faster).
    """
    output = widgets.Output(layout=widgets.Layout(min_height="300px"))

    def redraw(change=None) -> Figure:
        fig = plot(**{name: control.value for name, control in controls.items()})
        # replacing the outputs (rather than printing into the area) works with or without a running kernel
        output.outputs = ()
        output.append_display_data(figure_html(fig, tight=tight))
        return fig

    for control in controls.values():
        control.observe(redraw, names="value")
    rows = list(controls.values())
    grid = widgets.GridBox(rows, layout=widgets.Layout(grid_template_columns=f"repeat({columns}, auto)"))
    explorer = widgets.VBox([grid, output])
    explorer.redraw = redraw
    explorer.controls = controls
    explorer.output = output
    redraw()
    return explorer


def sample_values(control: widgets.Widget, count: int = 6) -> list:
    """Values a control can take, for tests and the benchmark to drive it like a learner would."""
    if hasattr(control, "options") and control.options:
        values = [opt[1] if isinstance(opt, tuple) else opt for opt in control.options]
        if isinstance(control, widgets.SelectMultiple):
            return [tuple(values[: i + 1]) for i in range(min(count, len(values)))]
        return values
    if isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        step = (control.max - control.min) / max(count - 1, 1)
        return [type(control.value)(control.min + i * step) for i in range(count)]
    if isinstance(control, (widgets.IntRangeSlider, widgets.FloatRangeSlider)):
        lo, hi = control.min, control.max
        return [(lo, hi), (lo, (lo + hi) // 2), ((lo + hi) // 2, hi)]
    if isinstance(control, widgets.Checkbox):
        return [True, False]
    return [control.value]


def dropdown(description: str, options, value=None) -> widgets.Dropdown:
    options = list(options)
    return widgets.Dropdown(
        description=description,
        options=options,
        value=value if value is not None else options[0][1] if isinstance(options[0], tuple) else options[0],
        style={"description_width": "initial"},
    )
