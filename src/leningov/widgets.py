"""Widget wiring: controls that redraw a figure drawn by a plain function the lesson defines.

``explore(draw, source=[...], year=(1913, 1924))`` builds the controls (ipywidgets' own abbreviations: a list
gives a dropdown, a ``(min, max)`` pair a slider, ``True``/``False`` a checkbox, or pass any widget), draws
``draw(ax, **values)`` once, and shows it as an ordinary figure output: the book and the printed worksheets show
that default view. With a running kernel every change of a control redraws the same figure in place; the figure
is reused, and its layout is fixed after the first draw, because laying a figure out again is what makes a
redraw slow.
"""

from __future__ import annotations

import gc
import inspect
import io
import os
from collections.abc import Callable

import ipywidgets as widgets
import matplotlib as mpl
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from leningov.alt_text import figure_alt_text
from leningov.style import use_course_style

#: Resolution of live figures: 8 x 4.5 inches at 90 dpi is 720 x 405 pixels, sharp at a lesson's width and
#: quick to encode.
LIVE_DPI = 90


def live_png(fig) -> bytes:
    """A live figure as PNG bytes, at ``LIVE_DPI`` and the fastest zlib level: a redraw is sent to the browser at
    once, so encoding time counts for more than a somewhat larger image (about 20 ms saved a redraw here)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=LIVE_DPI, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()

#: Settings for live redraws. The title sits at the top of the axes, where matplotlib would put it anyway when
#: no tick labels are above the plot, without measuring every tick label at each redraw to find that out.
LIVE_RC = {"axes.titley": 1.0}

#: Set by ``make execute``: the notebook is being run to store its outputs for the book and the worksheets,
#: where the controls cannot work, so the explorer says how to make them live.
STATIC_ENV = "LENINGOV_STATIC_OUTPUTS"
STATIC_NOTE = (
    "This figure shows the default view. To use the controls above it, open this lesson in JupyterLab or on "
    "Binder (the rocket icon at the top of the page) and run its cells."
)
#: What JupyterLab shows in place of the controls where it cannot draw them before the lesson has run: in a
#: notebook it does not trust (one just copied or pulled into a student's folder) it shows an output's plain text,
#: which for a widget would otherwise be its Python repr.
CONTROLS_TEXT = "[Interactive controls: they appear when the lesson's cells run (Run > Run All Cells).]"
#: Every explorer made in this kernel, so that a test or the benchmark can drive them all like a learner would.
LIVE: list[Explorer] = []


class _Live:
    """A box of controls whose plain-text form (what a front end shows when it cannot draw the widget) says how
    to make the controls live, rather than repeating the widget's repr."""

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None and "text/plain" in bundle:
            bundle["text/plain"] = CONTROLS_TEXT
        return bundle


class LiveVBox(_Live, widgets.VBox):
    """A VBox of controls (see ``CONTROLS_TEXT``)."""


class LiveGridBox(_Live, widgets.GridBox):
    """A GridBox of controls (see ``CONTROLS_TEXT``)."""


def static_note(text: str = STATIC_NOTE) -> list[widgets.HTML]:
    """The note under a widget when ``make execute`` stores it for the book and the worksheets (``STATIC_ENV``),
    as a list to add to the widget's children: empty with a running kernel, where the controls work."""
    return [widgets.HTML(f"<p><em>{text}</em></p>")] if os.environ.get(STATIC_ENV) else []


def readable(control: widgets.Widget) -> widgets.Widget:
    """Size a dropdown or a checkbox to its longest option or label, so that no label is cut short at a lesson's
    width (ipywidgets gives every such control a fixed 300 pixels); a width the lesson set is kept."""
    if isinstance(control, (widgets.Dropdown, widgets.Checkbox)) and not control.layout.width:
        control.layout.width = "max-content"
        control.layout.max_width = "100%"
    return control


class LiveFigure:
    """One figure redrawn in place by a drawing function, each time as a PNG for the browser.

    The figure is reused; its layout is worked out at the first draw and kept, because laying a figure out again
    is what makes a redraw slow; and the drawing runs with ``LIVE_RC``.
    """

    def __init__(self, figsize=(8.0, 4.5)):
        use_course_style()
        # What the lesson has made so far (tables, modules, figures) mostly lives as long as the kernel: collect
        # the garbage once, then freeze the rest out of the collector's full sweeps, each of which would otherwise
        # walk it all and stall a redraw by 100-250 ms. Reference counting still frees frozen objects as usual.
        gc.collect()
        gc.freeze()
        self.figure = Figure(figsize=figsize, dpi=LIVE_DPI, layout="constrained")
        # The figure's own Agg canvas, kept: saving a bare Figure would make a new canvas and renderer each time,
        # and with them lose the renderer's cache of text sizes, so every label would be measured again.
        FigureCanvasAgg(self.figure)
        self._position = None

    def redraw(self, draw: Callable, *args, **kwargs) -> bytes:
        """Clear the figure, call ``draw(ax, *args, **kwargs)`` on one new axes and return the PNG."""
        fig = self.figure
        with mpl.rc_context(LIVE_RC):
            fig.clear()
            ax = fig.add_subplot()
            if self._position is not None:
                ax.set_position(self._position)
            draw(ax, *args, **kwargs)
            if self._position is None:
                fig.draw_without_rendering()  # the first draw lays the figure out once ...
                self._position = ax.get_position()
                fig.set_layout_engine(None)  # ... and later draws keep it ("none" would still lay out at each save)
            return live_png(fig)

    def redraw_figure(self, draw: Callable, *args, **kwargs) -> bytes:
        """The same for ``draw(fig, ...)``, which makes its own axes (so they are laid out at every draw)."""
        with mpl.rc_context(LIVE_RC):
            self.figure.clear()
            draw(self.figure, *args, **kwargs)
            return live_png(self.figure)


class Explorer:
    """Controls and the figure they redraw. ``explorer.set(name=value)`` changes a control from code, as a learner
    would with the mouse, and returns the PNG it drew; ``explorer.png`` is the latest drawing."""

    def __init__(self, draw: Callable, controls: dict[str, widgets.Widget], figsize=(8.0, 4.5), columns: int = 2):
        self.draw = draw
        self.controls = controls
        params = list(inspect.signature(draw).parameters)
        if not params or params[0] not in ("ax", "fig"):
            raise TypeError(
                f"{draw.__name__}() must take the axes (ax) or the figure (fig) as its first argument, then one "
                f"argument per control: def {draw.__name__}(ax, {', '.join(controls) or '...'})"
            )
        self._wants_fig = params[0] == "fig"
        missing = set(controls) - set(params[1:])
        if missing:
            raise TypeError(f"{draw.__name__}() has no argument for the control(s) {', '.join(sorted(missing))}")
        self.live = LiveFigure(figsize)
        self.figure = self.live.figure
        self.png = self._redraw()
        self.box = LiveGridBox(
            list(controls.values()), layout=widgets.Layout(grid_template_columns=f"repeat({columns}, auto)")
        )
        self._handle = None
        for control in controls.values():
            control.observe(self._changed, names="value")
        LIVE.append(self)

    def values(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _redraw(self) -> bytes:
        if self._wants_fig:
            return self.live.redraw_figure(self.draw, **self.values())
        return self.live.redraw(self.draw, **self.values())

    def _image(self):
        from IPython.display import Image

        return Image(data=self.png, format="png", metadata={"alt": figure_alt_text(self.figure)})

    def _changed(self, change=None) -> None:
        # an error in the learner's draw function propagates: the kernel shows its traceback
        self.png = self._redraw()
        if self._handle is not None:
            self._handle.update(self._image())

    def snapshot(self) -> bytes:
        """What the explorer shows now (its PNG), to compare one view with another."""
        return self.png

    def set(self, **values) -> bytes:
        """Change controls from code (each change redraws, as in the browser); return the new PNG."""
        for name, value in values.items():
            self.controls[name].value = value
        return self.png

    def _ipython_display_(self) -> None:
        from IPython.display import Markdown, display

        display(self.box)
        self._handle = display(self._image(), display_id=True)
        if os.environ.get(STATIC_ENV):
            display(Markdown(f"*{STATIC_NOTE}*"))


def explore(draw: Callable, figsize=(8.0, 4.5), columns: int = 2, **controls) -> Explorer:
    """Controls for each keyword (a widget, or an abbreviation as ``ipywidgets.interact`` reads it) that redraw
    ``draw(ax, **values)``; display the result to show the controls above the figure."""
    defaults = {
        name: p.default for name, p in inspect.signature(draw).parameters.items() if p.default is not p.empty
    }
    built = {name: _control(name, abbrev, defaults.get(name)) for name, abbrev in controls.items()}
    return Explorer(draw, built, figsize, columns)


def _control(name: str, abbrev, default=None) -> widgets.ValueWidget:
    """A control from an abbreviation, starting at the draw function's default value for it where there is one."""
    if isinstance(abbrev, widgets.ValueWidget):
        control = abbrev  # a label and a width the lesson set are kept
    else:
        control = widgets.interactive.widget_from_abbrev(abbrev, default)
        if control is None:
            raise ValueError(f"cannot make a control for {name}={abbrev!r}: give a list of options, a (min, max) "
                             "pair, True/False, or an ipywidget")
    if not control.description:  # every control needs a visible label, which is also its accessible name
        control.description = name.replace("_", " ")
        control.style = {"description_width": "initial"}
    return readable(control)



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


def register(box, controls: dict[str, widgets.Widget], snapshot: Callable[[], object], name: str | None = None):
    """Add a hand-built widget to ``LIVE`` so that the tests and the benchmark drive it like any explorer:
    ``controls`` by name, ``snapshot()`` returning what it shows (equal values: the same view), and a ``name``
    for reports."""
    box.controls = controls
    box.snapshot = snapshot
    box.name = name
    LIVE.append(box)
    return box


def drive(explorer, limit: int = 6, clock=None) -> dict:
    """Change each control of an explorer through up to ``limit`` of its values, as a learner would, then put it
    back. Returns, per control, how many changes showed a new view, the errors raised, and the time each change
    took (seconds), so that a test can fail on a dead or broken control and the benchmark can time it."""
    import time

    clock = clock or time.perf_counter
    report = {}
    for name, control in explorer.controls.items():
        original = control.value
        seen = {repr(explorer.snapshot())}
        errors, times, new_views = [], [], 0
        values = [v for v in sample_values(control, limit) if v != original][:limit] + [original]
        for value in values:
            start = clock()
            try:
                control.value = value
            except Exception as error:  # noqa: BLE001 - reported, not hidden
                errors.append(f"{name}={value!r}: {type(error).__name__}: {error}")
                continue
            times.append(clock() - start)
            view = repr(explorer.snapshot())
            if view not in seen:
                new_views += 1
                seen.add(view)
        report[name] = {"values": len(values), "new_views": new_views, "errors": errors, "seconds": times}
    return report


def drive_all(limit: int = 6) -> list[dict]:
    """``drive`` every explorer made in this kernel; each entry names the explorer by its position and type."""
    return [
        {"index": i, "kind": type(e).__name__,
         "draw": getattr(e, "name", None) or getattr(getattr(e, "draw", None), "__name__", None),
         "controls": drive(e, limit)}
        for i, e in enumerate(LIVE)
    ]
