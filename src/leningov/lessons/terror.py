"""Lesson 03, terror and repression: the repression timeline, the camps, and the disputed death tolls.

The plotting functions return figures (never pyplot), so the widgets that redraw them can be tested without a
browser. Disputed tolls are always drawn one row per source, with what that source counts beside it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import ipywidgets as widgets
import matplotlib.dates as mdates
import pandas as pd

from leningov import figures
from leningov.data import event_date as _event_date
from leningov.data import load
from leningov.dates import month_label
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line, short_citation
from leningov.style import SEQUENCE, THEME_COLOURS
from leningov.widgets import dropdown, figure_explorer

exercises = Exercises.beside(__file__, "03")  # the answers below; their hints are in hints.csv
check = exercises.check

# ---------------------------------------------------------------------------------------------- the timeline
#: The course's grouping of repressive measures into strands (our analytical choice, not a category in the sources).
STRAND_EVENTS = {
    "Courts and the law": [
        "courts_decree_no1",
        "revolutionary_tribunals_established",
        "courts_decree_no2",
        "criminal_code_1922",
        "kursky_letter_terror",
    ],
    "Cheka and Red Terror": [
        "lenin_vtsik_violence_speech",
        "cheka_founded",
        "romanov_execution",
        "hostage_order",
        "penza_telegram",
        "uritsky_assassinated",
        "petrograd_cheka_shootings",
        "kaplan_executed",
        "red_terror_decree",
        "cheka_powers_curbed",
        "sklyansky_note",
    ],
    "Camps": ["camps_decreed_1919", "camps_end_1920", "ukhta_camp_approved", "camps_october_1923"],
    "Press, parties and intellectuals": [
        "decree_on_press",
        "kadets_outlawed",
        "left_srs_banned_from_soviets",
        "gorky_letter_intellectuals",
        "sr_trial",
        "intellectuals_exile_lists",
        "philosophers_ship_september",
        "philosophers_ship_november",
        "mensheviks_expelled",
        "menshevik_children_pechora",
    ],
    "The church": [
        "church_state_separation",
        "tikhon_famine_appeal",
        "church_valuables_decree",
        "shuya_letter",
        "priests_execution_decree",
    ],
    "Risings put down": [
        "constituent_assembly_demonstration",
        "tambov_rebellion_begins",
        "petrograd_strikes_1921",
        "kronstadt_rebellion_begins",
        "kronstadt_government_order",
        "kronstadt_crushed",
    ],
}
STRANDS = list(STRAND_EVENTS)
STRAND_COLOURS = dict(zip(STRANDS, [SEQUENCE[0], THEME_COLOURS["terror"], *SEQUENCE[1:5]], strict=True))
ALL = "all strands"


def repression_events(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events of the repression timeline, each with its strand, in time order: an event known only to the
    month or the year comes after the days of its period (the 1922 Criminal Code after Lenin's May letter on it)."""
    events = load("events") if events is None else events
    strand_of = {event_id: strand for strand, ids in STRAND_EVENTS.items() for event_id in ids}
    missing = sorted(set(strand_of) - set(events["event_id"]))
    if missing:
        raise KeyError(f"events.csv lacks the timeline's events: {', '.join(missing)}")
    chosen = events[events["event_id"].isin(strand_of)].copy()
    chosen["strand"] = pd.Categorical(chosen["event_id"].map(strand_of), categories=STRANDS)
    chosen = chosen.sort_values(["date", "event_id"], kind="stable")
    return figures.sort_by_period(chosen).reset_index(drop=True)


def timeline_figure(strand: str = ALL, years: tuple[int, int] = (1917, 1923), events: pd.DataFrame | None = None):
    """The repression timeline: one row per event, a dot on its date (a bar across the month or year when only
    those are known), coloured by strand."""
    table = repression_events(events)
    first, last = int(min(years)), int(max(years))
    picked = table[(table["date"].dt.year >= first) & (table["date"].dt.year <= last)]
    if strand != ALL:
        picked = picked[picked["strand"] == strand]
    title = "How was the machinery of repression built, step by step?"
    if picked.empty:
        return figures.message_figure(title, f"No events of the strand '{strand}' in {first}-{last}: widen the years.")
    picked = picked.reset_index(drop=True)
    fig, ax = figures.new_figure(9, 1.4 + 0.27 * len(picked))
    colours = [STRAND_COLOURS[s] for s in picked["strand"]]
    figures.draw_dated_events(ax, picked["date"], picked["date_precision"], picked.index, colours)
    ax.set_yticks(range(len(picked)))
    ax.set_yticklabels([textwrap.shorten(t, 66, placeholder="…") for t in picked["title"]], fontsize=8)
    for label, strand_name in zip(ax.get_yticklabels(), picked["strand"], strict=True):
        label.set_color(STRAND_COLOURS[strand_name])
    ax.set_ylim(len(picked) - 0.5, -0.5)
    ax.set_xlim(pd.Timestamp(f"{first}-01-01") - pd.Timedelta(days=20), pd.Timestamp(f"{last + 1}-01-01"))
    ax.grid(axis="y", alpha=0.15)
    ax.set_xlabel(f"date (New Style); {figures.SPAN_KEY}")
    ax.set_title(title if strand == ALL else f"{title}\n{strand}, {first}-{last}")
    for name in STRANDS:
        if (picked["strand"] == name).any():
            ax.plot([], [], "o", color=STRAND_COLOURS[name], label=name)
    ax.legend(fontsize=8, loc="upper right" if len(picked) > 8 else "lower right")
    add_source_line(fig, picked["source_id"])
    return fig


def repression_timeline_explorer() -> widgets.VBox:
    """Filter the repression timeline by strand and by years."""
    strand = dropdown("Strand", [ALL, *STRANDS])
    years = widgets.IntRangeSlider(value=(1917, 1923), min=1917, max=1923, step=1, description="Years")
    return figure_explorer(timeline_figure, {"strand": strand, "years": years})


# ---------------------------------------------------------------------------------------------- the camps
CAMP_MEASURES = {
    "camps": "number of camps",
    "prisoners": "prisoners held",
    "prisoners_per_camp": "prisoners per camp (average)",
}


def camps_table(camps: pd.DataFrame | None = None) -> pd.DataFrame:
    """The camp counts in date order, with prisoners per camp where a source gives both figures."""
    camps = load("camps") if camps is None else camps
    table = camps.sort_values("date").reset_index(drop=True)
    table["prisoners_per_camp"] = (table["prisoners"] / table["camps"]).astype("Float64")
    return table


def camps_figure(measure: str = "camps", camps: pd.DataFrame | None = None):
    """The camp system at the dates the sources give, one colour per source, on the chosen measure."""
    if measure not in CAMP_MEASURES:
        raise ValueError(f"measure must be one of {', '.join(CAMP_MEASURES)}, not {measure!r}")
    table = camps_table(camps)
    title = {
        "camps": "How many camps were there, 1920-1923?",
        "prisoners": "How many prisoners did the camps hold, 1920-1923?",
        "prisoners_per_camp": "Were the camps getting bigger or smaller, 1920-1923?",
    }[measure]
    shown = table[table[measure].notna()]
    if shown.empty:
        return figures.message_figure(title, "No source in camps.csv gives this measure.")
    fig, ax = figures.new_figure(8, 4.2)
    sources = list(dict.fromkeys(table["source_id"]))
    colours = dict(zip(sources, SEQUENCE, strict=False))
    for source_id in sources:
        rows = shown[shown["source_id"] == source_id]
        if rows.empty:
            continue
        values = rows[measure].astype(float)
        ax.plot(
            rows["date"],
            values,
            "o--",
            color=colours[source_id],
            markersize=9,
            linewidth=1,
            label=short_citation(source_id),
        )
        for date, value in zip(rows["date"], values, strict=True):
            ax.annotate(f"{value:,.0f}", (date, value), textcoords="offset points", xytext=(0, 9), ha="center")
    gaps = table[table[measure].isna()]
    for _, row in gaps.iterrows():
        ax.annotate(
            f"{short_citation(row['source_id'])}: no figure",
            (row["date"], 0),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=8,
            color=colours[row["source_id"]],
        )
    top = float(shown[measure].astype(float).max())
    ax.set_ylim(0, top * 1.2)
    ax.set_xlim(pd.Timestamp("1920-06-01"), pd.Timestamp("1924-03-01"))
    ax.set_ylabel(CAMP_MEASURES[measure])
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(lambda value, _pos: month_label(mdates.num2date(value)))
    ax.set_xlabel("date the count refers to (a dashed line only joins two counts: nothing is known in between)")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left")
    add_source_line(fig, table["source_id"])
    return fig


def camps_explorer() -> widgets.VBox:
    """Choose what to measure the camp system by."""
    measure = dropdown("Measure", [(label, key) for key, label in CAMP_MEASURES.items()])
    return figure_explorer(camps_figure, {"measure": measure})


# ---------------------------------------------------------------------------------------------- the death tolls
#: The disputed tolls of this lesson, in the order the widget offers them.
TOLL_QUANTITIES = [
    "red_terror_deaths",
    "cheka_deaths_total",
    "white_terror_deaths",
    "petrograd_cheka_shootings_1918",
    "priests_killed_1922",
    "kronstadt_rebels_killed",
    "kronstadt_rebels_executed",
    "kronstadt_red_army_killed",
    "kronstadt_deaths_total",
    "tambov_deaths",
    "tambov_arrested",
    "tambov_interned",
]
KRONSTADT_QUANTITIES = [q for q in TOLL_QUANTITIES if q.startswith("kronstadt")]


def estimate_rows(quantity: str | Iterable[str], estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of estimates.csv for one quantity (or several), in the order asked, one row per source."""
    estimates = load("estimates") if estimates is None else estimates
    wanted = [quantity] if isinstance(quantity, str) else list(quantity)
    rows = estimates[estimates["quantity_id"].isin(wanted)].copy()
    rows["order"] = rows["quantity_id"].map({q: i for i, q in enumerate(wanted)})
    return rows.sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


def spread_factor(quantity_id: str, estimates: pd.DataFrame | None = None) -> float:
    """How many times the largest figure any source gives exceeds the smallest."""
    rows = estimate_rows(quantity_id, estimates)
    if rows.empty:
        raise KeyError(f"{quantity_id!r} is not a quantity_id in estimates.csv")
    ranges = [figures.estimate_range(row) for _, row in rows.iterrows()]
    return max(hi for _, hi in ranges) / min(lo for lo, _ in ranges)


def estimates_figure(
    quantity: str | Iterable[str] = "red_terror_deaths",
    log_scale: bool = False,
    estimates: pd.DataFrame | None = None,
    title: str | None = None,
):
    """One row per source, drawn by ``figures.draw_estimates``: a bar for a range, a diamond for a single figure,
    an arrow for 'at least'; under each row, what that source counts (its scope)."""
    rows = estimate_rows(quantity, estimates)
    several = rows["quantity_id"].nunique() > 1
    if title is None:
        name = rows["quantity"].iloc[0] if not rows.empty else str(quantity)
        title = f"{name}: how far apart are the sources, and what does each count?"
    if rows.empty:
        return figures.message_figure(title, f"No rows for {quantity!r} in estimates.csv.")
    fig, ax = figures.new_figure(9, figures.estimates_height(rows))
    key = "quantity_id" if several else "source_id"  # one colour per quantity, or per source
    colour_of = dict(zip(dict.fromkeys(rows[key]), SEQUENCE, strict=False))
    labels = [
        f"{q}: {short_citation(s)}" if several else short_citation(s)
        for s, q in zip(rows["source_id"], rows["quantity"], strict=True)
    ]
    figures.draw_estimates(ax, rows, colours=rows[key].map(colour_of), labels=labels, log_scale=log_scale,
                   fontsize=7.5 if several else 8.5)
    units = ", ".join(dict.fromkeys(rows["unit"]))
    ax.set_xlabel(f"{units} ({figures.ESTIMATE_KEY})" + ("; logarithmic scale" if log_scale else ""))
    ax.set_title("\n".join(textwrap.wrap(title, 80)))
    add_source_line(fig, rows["source_id"])
    return fig


def toll_options(estimates: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(label, quantity_id) pairs for the widget, labelled by the quantity in words."""
    estimates = load("estimates") if estimates is None else estimates
    names = estimates.drop_duplicates("quantity_id").set_index("quantity_id")["quantity"]
    return [(str(names[q]), q) for q in TOLL_QUANTITIES if q in names.index]


def estimates_explorer() -> widgets.VBox:
    """Choose a disputed toll; see every source's figure and what it counts."""
    quantity = dropdown("Quantity", toll_options(), value="red_terror_deaths")
    quantity.layout = widgets.Layout(width="520px")
    log_scale = widgets.Checkbox(value=False, description="logarithmic scale")
    return figure_explorer(estimates_figure, {"quantity": quantity, "log_scale": log_scale}, columns=2)


# ---------------------------------------------------------------------------------------------- self-checks


@exercises.answer("03.1")
def _days_cheka_to_red_terror() -> int:
    return int((_event_date("red_terror_decree") - _event_date("cheka_founded")).days)


@exercises.answer("03.3")
def _prisoners_per_camp_1923() -> float:
    table = camps_table()
    row = table[table["date"] == pd.Timestamp("1923-10-01")].iloc[0]
    return float(row["prisoners"] / row["camps"])


@exercises.answer("03.4")
def _red_terror_spread() -> float:
    return spread_factor("red_terror_deaths")


@exercises.answer("03.5")
def _petrograd_highest_source() -> str:
    rows = estimate_rows("petrograd_cheka_shootings_1918")
    return str(rows.loc[rows["point"].astype(float).idxmax(), "source_id"])


@exercises.answer("03.6")
def _priests_ratio() -> float:
    rows = estimate_rows("priests_killed_1922").set_index("source_id")
    return float(rows.loc["seed", "low"] / rows.loc["rayfield2004", "point"])


@exercises.answer("03.7")
def _kronstadt_days() -> int:
    return int((_event_date("kronstadt_crushed") - _event_date("kronstadt_rebellion_begins")).days)


EXPLORERS = {
    "repression_timeline": repression_timeline_explorer,
    "camps": camps_explorer,
    "estimates": estimates_explorer,
}

__all__ = [
    "ALL",
    "CAMP_MEASURES",
    "EXPLORERS",
    "KRONSTADT_QUANTITIES",
    "STRANDS",
    "STRAND_EVENTS",
    "TOLL_QUANTITIES",
    "camps_explorer",
    "camps_figure",
    "camps_table",
    "estimate_rows",
    "estimates_explorer",
    "estimates_figure",
    "repression_events",
    "repression_timeline_explorer",
    "spread_factor",
    "timeline_figure",
    "toll_options",
]
