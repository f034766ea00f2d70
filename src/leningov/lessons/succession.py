"""Lesson 05, succession: Lenin's illness, the offices of his would-be heirs, the Testament and the funeral.

The plotting functions return figures made from the course tables (events, offices, quotations, estimates), so the
tests can check what each figure shows; the two explorers wire them to a date and a person control.
"""

from __future__ import annotations

import textwrap

import ipywidgets as widgets
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from leningov import figures
from leningov.data import event_date as _event_date
from leningov.data import load
from leningov.dates import date_span, format_date, half_year
from leningov.maps import places_near
from leningov.offices import body_label, held_on
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line
from leningov.style import BODY_COLOURS, THEME_COLOURS
from leningov.widgets import dropdown, figure_explorer

exercises = Exercises.beside(__file__, "05")  # the answers below; their hints are in hints.csv
check = exercises.check

#: The men whose offices the lesson follows: Lenin's would-be heirs, in the order the seed names them.
CONTENDERS = ["stalin", "trotsky", "zinoviev", "kamenev", "bukharin", "rykov"]

#: Short names for the offices the figures label; other offices fall back to their own words.
OFFICE_SHORT = {
    "sovnarkom_chair": "Chairman of Sovnarkom",
    "sovnarkom_deputy_chair": "Deputy chairman of Sovnarkom",
    "sovnarkom_ussr_chair": "Chairman, USSR Sovnarkom",
    "sovnarkom_ussr_deputy_chair": "Deputy chairman, USSR Sovnarkom",
    "sto_chair": "Chairman, Labour and Defence",
    "politburo_member": "Politburo, full member",
    "politburo_candidate": "Politburo, candidate",
    "orgburo_member": "Orgburo",
    "general_secretary": "General Secretary",
    "cc_secretary": "Secretary of the CC",
    "responsible_secretary": "Responsible Secretary",
    "cc_secretariat_head": "Head of the Secretariat",
    "commissar_nationalities": "Commissar for Nationalities",
    "commissar_state_control": "Commissar for State Control",
    "rabkrin_commissar": "Commissar of Rabkrin",
    "revvoensovet_member": "Revolutionary Military Council",
    "revvoensovet_chair": "Chairman, Rev. Military Council",
    "revvoensovet_deputy_chair": "Deputy chairman, Rev. Military Council",
    "commissar_war": "Commissar for War",
    "commissar_foreign_affairs": "Commissar for Foreign Affairs",
    "commissar_foreign_trade": "Commissar for Foreign Trade",
    "commissar_trade_industry": "Commissar for Trade and Industry",
    "commissar_finance": "Commissar for Finance",
    "commissar_justice": "Commissar for Justice",
    "commissar_food": "Commissar for Food",
    "commissar_enlightenment": "Commissar for Enlightenment",
    "commissar_interior": "Commissar for Internal Affairs",
    "petrograd_soviet_chair": "Chairman, Petrograd Soviet",
    "moscow_soviet_chair": "Chairman, Moscow Soviet",
    "comintern_chair": "Chairman of the Comintern",
    "vtsik_chair": "Chairman of VTsIK",
    "vsnkh_chair": "Chairman of VSNKh",
    "cheka_chair": "Chairman of the Cheka",
    "gpu_chair": "Chairman of the GPU/OGPU",
    "ukraine_sovnarkom_chair": "Chairman, Ukrainian Sovnarkom",
}
#: Moments the date explorer offers (event ids; the dates come from events.csv).
KEY_MOMENTS = [
    "sovnarkom_formed",
    "lenin_shot",
    "lenin_fiftieth_birthday",
    "nep_theses_politburo",
    "lenin_leave_1921",
    "stalin_general_secretary",
    "first_stroke",
    "trotsky_deputy_offer",
    "second_stroke",
    "testament_letter_to_congress",
    "third_stroke",
    "final_kremlin_visit",
    "lenin_death",
    "rykov_succeeds_lenin",
]
#: Lenin's strokes and death, drawn as reference lines on the office charts.
LENIN_MARKS = ["first_stroke", "second_stroke", "third_stroke", "lenin_death"]
WINDOW = ("1917-10-01", "1924-12-31")
UNKNOWN_END_DAYS = 120


# ------------------------------------------------------------------------------------------------ helpers
def surnames() -> dict[str, str]:
    """person_id -> surname, for compact labels."""
    people = load("people")
    return {pid: name.split()[-1] for pid, name in zip(people["person_id"], people["name"], strict=True)}


def office_label(office_id: str, office: str) -> str:
    """The short name of an office, or its own words up to the first bracket, shortened."""
    if office_id in OFFICE_SHORT:
        return OFFICE_SHORT[office_id]
    return textwrap.shorten(office.split("(")[0].strip(), 42, placeholder="...")


def count_offices(dates, people: list[str] | None = None, offices: pd.DataFrame | None = None) -> pd.DataFrame:
    """Offices each person certainly held on each date (``held_on``, an unknown end left out): one row per date,
    one column per person_id."""
    offices = load("offices") if offices is None else offices
    people = CONTENDERS if people is None else list(people)
    days = pd.DatetimeIndex(pd.to_datetime(list(dates)), name="date")
    rows = offices[offices["person_id"].isin(people)]
    # held_on keeps one row per person and office, so counting rows counts distinct offices
    counts = [held_on(day, rows, open_end="exclude")["person_id"].value_counts() for day in days]
    return pd.DataFrame(counts, index=days).reindex(columns=people).fillna(0).astype(int)


# ------------------------------------------------------------------------------------------- timelines
def _spread(wanted: list[float], heights: list[float]) -> list[float]:
    """Label centres that do not overlap and stay as close as possible (least squares) to ``wanted`` (sorted).

    Labels that would collide are merged into a block, and each block is centred on the dates of its labels.
    """
    blocks: list[dict] = []
    for i, want in enumerate(wanted):
        blocks.append({"items": [i], "offsets": [0.0], "top": want})
        while len(blocks) > 1:
            first, second = blocks[-2], blocks[-1]
            gap = (heights[first["items"][-1]] + heights[second["items"][0]]) / 2
            if second["top"] >= first["top"] + first["offsets"][-1] + gap:
                break
            base = first["offsets"][-1] + gap
            first["items"] += second["items"]
            first["offsets"] += [base + offset for offset in second["offsets"]]
            first["top"] = sum(wanted[j] - o for j, o in zip(first["items"], first["offsets"], strict=True)) / len(
                first["items"]
            )
            blocks.pop()
    ys = [0.0] * len(wanted)
    for block in blocks:
        for j, offset in zip(block["items"], block["offsets"], strict=True):
            ys[j] = block["top"] + offset
    return ys


def _timeline_labels(frame: pd.DataFrame, width: int, with_summary: bool) -> list[str]:
    labels = []
    for row in frame.itertuples():
        text = f"{format_date(row.date, row.date_precision)}: {row.title}"
        if with_summary and isinstance(row.summary, str):
            text += f". {row.summary}"
        labels.append(textwrap.fill(text, width))
    return labels


def _lines(labels: list[str]) -> float:
    return sum(label.count("\n") + 1.35 for label in labels)


def timeline_figure(
    left: pd.DataFrame,
    right: pd.DataFrame,
    title: str,
    left_heading: str,
    right_heading: str,
    periods: list[tuple[str, str]] | None = None,
    height: float = 9.0,
    width: float = 11.0,
    wrap: int = 48,
    with_summary: bool = False,
):
    """Two columns of dated events against a vertical time axis: ``left`` on the left, ``right`` on the right.

    Dots sit at the true dates; labels are spread so that they do not overlap and are joined to their dots. An
    event known only to the month or year is a hollow dot with a bar down its whole period (as ``draw_dated_events``
    draws it on a horizontal axis), and its label comes after the events of that period known to the day
    (``figures.sort_by_period``). ``periods`` breaks the time axis into panels (for example a few months of 1918 above
    1921-1924), each tall enough for its labels.
    """
    frames = [f for f in (left, right) if len(f)]
    if not frames:
        return figures.message_figure(title, "No events to show: the selection is empty.")
    every = pd.concat(frames)
    if periods is None:
        pad = max((every["date"].max() - every["date"].min()) * 0.03, pd.Timedelta(days=1))
        periods = [(every["date"].min() - pad, every["date"].max() + pad)]
    periods = [(pd.Timestamp(lo), pd.Timestamp(hi)) for lo, hi in periods]
    columns = [
        (figures.sort_by_period(left.sort_values("date")), -1, THEME_COLOURS["succession"]),
        (figures.sort_by_period(right.sort_values("date")), 1, THEME_COLOURS["power"]),
    ]
    needs = []
    for lo, hi in periods:
        needs.append(
            max(_lines(_timeline_labels(f[f["date"].between(lo, hi)], wrap, with_summary)) for f, _, _ in columns) + 3
        )
    fig, axes = figures.new_figure(width, height, nrows=len(periods), height_ratios=needs, squeeze=False)
    axes = list(axes[:, 0])
    imprecise = False
    usable = height - 1.3 - 0.35 * (len(periods) - 1)
    for index, (ax, (lo, hi), need) in enumerate(zip(axes, periods, needs, strict=True)):
        panel_height = usable * need / sum(needs)
        span = mdates.date2num(hi) - mdates.date2num(lo)
        line = span / max(panel_height * 72 / (8 * 1.22), 1)  # one line of 8-point text, in days
        top, bottom = mdates.date2num(lo), mdates.date2num(hi)
        for frame, side, colour in columns:
            frame = frame[frame["date"].between(lo, hi)]
            if frame.empty:
                continue
            x_dot, x_text = 0.04 * side, 0.12 * side
            spans = [date_span(d, p) for d, p in zip(frame["date"], frame["date_precision"], strict=True)]
            starts = [mdates.date2num(first) for first, _ in spans]
            ends = [mdates.date2num(last) for _, last in spans]  # a label points at the end of its period
            labels = _timeline_labels(frame, wrap, with_summary)
            heights = [(label.count("\n") + 1.35) * line for label in labels]
            ys = _spread(ends, heights)
            for first, last, y, label in zip(starts, ends, ys, labels, strict=True):
                if first == last:
                    ax.plot([x_dot], [first], "o", color=colour, markersize=6, zorder=3)
                else:  # bars under every dot, so that a year's bar hides no event of that year
                    ax.plot(
                        [x_dot, x_dot],
                        [first, last],
                        color=colour,
                        linewidth=4,
                        alpha=0.45,
                        solid_capstyle="butt",
                        zorder=2,
                    )
                    ax.plot([x_dot], [first], "o", color=colour, markerfacecolor="white", markersize=6, zorder=3)
                    imprecise = True
                ax.plot([x_dot, x_text - 0.01 * side], [last, y], color="#999999", linewidth=0.6)
                ax.text(x_text, y, label, ha="left" if side > 0 else "right", va="center", fontsize=8)
            top = min(top, ys[0] - heights[0] / 2, min(starts))
            bottom = max(bottom, ys[-1] + heights[-1] / 2, max(ends))
        ax.axvline(0, color="#555555", linewidth=1)
        ax.set_xlim(-1, 1)
        ax.set_ylim(bottom + line / 2, top - line / 2)
        ax.yaxis_date()
        locator = mdates.AutoDateLocator(minticks=2, maxticks=max(3, int(panel_height * 1.6)))
        ax.yaxis.set_major_locator(locator)
        precision = "day" if span < 60 else "month"
        ax.yaxis.set_major_formatter(lambda v, _pos, p=precision: format_date(mdates.num2date(v), p))
        ax.spines["bottom"].set_visible(False)
        ax.grid(axis="x", visible=False)
        if index == 0:
            ax.set_xticks([-0.5, 0.5], [left_heading, right_heading])
            ax.xaxis.tick_top()
            ax.tick_params(axis="x", length=0, labelsize=10)
            for tick in ax.get_xticklabels():
                tick.set_fontweight("bold")
            ax.set_title(title, pad=24)
        else:
            ax.set_xticks([])
            ax.text(
                0.0, 1.0, " time axis broken here", transform=ax.transAxes, fontsize=7.5, color="#555555", va="bottom"
            )
            ax.spines["top"].set_visible(True)
            ax.spines["top"].set_linestyle((0, (4, 3)))
    axes[0].set_ylabel("date (New Style)")
    if imprecise:
        axes[-1].set_xlabel(f"filled dot: the day is known; {figures.SPAN_KEY}", fontsize=8, color="#555555")
    add_source_line(fig, every["source_id"])
    return fig


# ------------------------------------------------------------------------------------------------ offices
def _lenin_marks(ax, events: pd.DataFrame | None, lo, hi) -> None:
    """Lenin's strokes and death (dates from events.csv) as reference lines, where they fall between lo and hi."""
    events = load("events") if events is None else events
    rows = events[events["event_id"].isin(LENIN_MARKS) & events["date"].between(lo, hi)].sort_values("date")
    names = rows["title"].str.replace("Lenin's ", "").where(rows["event_id"] != "lenin_death", "Lenin dies")
    figures.mark_dates(ax, dict(zip(names, rows["date"], strict=True)), rotate=True, colour="#333333")


def offices_gantt_figure(
    people: list[str] | tuple[str, ...] = ("lenin", *CONTENDERS),
    start: str = WINDOW[0],
    end: str = WINDOW[1],
    mark_lenin: bool = True,
    offices: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
    title: str | None = None,
):
    """Who held which office when: one lane per person and office, bars coloured by the body the office belongs to."""
    offices = load("offices") if offices is None else offices
    people = [people] if isinstance(people, str) else list(people)
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    rows = offices[offices["person_id"].isin(people) & (offices["start"] <= hi)]
    rows = rows[rows["end"].isna() | (rows["end"] >= lo)]
    names = surnames()
    title = title or (
        f"Which levers did {names.get(people[0], people[0])} hold?"
        if len(people) == 1
        else "Who held which levers, " + f"{lo.year}-{hi.year}"
    )
    if rows.empty:
        who = ", ".join(names.get(p, p) for p in people) or "nobody"
        return figures.message_figure(
            title, f"The course data record no office held by {who} between {lo:%Y} and {hi:%Y}."
        )
    lanes: list[tuple[str, str | None]] = []  # (label, office_id or None for a person's header row)
    bars = []
    for person in people:
        own = rows[rows["person_id"] == person]
        if own.empty:
            continue
        lanes.append((names.get(person, person), None))
        order = own.groupby("office_id")["start"].min().sort_values().index
        for office_id in order:
            periods = own[own["office_id"] == office_id]
            lanes.append(("   " + office_label(office_id, periods["office"].iloc[0]), office_id))
            bars.append((len(lanes) - 1, periods))
    height = max(3.6, 1.6 + 0.24 * len(lanes))
    fig, ax = figures.new_figure(11, height)
    bodies = []
    unknown = False
    for y, periods in bars:
        for row in periods.itertuples():
            begin = max(row.start, lo)
            known = not pd.isna(row.end)
            finish = min(row.end, hi) if known else min(row.start + pd.Timedelta(days=UNKNOWN_END_DAYS), hi)
            width = max((finish - begin).days, 4)
            colour = BODY_COLOURS.get(str(row.body), BODY_COLOURS["other"])
            ax.barh(
                y,
                width,
                left=begin,
                height=0.7,
                color=colour,
                edgecolor="white" if known else colour,
                hatch=None if known else "///",
                alpha=1.0 if known else 0.45,
                linewidth=0.5,
            )
            bodies.append(str(row.body))
            unknown = unknown or not known
    ax.set_yticks(range(len(lanes)), [label for label, _ in lanes], fontsize=8)
    for tick, (_, office_id) in zip(ax.get_yticklabels(), lanes, strict=True):
        if office_id is None:
            tick.set_fontweight("bold")
            tick.set_fontsize(9.5)
    ax.set_ylim(len(lanes) - 0.4, -0.8)
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", visible=False)
    if mark_lenin:
        _lenin_marks(ax, events, lo, hi)
    handles = [Patch(color=BODY_COLOURS[b], label=body_label(b)) for b in BODY_COLOURS if b in set(bodies)]
    if unknown:
        handles.append(Patch(facecolor="white", edgecolor="#777777", hatch="///", label="end date not known"))
    # under the axis label: offset by about half an inch, whatever the height of the chart
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.55 / (height - 1.4)), ncols=4, fontsize=8)
    ax.set_xlabel("date (New Style)")
    ax.set_title(title, pad=58 if mark_lenin else 6)
    add_source_line(fig, rows["source_id"])
    return fig


def person_offices_figure(person: str = "trotsky", mark_lenin: bool = True):
    """One person's offices over Lenin's years in power (the person explorer's figure)."""
    return offices_gantt_figure([person], mark_lenin=mark_lenin)


def levers_on_date_figure(date: str = "1922-04-03", offices: pd.DataFrame | None = None):
    """Who held which levers on one day: offices per person, coloured by body, with the offices named."""
    offices = load("offices") if offices is None else offices
    day = pd.Timestamp(date)
    held = held_on(day, offices, open_end="exclude")
    written = format_date(day, long=True)
    title = f"Who held which levers on {written}?"
    if held.empty:
        return figures.message_figure(title, f"The course data record no office certainly held on {written}.")
    names = surnames()
    body_order = list(BODY_COLOURS)
    held = held.assign(
        label=[office_label(i, o) for i, o in zip(held["office_id"], held["office"], strict=True)],
        rank=held["body"].astype(str).map(body_order.index),
    ).sort_values(["person_id", "rank", "start"])
    per_person = held.groupby("person_id").size()
    order = sorted(per_person.index, key=lambda p: (-per_person[p], names.get(p, p)))
    fig, ax = figures.new_figure(11, 1.7 + 0.32 * len(order))
    most = int(per_person.max())
    for y, person in enumerate(order):
        own = held[held["person_id"] == person]
        for x, row in enumerate(own.itertuples()):
            ax.barh(y, 1, left=x, height=0.7, color=BODY_COLOURS.get(str(row.body)), edgecolor="white")
        ax.text(len(own) + 0.15, y, "; ".join(own["label"]), va="center", fontsize=7.5)
    ax.set_yticks(range(len(order)), [names.get(p, p) for p in order])
    ax.set_ylim(len(order) - 0.5, -0.6)
    ax.set_xlim(0, most + 5.5)
    ax.set_xticks(range(most + 1))
    ax.grid(axis="y", visible=False)
    ax.set_xlabel("offices held that day (each block is one office)")
    bodies = set(held["body"].astype(str))
    handles = [Patch(color=BODY_COLOURS[b], label=body_label(b)) for b in BODY_COLOURS if b in bodies]
    ax.legend(handles=handles, loc="lower right", fontsize=7.5, ncols=2)
    # the offices that counting an unknown end as held would add
    unknown = held_on(day, offices, open_end="include").index.difference(held.index)
    note = f" ({len(unknown)} office(s) begun earlier have no known end date and are left out.)" if len(unknown) else ""
    ax.set_title(title)
    fig.text(
        0.01,
        1.0,
        f"Offices recorded in the course data.{note}",
        fontsize=8,
        color="#555555",
        ha="left",
        va="bottom",
        transform=fig.transFigure,
    )
    add_source_line(fig, held["source_id"])
    return fig


def mid_months(start: str = WINDOW[0], end: str = WINDOW[1]) -> pd.DatetimeIndex:
    """The 15th of every month: a monthly sample that avoids the days on which terms end and begin."""
    return pd.date_range(start, end, freq="MS") + pd.Timedelta(days=14)


def office_count_figure(
    people: list[str] | tuple[str, ...] = tuple(CONTENDERS),
    start: str = WINDOW[0],
    end: str = WINDOW[1],
    offices: pd.DataFrame | None = None,
    events: pd.DataFrame | None = None,
):
    """How many offices each contender held, month by month: Stalin's accumulation against the others'."""
    offices = load("offices") if offices is None else offices
    people = list(people)
    counts = count_offices(mid_months(start, end), people, offices)
    names = surnames()
    fig, ax = figures.new_figure(10, 5)
    styles = ["-", "--", "-.", ":", "-", "--"]
    for i, person in enumerate(people):
        # lines are nudged apart by a few hundredths so that equal counts do not hide each other
        ax.step(
            counts.index,
            counts[person] + 0.05 * (i - (len(people) - 1) / 2),
            where="post",
            label=names.get(person, person),
            linewidth=2.4 if person == "stalin" else 1.5,
            linestyle=styles[i % len(styles)],
        )
    _lenin_marks(ax, events, pd.Timestamp(start), pd.Timestamp(end))
    ax.set_ylim(-0.3, counts.to_numpy().max() + 0.7)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("date (New Style), sampled on the 15th of each month")
    ax.set_ylabel("offices held")
    ax.set_title("Who piled up offices? Offices held by each contender, 1917-1924", pad=58)
    ax.legend(
        fontsize=8.5,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        title="lines nudged\napart slightly",
        title_fontsize=7.5,
    )
    used = offices[offices["person_id"].isin(people)]
    add_source_line(fig, used["source_id"])
    return fig


# ------------------------------------------------------------------------------------------------ estimates
def estimate_figure(quantity_id: str = "lenin_enrolment_admitted", estimates: pd.DataFrame | None = None):
    """What each source says of a disputed quantity (``figures.draw_estimates``), with what each source counts."""
    estimates = load("estimates") if estimates is None else estimates
    rows = estimates[estimates["quantity_id"] == quantity_id].reset_index(drop=True)
    if rows.empty:
        return figures.message_figure("No such estimate", f"estimates.csv has no rows for {quantity_id!r}.")
    fig, ax = figures.new_figure(10, figures.estimates_height(rows))
    figures.draw_estimates(ax, rows, colours=[THEME_COLOURS["succession"]] * len(rows))
    ax.set_xlabel(f"{rows['unit'].iloc[0]} ({figures.ESTIMATE_KEY})")
    ax.set_title(f"Sources disagree: {rows['quantity'].iloc[0]}")
    add_source_line(fig, rows["source_id"])
    return fig


# ------------------------------------------------------------------------------------------------ whereabouts
#: Kinds of event that put Lenin himself on the spot: he moved, visited, spoke, attended, fell ill or was attacked
#: there. Decrees, letters and battles are left out: their place is where they took effect, not where Lenin was.
ON_THE_SPOT_KINDS = ["relocation", "visit", "speech", "congress", "health", "assassination_attempt", "death", "funeral"]
#: A place within this distance of a city's own row in places.csv counts as that city.
CITY_RADIUS_KM = 20.0
#: Where the figure sorts Lenin's events: the two capitals, the Gorki estate, and anywhere else.
PLACE_GROUPS = ["Petrograd", "Moscow", "Gorki estate", "elsewhere", "place not recorded"]
PLACE_COLOURS = {
    "Petrograd": "#0072B2",
    "Moscow": "#D55E00",
    "Gorki estate": "#009E73",
    "elsewhere": "#E69F00",
    "place not recorded": "#BBBBBB",
}
#: Moves marked above the bars of the whereabouts figure (event ids; dates from events.csv).
WHEREABOUTS_MARKS = {
    "government_arrives_moscow": "government moves to Moscow",
    "lenin_moves_to_gorki_1923": "Lenin moved to Gorki for good",
}


def place_groups(places: pd.DataFrame | None = None) -> pd.Series:
    """place_id -> 'Petrograd', 'Moscow', 'Gorki estate' or 'elsewhere', from each place's distance to the cities.

    Distances (great-circle, from the rounded coordinates) rather than a typed list, so a new place in places.csv
    falls into the right group without anyone editing this module.
    """
    places = load("places") if places is None else places
    groups = pd.Series("elsewhere", index=pd.Index(places["place_id"], name="place_id"), name="where")
    groups[places_near("petrograd", CITY_RADIUS_KM, places)] = "Petrograd"
    groups[places_near("moscow", CITY_RADIUS_KM, places)] = "Moscow"
    groups[groups.index == "gorki"] = "Gorki estate"
    return groups


def half_years(start: str, end: str) -> list[str]:
    """Every half-year label from the one holding ``start`` to the one holding ``end``, in order."""
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    first = pd.Timestamp(year=lo.year, month=1 if lo.month <= 6 else 7, day=1)
    return list(half_year(pd.Series(pd.date_range(first, hi, freq="6MS"))))


def lenin_whereabouts(
    events: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
    kinds: list[str] | tuple[str, ...] = tuple(ON_THE_SPOT_KINDS),
) -> pd.DataFrame:
    """Events naming Lenin whose kind puts him on the spot, with the place group ('where') and the half-year."""
    events = load("events") if events is None else events
    names_lenin = events["person_ids"].fillna("").str.split(";").apply(lambda ids: "lenin" in ids)
    rows = events[names_lenin & events["kind"].isin(list(kinds))].copy()
    rows["where"] = rows["place_id"].map(place_groups(places)).fillna("place not recorded")
    rows["half_year"] = half_year(rows["date"])
    return rows.sort_values(["date", "event_id"]).reset_index(drop=True)


def count_whereabouts(rows: pd.DataFrame, start: str = "1917-07-01", end: str = "1924-06-30") -> pd.DataFrame:
    """Events per half-year (rows, every half-year of the window) and place group (columns, fixed order)."""
    rows = rows[rows["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    table = pd.crosstab(rows["half_year"], rows["where"]) if len(rows) else pd.DataFrame()
    return table.reindex(index=half_years(start, end), columns=PLACE_GROUPS, fill_value=0).astype(int)


def lenin_places_figure(
    start: str = "1917-07-01",
    end: str = "1924-06-30",
    kinds: list[str] | tuple[str, ...] = tuple(ON_THE_SPOT_KINDS),
    events: pd.DataFrame | None = None,
    places: pd.DataFrame | None = None,
):
    """Where the data place Lenin, half-year by half-year: one stacked bar per half-year, one colour per place."""
    events = load("events") if events is None else events
    title = "Where was Lenin, 1917-1924?"
    rows = lenin_whereabouts(events, places, kinds)
    rows = rows[rows["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
    if rows.empty:
        return figures.message_figure(title, "No events that put Lenin on the spot in this selection.")
    counts = count_whereabouts(rows, start, end)
    fig, ax = figures.new_figure(11, 5.2)
    x = np.arange(len(counts))
    bottom = np.zeros(len(counts))
    for group in PLACE_GROUPS:
        values = counts[group].to_numpy()
        if not values.any():
            continue
        ax.bar(x, values, bottom=bottom, width=0.75, color=PLACE_COLOURS[group], edgecolor="white", label=group)
        bottom += values
    for i in np.flatnonzero(bottom == 0):  # an empty half-year is empty in the data, not in Lenin's life
        ax.text(i, 0.1, "no\nrows", ha="center", va="bottom", fontsize=7, color="#777777")
    by_id = events.set_index("event_id")
    for event_id, label in WHEREABOUTS_MARKS.items():
        if event_id not in by_id.index:
            continue
        when = by_id.loc[event_id, "date"]
        half = half_year(pd.Series([when])).iloc[0]
        if half not in counts.index:
            continue
        i = counts.index.get_loc(half)
        ax.annotate(
            f"{label}\n({format_date(when, by_id.loc[event_id, 'date_precision'])})",
            (i, bottom[i]),
            xytext=(0, 22),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            arrowprops={"arrowstyle": "-|>", "color": "#555555", "linewidth": 0.8},
        )
    ax.set_xticks(x, [label.replace(" ", "\n", 1) for label in counts.index], fontsize=8)
    ax.set_xlim(-0.6, len(counts) - 0.4)
    ax.set_ylim(0, bottom.max() * 1.35 + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(axis="x", visible=False)
    ax.set_xlabel("half-year (dates New Style; events known only to the month or year sit at its start)")
    ax.set_ylabel("events that put Lenin there")
    ax.set_title(f"{title} Events that name him and put him on the spot, by place and half-year")
    ax.legend(loc="upper right", fontsize=8.5, ncols=2)
    add_source_line(fig, rows["source_id"])
    return fig


# ------------------------------------------------------------------------------------------------ explorers
def moment_options(events: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(label, ISO date) for each key moment, dates taken from events.csv."""
    events = load("events") if events is None else events
    rows = figures.sort_by_period(events.set_index("event_id").loc[KEY_MOMENTS].sort_values("date"))
    return [
        (textwrap.shorten(f"{format_date(r.date, r.date_precision)}: {r.title}", 70), f"{r.date:%Y-%m-%d}")
        for r in rows.itertuples()
    ]


def leading_people(offices: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(name, person_id) of everyone who sat in the party's leading bodies or chaired or deputised in Sovnarkom."""
    offices = load("offices") if offices is None else offices
    leading = offices["body"].isin(["politburo", "orgburo", "secretariat"]) | offices["office_id"].isin(
        ["sovnarkom_chair", "sovnarkom_deputy_chair"]
    )
    ids = sorted(set(offices.loc[leading, "person_id"]))
    people = load("people").set_index("person_id")
    return sorted(((people.loc[p, "name"], p) for p in ids), key=lambda pair: pair[0].split()[-1])


def levers_explorer() -> widgets.VBox:
    """Choose a moment; see who held which offices that day."""
    options = moment_options()
    default = next(value for label, value in options if "General Secretary" in label)
    return figure_explorer(levers_on_date_figure, {"date": dropdown("Date", options, default)}, columns=1)


def person_explorer() -> widgets.VBox:
    """Choose a person; see every office the data record for them, with Lenin's strokes marked."""
    controls = {
        "person": dropdown("Person", leading_people(), "trotsky"),
        "mark_lenin": widgets.Checkbox(value=True, description="mark Lenin's strokes and death"),
    }
    return figure_explorer(person_offices_figure, controls, columns=2)


EXPLORERS = {"levers_on_a_date": levers_explorer, "offices_of_a_person": person_explorer}


# ------------------------------------------------------------------------------------------------ self-checks


@exercises.answer("05.1")
def _days_after_first_stroke():
    return int((_event_date("lenin_death") - _event_date("first_stroke")).days)


@exercises.answer("05.2")
def _stalin_offices_may_1922():
    held = held_on("1922-05-01", open_end="exclude")
    return int(held.loc[held["person_id"] == "stalin", "office_id"].nunique())


@exercises.answer("05.3")
def _trotsky_declines_month():
    return f"{_event_date('trotsky_deputy_offer'):%Y-%m}"


@exercises.answer("05.5")
def _days_chair_vacant():
    offices = load("offices")
    chair = offices[offices["office_id"] == "sovnarkom_chair"].set_index("person_id")
    return int((chair.loc["rykov", "start"] - chair.loc["lenin", "end"]).days)


@exercises.answer("05.6")
def _writings_between_strokes():
    events = load("events")
    between = events[
        (events["kind"] == "publication")
        & events["person_ids"].str.contains("lenin", na=False)
        & (events["date"] > _event_date("second_stroke"))
        & (events["date"] < _event_date("third_stroke"))
    ]
    return len(between)


@exercises.answer("05.8")
def _lenin_away_from_moscow():
    rows = lenin_whereabouts()
    after_move = rows[rows["date"] > _event_date("government_arrives_moscow")]
    return sorted(after_move.loc[~after_move["where"].isin(["Moscow", "Gorki estate"]), "event_id"])
