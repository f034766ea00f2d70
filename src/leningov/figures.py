"""Figure primitives that several lessons need, written once: each is taught where a lesson first uses it.

- ``new_figure``: a figure with the course's look that a function can return without pyplot showing it twice;
- ``draw_estimates``: disputed figures, one row per source (a bar for a range, a diamond for a single figure, an
  arrow for "at least"), the course's one way of drawing a dispute;
- ``draw_dated_events``: events on a time axis, where a date known only to the month or year is drawn as a span,
  so that no false order appears;
- ``plot_with_gaps``: a yearly series whose line joins neighbouring years only, never across a missing year;
- ``mark_dates``: dashed reference lines for key days (Lenin's strokes, the NEP);
- ``message_figure``: a sentence instead of an empty chart;
"""

from __future__ import annotations

import textwrap

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator, MaxNLocator, NullFormatter

from leningov.dates import date_spans
from leningov.sources import short_citation
from leningov.style import use_course_style

GREY = "#555555"
#: The key to ``draw_estimates``, for an axis label or a caption.
ESTIMATE_KEY = "bar: a range; diamond: a single figure; arrow: 'at least'"
#: The key to ``draw_dated_events``.
SPAN_KEY = "hollow marker and bar: only the month or year is known"


def new_figure(width: float = 8.0, height: float = 4.5, layout: str | None = "constrained", **subplots):
    """(figure, axes) in the course's style. pyplot does not track the figure, so a function can return it.

    ``layout="constrained"`` fits titles and labels automatically; ``layout=None`` leaves the margins to
    ``fixed_margins``, which redraws several times faster, and speed matters in a widget.
    """
    use_course_style()
    fig = Figure(figsize=(width, height), dpi=100, layout=layout)
    return fig, fig.subplots(**subplots)


def fixed_margins(fig: Figure, left: float, right: float, top: float, bottom: float) -> Figure:
    """Set a figure's margins in inches (for figures made with ``layout=None``)."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height)
    return fig


def message_figure(title: str, message: str, height: float = 2.5) -> Figure:
    """A figure that says why there is nothing to draw (an empty selection, a gap in the data), so that a widget
    shows a sentence instead of an empty chart or an error."""
    fig, ax = new_figure(8, height)
    ax.set_axis_off()
    ax.set_title(title)
    ax.text(0.5, 0.5, textwrap.fill(message, 80), ha="center", va="center", fontsize=11, color=GREY,
            transform=ax.transAxes)
    return fig


def estimate_range(row) -> tuple[float, float]:
    """The smallest and largest figure one source gives (a single figure counts as both)."""
    values = [float(row[c]) for c in ("low", "high", "point") if pd.notna(row[c])]
    return min(values), max(values)


def number_text(value: float) -> str:
    """'2,000' for 2000, '10.5' for 10.5, '0.14' for 0.14: a figure as a reader writes it."""
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.3g}"


def estimate_text(row, scale: float = 1.0) -> str:
    """'2,000–5,000; 3,000', 'at least 50,000', 'up to 12,000' or '40,000': what one source says, in words
    (divided by ``scale``: 10,500,000 at ``scale=1e6`` is '10.5')."""
    low, high, point = (row[c] / scale if pd.notna(row[c]) else None for c in ("low", "high", "point"))
    if low is not None and high is not None:
        text = f"{number_text(low)}–{number_text(high)}"
    elif low is not None:
        text = f"at least {number_text(low)}"
    elif high is not None:
        text = f"up to {number_text(high)}"
    else:
        text = ""
    if point is not None and point != low:
        text = f"{text}; {number_text(point)}" if text else number_text(point)
    return text


def draw_estimates(ax, rows: pd.DataFrame, colours=None, labels=None, scopes: bool = True,
                   log_scale: bool = False, scale: float = 1.0, fontsize: float = 8.5, wrap: int = 105) -> None:
    """Draw disputed figures on ``ax``, one row per source, top to bottom in the order of ``rows``.

    ``rows`` has the columns of estimates.csv (``low``, ``high``, ``point``, ``source_id``, ``scope``). A range is
    a bar, a single figure a diamond, a lower bound an arrow; the figures are written beside each row and, with
    ``scopes``, what the source counts is written under it, because sources often count different things.
    ``colours`` and ``labels`` give one colour and one y-axis label per row (default: one colour, the source's
    short citation). ``scale`` divides every figure (1e6 to draw millions); ``fontsize`` sets the labels' size and
    ``wrap`` the width (characters) of the scope lines, about 105 for a 9-inch figure.
    """
    rows = rows.reset_index(drop=True)
    colours = ["#0072B2"] * len(rows) if colours is None else list(colours)
    labels = [short_citation(s) for s in rows["source_id"]] if labels is None else list(labels)
    scope = rows["scope"] if "scope" in rows else [None] * len(rows)
    wraps = [textwrap.wrap(str(s), wrap) if scopes and pd.notna(s) else [] for s in scope]
    heights = [1.0 + 0.42 * len(w) for w in wraps]
    positions = [sum(heights[:i]) for i in range(len(rows))]
    ranges = [estimate_range(r) for _, r in rows.iterrows()]
    lowest = min(lo for lo, _ in ranges) / scale
    highest = max(hi for _, hi in ranges) / scale
    text_x = ax.get_yaxis_transform()  # x in axes fraction, y in data
    reach_max = highest
    for y, (_, row), colour, lines in zip(positions, rows.iterrows(), colours, wraps, strict=True):
        low, high, point = (float(row[c]) / scale if pd.notna(row[c]) else None for c in ("low", "high", "point"))
        end = None
        if low is not None and high is not None:
            ax.plot([low, high], [y, y], color=colour, linewidth=7, alpha=0.6, solid_capstyle="butt")
            end = high
        elif low is not None:  # "at least": an arrow open to the right
            reach = highest * (2 if log_scale else 1.12) if highest > low else low * 1.5
            ax.annotate("", xy=(reach, y), xytext=(low, y),
                        arrowprops={"arrowstyle": "-|>", "color": colour, "linewidth": 2.5})
            ax.plot([low], [y], "|", color=colour, markersize=14, markeredgewidth=3)
            end = reach
            reach_max = max(reach_max, reach)
        elif high is not None:  # "up to": a bar from zero
            ax.plot([0, high], [y, y], color=colour, linewidth=7, alpha=0.3, solid_capstyle="butt")
            end = high
        if point is not None:
            ax.plot([point], [y], "D", color=colour, markersize=8, markeredgecolor="white")
            end = max(end or point, point)
        ax.annotate(estimate_text(row, scale), (end, y), textcoords="offset points", xytext=(8, 0), va="center",
                    fontsize=9, fontweight="bold", color=colour)
        if lines:
            ax.text(0.005, y + 0.42, "\n".join(lines), transform=text_x, va="top", ha="left", fontsize=7.5,
                    color="#444444", linespacing=1.15)
    ax.set_yticks(positions, ["\n".join(textwrap.wrap(label, 30)) for label in labels], fontsize=fontsize)
    ax.set_ylim(sum(heights) - 0.4, -0.6)
    ax.grid(axis="y", visible=False)
    if log_scale:
        ax.set_xscale("log")
        ax.set_xlim(lowest / 3, max(highest * 4, reach_max * 1.5))
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 3.0)))
        ax.xaxis.set_minor_locator(LogLocator(base=10, subs="auto"))
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        ax.set_xlim(0, max(highest, reach_max) * 1.3)  # room for the figures written beside the longest row
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(lambda v, _pos: number_text(v))


def estimates_height(rows: pd.DataFrame, scopes: bool = True, wrap: int = 105) -> float:
    """The figure height (inches) that ``draw_estimates`` needs for these rows."""
    lines = sum(len(textwrap.wrap(str(s), wrap)) for s in rows["scope"] if pd.notna(s)) if scopes else 0
    return 1.3 + 0.34 * (len(rows) + 0.42 * lines)


# --------------------------------------------------------------------------------------------- time
def draw_dated_events(ax, dates, precisions, ys, colours, size: float = 6, x=None, markers="o",
                      vertical: bool = False) -> None:
    """Dots for events on a time axis: a filled dot on a day; a hollow dot and a bar across the month or the
    year when only those are known, so that "Mar 1918" is not drawn as if it fell on 1 March.

    ``ys`` places each event across the time axis (a row, a lane); ``x`` maps a date to its place on the axis when
    the axis is not in dates (days since an event, say); ``markers`` is one marker for all events or one per event
    (a shape per kind of event); ``vertical=True`` runs time down the y axis. A few artists are drawn however many
    events there are, so that a widget stays quick.
    """
    starts, ends = date_spans(dates, precisions)
    if x is not None:
        starts, ends = starts.map(x), ends.map(x)
    ys = pd.Series(list(ys), dtype=float)
    colours = pd.Series(list(colours), dtype=object)
    markers = pd.Series([markers] * len(ys) if isinstance(markers, str) else list(markers), dtype=object)
    partial = pd.Series((ends != starts).to_numpy())
    if partial.any():
        lines = ax.vlines if vertical else ax.hlines
        lines(ys[partial], starts[partial], ends[partial], colors=list(colours[partial]), linewidth=4, alpha=0.45)
    for marker in dict.fromkeys(markers):
        for hollow in (False, True):
            pick = (markers == marker) & (partial == hollow)
            if not pick.any():
                continue
            t, y = starts[pick].to_numpy(), ys[pick].to_numpy()
            xy = (y, t) if vertical else (t, y)
            face = "white" if hollow else list(colours[pick])
            ax.scatter(*xy, s=size**2, marker=marker, facecolors=face, edgecolors=list(colours[pick]),
                       linewidths=1.2, zorder=3)


def sort_by_period(frame: pd.DataFrame, date: str = "date", precision: str = "date_precision") -> pd.DataFrame:
    """Rows in time order where a month- or year-precision date sorts after the days of its period (it may
    fall on any of them), never before them as its written 1st of the month would suggest."""
    ends = date_spans(frame[date], frame[precision])[1].to_numpy()
    # on the last day of a month, the event of that day comes before the one known only to the month
    rank = frame[precision].astype(object).map({"day": 0, "month": 1, "year": 2}).fillna(0)
    return (
        frame.assign(_end=ends, _rank=rank)
        .sort_values(["_end", "_rank", date], kind="stable")
        .drop(columns=["_end", "_rank"])
    )


def plot_with_gaps(ax, years, values, colour, label=None, x=None, marker: str = "o", **style) -> None:
    """A yearly series as dots, with lines joining neighbouring years only: a missing year stays a gap.

    ``x`` maps a year to its place on the axis (for example ``year + 0.5`` for a flow measured over the year).
    """
    years = [int(y) for y in years]
    values = list(values)
    xs = [x(y) if x else y for y in years]
    ax.plot(xs, values, marker, linestyle="none", color=colour, label=label, zorder=3, **style)
    for k in range(1, len(years)):
        if years[k] - years[k - 1] == 1:
            ax.plot(xs[k - 1 : k + 1], values[k - 1 : k + 1], color=colour, zorder=2, **style)


def mark_dates(ax, marks: dict, at: str = "top", rotate: bool = False, colour: str = "#777777") -> None:
    """Dashed vertical lines at key days, each labelled inside the axes at the ``top`` or the ``bottom``:
    ``mark_dates(ax, {"NEP": "1921-03-21"})``. ``rotate=True`` stands the labels upright, for days close together.
    """
    if at not in ("top", "bottom"):
        raise ValueError(f"at must be 'top' or 'bottom', not {at!r}")
    y, dy = (1.0, -2) if at == "top" else (0.0, 2)
    for name, when in marks.items():
        day = pd.Timestamp(when)
        ax.axvline(day, color=colour, linestyle="--", linewidth=1, zorder=1)
        ax.annotate(name, (day, y), xycoords=("data", "axes fraction"), xytext=(2, dy), textcoords="offset points",
                    fontsize=7.5 if rotate else 8, color=colour, rotation=90 if rotate else 0,
                    va="top" if at == "top" else "bottom", ha="left")
