"""Lesson 04, peace and civil war: the road to Brest-Litovsk, the civil war on a map, intervention, the new
border states and the disputed death toll.

Every figure is a plain function of the course tables (so it can be tested without a browser); the widgets only
wire controls to these functions.
"""

from __future__ import annotations

import math
import textwrap

import ipywidgets as widgets
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from leningov import figures
from leningov.calendar import FIRST_GREGORIAN_DAY
from leningov.data import event_date, load
from leningov.dates import date_span, format_date, format_dates, month_label
from leningov.maps import EXTENTS, distance_km, draw_basemap
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line, short_citation
from leningov.style import SEQUENCE, THEME_COLOURS
from leningov.widgets import dropdown, figure_explorer

exercises = Exercises.beside(__file__, "04")  # the answers below; their hints are in hints.csv
check = exercises.check


def _month_ticks(ax) -> None:
    """Date ticks written 'Nov 1917' by the course's formatter."""
    ax.xaxis.set_major_formatter(lambda value, _pos: month_label(mdates.num2date(value)))


# ----------------------------------------------------------------------------------------- 1. Brest-Litovsk
#: The road to the treaty and its end, in the order the lesson tells it.
BREST_EVENT_IDS = [
    "decree_on_peace",
    "armistice_talks_begin",
    "ceasefire_brest",
    "armistice_signed",
    "peace_talks_open",
    "trotsky_returns_from_brest",
    "lenin_peace_theses",
    "ukraine_bread_peace",
    "second_ultimatum_neither_war_nor_peace",
    "cc_vote_17feb",
    "german_offensive_faustschlag",
    "dvinsk_captured",
    "cc_vote_18feb",
    "german_ultimatum_23feb",
    "cc_vote_23feb",
    "moscow_bureau_opposes_treaty",
    "brest_treaty_signed",
    "brest_ratified",
    "mirbach_assassinated",
    "armistice_western_front",
    "brest_annulled",
]
#: How the timeline groups the events (by who acted), and the colour of each group.
BREST_GROUPS = {
    "german_offensive_faustschlag": "German pressure",
    "dvinsk_captured": "German pressure",
    "german_ultimatum_23feb": "German pressure",
    "second_ultimatum_neither_war_nor_peace": "German pressure",
    "armistice_talks_begin": "talks and treaties",
    "ceasefire_brest": "talks and treaties",
    "armistice_signed": "talks and treaties",
    "peace_talks_open": "talks and treaties",
    "ukraine_bread_peace": "talks and treaties",
    "brest_treaty_signed": "talks and treaties",
    "armistice_western_front": "talks and treaties",
    "moscow_bureau_opposes_treaty": "opponents of the peace",
    "mirbach_assassinated": "opponents of the peace",
}
BREST_GROUP_COLOURS = {
    "Soviet government and party": THEME_COLOURS["power"],
    "talks and treaties": THEME_COLOURS["foreign_policy"],
    "German pressure": THEME_COLOURS["civil_war"],
    "opponents of the peace": "#000000",
}
#: Russia's switch to the Gregorian calendar.
CALENDAR_SWITCH = pd.Timestamp(FIRST_GREGORIAN_DAY)


def brest_timeline(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events of the road to Brest-Litovsk in time order, with a label that gives the Old Style day too.

    An event known only to the month sorts after the days of its month (``figures.sort_by_period``); events of
    one day keep the order of ``BREST_EVENT_IDS``.
    """
    events = load("events") if events is None else events
    rows = events[events["event_id"].isin(BREST_EVENT_IDS)].copy()
    order = {event_id: i for i, event_id in enumerate(BREST_EVENT_IDS)}
    rows = figures.sort_by_period(rows.sort_values("event_id", key=lambda ids: ids.map(order))).reset_index(drop=True)
    rows["when"] = format_dates(rows["date"], rows["date_precision"], rows["date_os"])
    rows["group"] = rows["event_id"].map(BREST_GROUPS).fillna("Soviet government and party")
    return rows


def brest_timeline_figure(events: pd.DataFrame | None = None):
    """One row per event from the Decree on Peace to the annulment, so the crowded winter of 1918 stays legible."""
    rows = brest_timeline(events)
    if rows.empty:
        return figures.message_figure("The road to Brest-Litovsk", "No Brest-Litovsk events in this selection.")
    fig, ax = figures.new_figure(10, 0.36 * len(rows) + 1.6)
    y = np.arange(len(rows))[::-1]
    colours = rows["group"].map(BREST_GROUP_COLOURS)
    figures.draw_dated_events(ax, rows["date"], rows["date_precision"], y, colours, size=6.3)
    late = rows["date"] > pd.Timestamp("1918-06-30")
    for yi, row, is_late in zip(y, rows.itertuples(index=False), late, strict=True):
        first, last = date_span(row.date, row.date_precision)
        ax.annotate(
            row.when,
            (first if is_late else last, yi),  # beside the dot, or beside the bar of a month
            xytext=(-8 if is_late else 8, 0),
            textcoords="offset points",
            va="center",
            ha="right" if is_late else "left",
            fontsize=8,
            color="#333333",
        )
    ax.set_yticks(y, [textwrap.shorten(t, 58, placeholder="...") for t in rows["title"]], fontsize=8.5)
    ax.axvline(CALENDAR_SWITCH, color="#999999", linestyle="--", linewidth=1)
    ax.text(
        CALENDAR_SWITCH,
        y.max() + 0.9,
        f" Russia adopts New Style ({format_date(CALENDAR_SWITCH)})",
        fontsize=8,
        color="#555555",
        va="bottom",
    )
    ax.set_ylim(-0.8, y.max() + 1.8)
    ax.set_xlim(pd.Timestamp("1917-10-20"), pd.Timestamp("1918-12-10"))
    _month_ticks(ax)
    ax.set_xlabel(f"date (New Style); {figures.SPAN_KEY}")
    ax.grid(axis="y", alpha=0)
    handles = [Line2D([], [], marker="o", linestyle="", color=c, label=g) for g, c in BREST_GROUP_COLOURS.items()]
    ax.legend(handles=handles, loc="upper right", fontsize=8.5)
    ax.set_title("How did Soviet Russia get from the Decree on Peace to Brest-Litovsk, and out again?")
    add_source_line(fig, rows["source_id"])
    return fig


# ----------------------------------------------------------------------------------- 2. what Russia lost
#: The categories two or more sources report, shown by default.
MAIN_LOSS_CATEGORIES = ["population", "agricultural_land", "industry", "railways", "coal", "iron"]


def losses_table(losses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share lost (percent) by category (rows) and source (columns); empty where a source gives no figure."""
    losses = load("brest_litovsk_losses") if losses is None else losses
    table = losses.pivot_table(index="category", columns="source_id", values="share_lost_pct", aggfunc="first")
    sources = list(dict.fromkeys(losses["source_id"]))
    categories = list(dict.fromkeys(losses["category"]))
    return table.reindex(index=categories, columns=sources)


def losses_figure(sources=None, categories=tuple(MAIN_LOSS_CATEGORIES), losses: pd.DataFrame | None = None):
    """One bar per source and category: the sources disagree, and each bar says who says what."""
    losses = load("brest_litovsk_losses") if losses is None else losses
    title = "What did Russia lose at Brest-Litovsk? Each source's share of the former Empire"
    sources = list(dict.fromkeys(losses["source_id"])) if sources is None else list(sources)
    categories = list(categories)
    if not sources or not categories:
        return figures.message_figure(title, "Choose at least one source and one category.")
    picked = losses[losses["source_id"].isin(sources) & losses["category"].isin(categories)]
    if picked.empty:
        return figures.message_figure(title, "None of the chosen sources gives a figure for the chosen categories.")
    table = losses_table(picked)
    table = table.reindex(
        index=[c for c in categories if c in table.index], columns=[s for s in sources if s in table.columns]
    )
    n_cat, n_src = table.shape
    fig, ax = figures.new_figure(10, max(2.8, 0.2 * n_cat * max(n_src, 2) + 1.6))
    height = 0.8 / n_src
    ypos = np.arange(n_cat)[::-1]
    for j, source_id in enumerate(table.columns):
        values = table[source_id]
        offsets = ypos + 0.4 - height * (j + 0.5)
        bars = ax.barh(
            offsets,
            values.fillna(0),
            height=height * 0.92,
            color=SEQUENCE[j % len(SEQUENCE)],
            label=short_citation(source_id),
        )
        for bar, value in zip(bars, values, strict=True):
            label = "no figure" if pd.isna(value) else f"{value:g}"
            ax.text(
                bar.get_width() + 0.8,
                bar.get_y() + bar.get_height() / 2,
                label,
                va="center",
                fontsize=7.5,
                color="#999999" if pd.isna(value) else "black",
            )
    ax.set_yticks(ypos, [c.replace("_", " ") for c in table.index])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the former Empire's total lost (%)")
    ax.grid(axis="y", alpha=0)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="source", title_fontsize=8)
    ax.set_title(title)
    add_source_line(fig, picked["source_id"])
    return fig


def losses_explorer():
    """Choose sources and categories; the figure shows only the figures each chosen source gives."""
    losses = load("brest_litovsk_losses")
    sources = list(dict.fromkeys(losses["source_id"]))
    categories = list(dict.fromkeys(losses["category"]))
    layout = widgets.Layout(width="auto", height="140px")
    style = {"description_width": "initial"}
    controls = {
        "sources": widgets.SelectMultiple(
            options=[(short_citation(s), s) for s in sources],
            value=tuple(sources),
            description="Sources",
            layout=layout,
            style=style,
        ),
        "categories": widgets.SelectMultiple(
            options=[(c.replace("_", " "), c) for c in categories],
            value=tuple(MAIN_LOSS_CATEGORIES),
            description="Categories",
            layout=layout,
            style=style,
        ),
    }
    return figure_explorer(losses_figure, controls, columns=2)


# ------------------------------------------------------------------------------------ 3. the map over time
#: Extents of the two maps (lon0, lon1, lat0, lat1): Murmansk lies just north of the package's European frame.
MAP_EXTENTS = {"european_russia": (18.0, 62.0, 40.0, 70.0), "empire": "empire"}
#: The few places the map names, per extent, so that it stays readable.
MAP_LABELS = {
    "european_russia": [
        "petrograd",
        "moscow",
        "kiev",
        "warsaw",
        "kazan",
        "orel",
        "murmansk",
        "arkhangelsk",
        "tsaritsyn",
        "perm",
        "crimea",
    ],
    "empire": ["moscow", "kazan", "omsk", "irkutsk", "vladivostok", "murmansk"],
}
#: Other events of the lesson that belong on the map besides the civil-war theme and the independence declarations.
MAP_EXTRA_EVENTS = [
    "left_sr_uprising",
    "mirbach_assassinated",
    "brest_treaty_signed",
    "dvinsk_captured",
    "german_offensive_faustschlag",
    "peace_of_riga",
    "ukraine_bread_peace",
]
#: Fewer, broader kinds keep the map's legend short.
KIND_GROUPS = {
    "battle": "battle or offensive",
    "offensive": "battle or offensive",
    "intervention": "foreign intervention",
    "independence": "independence declared",
    "declaration": "Soviet republic or government proclaimed",
    "uprising": "uprising, assassination or execution",
    "assassination": "uprising, assassination or execution",
    "execution": "uprising, assassination or execution",
    "treaty": "treaty",
    "institution": "new army, government or council",
    "appointment": "new army, government or council",
    "decree": "new army, government or council",
}
KIND_COLOURS = {
    "battle or offensive": "#D55E00",
    "foreign intervention": "#009E73",
    "independence declared": "#0072B2",
    "Soviet republic or government proclaimed": "#CC79A7",
    "uprising, assassination or execution": "#000000",
    "treaty": "#E69F00",
    "new army, government or council": "#56B4E9",
    "other": "#999999",
}
FIRST_MONTH, LAST_MONTH = "1917-11", "1922-11"


def map_events(events: pd.DataFrame | None = None, places: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events of the civil war and the new border states, joined to their place's coordinates (by place_id)."""
    events = load("events") if events is None else events
    places = load("places") if places is None else places
    keep = (
        (events["theme"] == "civil_war")
        | (events["kind"] == "independence")
        | events["event_id"].isin(MAP_EXTRA_EVENTS)
    )
    mapped = events[keep].merge(places[["place_id", "name", "lon", "lat"]], on="place_id", how="inner")
    mapped["month"] = mapped["date"].dt.strftime("%Y-%m")
    mapped["kind_group"] = mapped["kind"].astype(str).map(KIND_GROUPS).fillna("other")
    return figures.sort_by_period(mapped.sort_values(["date", "event_id"])).reset_index(drop=True)


def month_options() -> list[tuple[str, str]]:
    """('Nov 1917', '1917-11') ... for the slider."""
    months = pd.period_range(FIRST_MONTH, LAST_MONTH, freq="M")
    return [(month_label(m.start_time), str(m)) for m in months]


def _spread(frame: pd.DataFrame, radius: float) -> pd.DataFrame:
    """Events at the same place are set on a small ring around it, so that each can be seen and counted."""
    frame = frame.copy()
    frame["x"], frame["y"] = frame["lon"].astype(float), frame["lat"].astype(float)
    for _, group in frame.groupby("place_id", sort=True):
        if len(group) < 2:
            continue
        for k, index in enumerate(group.index):
            angle = 2 * math.pi * k / len(group)
            frame.loc[index, "x"] += radius * math.cos(angle) / math.cos(math.radians(frame.loc[index, "lat"]))
            frame.loc[index, "y"] += radius * math.sin(angle)
    return frame


def civil_war_map(
    until: str = "1919-10", colour_by: str = "kind", extent: str = "european_russia", events: pd.DataFrame | None = None
):
    """Events up to the chosen month on the base map; the chosen month's events are ringed and listed."""
    if colour_by not in ("kind", "theme"):
        raise ValueError(f"colour_by must be 'kind' or 'theme', not {colour_by!r}")
    if extent not in MAP_EXTENTS:
        raise ValueError(f"extent must be one of {sorted(MAP_EXTENTS)}, not {extent!r}")
    mapped = map_events(events)
    label = next((lab for lab, value in month_options() if value == until), until)
    shown = mapped[mapped["month"] <= until]
    box = MAP_EXTENTS[extent]
    x0, x1, y0, y1 = EXTENTS[box] if isinstance(box, str) else box
    inside = shown[shown["lon"].between(x0, x1) & shown["lat"].between(y0, y1)]
    outside = len(shown) - len(inside)

    tall = extent == "european_russia"
    fig, (ax, side) = figures.new_figure(
        10, 7.4 if tall else 4.8, ncols=2, gridspec_kw={"width_ratios": [2.3, 1] if tall else [4.2, 1]}
    )
    draw_basemap(ax, box)
    coords = load("places").set_index("place_id")
    for place_id in MAP_LABELS[extent]:
        lon, lat = float(coords.loc[place_id, "lon"]), float(coords.loc[place_id, "lat"])
        ax.plot(lon, lat, marker="s", markerfacecolor="none", markeredgecolor="#333333", markersize=4, zorder=6)
        ax.annotate(
            coords.loc[place_id, "name"],
            (lon, lat),
            xytext=(4, 4),
            textcoords="offset points",
            fontsize=8.5,
            color="#222222",
            zorder=6,
        )

    key = "kind_group" if colour_by == "kind" else "theme"
    palette = KIND_COLOURS if colour_by == "kind" else THEME_COLOURS
    spread = _spread(inside, 0.45 if extent == "european_russia" else 0.9)
    for name in palette:
        part = spread[spread[key].astype(str) == name]
        if part.empty:
            continue
        old, new = part[part["month"] < until], part[part["month"] == until]
        ax.scatter(old["x"], old["y"], s=26, color=palette[name], alpha=0.6, edgecolor="none", zorder=3)
        ax.scatter(new["x"], new["y"], s=70, color=palette[name], edgecolor="black", linewidth=1.2, zorder=5)
    present = [n for n in palette if (spread[key].astype(str) == n).any()]
    handles = [Line2D([], [], marker="o", linestyle="", color=palette[n], label=n.replace("_", " ")) for n in present]
    ax.set_title(f"Where had the civil war been fought by {label}?")

    side.axis("off")
    if handles:
        side.legend(
            handles=handles,
            loc="lower left",
            fontsize=8,
            title=f"event {colour_by} (ringed: this month)",
            title_fontsize=8,
            alignment="left",
        )
    lines = [f"Events in {label}:"]
    this_month = shown[shown["month"] == until]
    if this_month.empty:
        lines.append("none in the course timeline")
    for row in this_month.itertuples(index=False):
        off = "" if row.event_id in set(inside["event_id"]) else ", off this map"
        lines.append(textwrap.fill(f"• {row.title} ({row.name}{off})", 36, subsequent_indent="  "))
    lines += ["", f"{len(inside)} events on this map up to {label}"]
    if outside:
        lines.append(textwrap.fill(f"({outside} more lie outside it: choose the whole former empire)", 36))
    side.text(0, 1, "\n".join(lines), va="top", ha="left", fontsize=8.5, transform=side.transAxes)
    add_source_line(fig, list(inside["source_id"]) + ["natural_earth"])
    return fig


def civil_war_map_explorer():
    """Move through the war month by month; colour the events by kind or by course theme; switch the map."""
    style = {"description_width": "initial"}
    controls = {
        "until": widgets.SelectionSlider(
            options=month_options(),
            value="1919-10",
            description="Events up to",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="460px"),
        ),
        "colour_by": widgets.ToggleButtons(
            options=[("kind of event", "kind"), ("course theme", "theme")],
            value="kind",
            description="Colour by",
            style=style,
        ),
        "extent": dropdown("Map", [("European Russia", "european_russia"), ("whole former empire", "empire")]),
    }
    return figure_explorer(civil_war_map, controls, columns=1)


# -------------------------------------------------------------------------------- 4. distance from Moscow
FIGHTING_KINDS = ["battle", "offensive"]


def fighting_distances(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Battles and offensives of the civil war with their distance from Moscow."""
    mapped = map_events(events)
    fights = mapped[(mapped["theme"] == "civil_war") & mapped["kind"].isin(FIGHTING_KINDS)].copy()
    moscow = load("places").set_index("place_id").loc["moscow", ["lon", "lat"]].astype(float)
    fights["km_from_moscow"] = distance_km(fights["lon"], fights["lat"], (moscow["lon"], moscow["lat"]))
    return fights.reset_index(drop=True)


def front_distance_figure(events: pd.DataFrame | None = None):
    """Date against distance from Moscow for every civil-war battle: the Reds fought from the centre outwards."""
    fights = fighting_distances(events)
    title = "How close to Moscow did the fighting come?"
    if fights.empty:
        return figures.message_figure(title, "No civil-war battles in this selection.")
    fig, ax = figures.new_figure(9.5, 5)
    colours = [THEME_COLOURS["civil_war"]] * len(fights)
    figures.draw_dated_events(ax, fights["date"], fights["date_precision"], fights["km_from_moscow"], colours)
    # name each place once, at its first battle, so that repeated fighting at one place does not overprint
    for row in fights.drop_duplicates("place_id").itertuples(index=False):
        ax.annotate(
            row.name.split(" (")[0],
            (row.date, row.km_from_moscow),
            xytext=(5, 4),
            textcoords="offset points",
            fontsize=8,
            color="#333333",
        )
    ax.set_ylim(0, fights["km_from_moscow"].max() * 1.15)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    _month_ticks(ax)
    ax.set_xlabel(f"date of the battle or offensive (New Style); {figures.SPAN_KEY}")
    ax.set_ylabel("distance from Moscow (km, great circle)")
    ax.set_title(title)
    places = load("places").set_index("place_id")
    add_source_line(fig, list(fights["source_id"]) + list(places.loc[fights["place_id"], "source_id"]))
    return fig


# ------------------------------------------------------------------------------------ 5. intervention
KIND_WORDS = {"landed": "landed", "peak": "peak strength", "combined": "several countries"}
COUNTRY_NAMES = {
    "allied_combined": "Allies (combined)",
    "japan": "Japan",
    "united_states": "United States",
    "united_kingdom": "United Kingdom",
    "canada": "Canada",
    "france": "France",
    "italy": "Italy",
    "china": "China",
    "greece": "Greece",
    "czechoslovakia_legion": "Czechoslovak Legion",
}
COUNTRY_COLOURS = {
    "allied_combined": "#777777",
    "japan": "#B22222",
    "united_states": "#0072B2",
    "united_kingdom": "#56B4E9",
    "canada": "#CC79A7",
    "france": "#E69F00",
    "italy": "#009E73",
    "china": "#F0E442",
    "greece": "#882255",
    "czechoslovakia_legion": "#000000",
}
#: Theatres from north to south, then east.
PLACE_ORDER = ["murmansk", "arkhangelsk", "north_russia", "ukraine", "crimea", "siberia"]


def intervention_table(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """The intervention rows with readable labels for country, place and date (as exact as each row is)."""
    frame = load("foreign_intervention") if frame is None else frame
    places = load("places").set_index("place_id")["name"]
    out = frame.copy()
    out["place"] = out["place_id"].map(places)
    out["country_label"] = out["country"].map(COUNTRY_NAMES).fillna(out["country"].str.replace("_", " "))
    out["when"] = [
        format_date(d, p) + (", month not given" if p == "year" else "")
        for d, p in zip(out["date"], out["date_precision"], strict=True)
    ]
    order = {place_id: i for i, place_id in enumerate(PLACE_ORDER)}
    out["place_order"] = out["place_id"].map(order).fillna(len(order))
    return out.sort_values(["place_order", "date", "troops"]).drop(columns="place_order").reset_index(drop=True)


def intervention_figure(place: str = "all", kinds=("landed", "peak", "combined"), frame=None):
    """One bar per row of the data: who sent how many troops where, when, and what sort of figure each one is."""
    title = "Who sent troops, where and when? Foreign forces on former imperial territory"
    table = intervention_table(frame)
    kinds = list(kinds)
    picked = table[table["troops_kind"].isin(kinds)]
    if place != "all":
        picked = picked[picked["place_id"] == place]
    if picked.empty:
        return figures.message_figure(title, "No rows for this place and these kinds of figure: widen the selection.")
    picked = picked.reset_index(drop=True)
    fig, ax = figures.new_figure(10, 0.36 * len(picked) + 1.9)
    y = np.arange(len(picked))[::-1]
    hatches = {"landed": "", "peak": "", "combined": "///"}
    for yi, row in zip(y, picked.itertuples(index=False), strict=True):
        ax.barh(
            yi,
            row.troops,
            color=COUNTRY_COLOURS.get(row.country, "#999999"),
            hatch=hatches[row.troops_kind],
            edgecolor="white",
        )
        ax.text(
            row.troops + picked["troops"].max() * 0.01,
            yi,
            f"{row.troops:,} ({KIND_WORDS[row.troops_kind]}; {row.when}) - {short_citation(row.source_id)}",
            va="center",
            fontsize=7.5,
        )
    ax.set_yticks(y, [f"{r.place}: {r.country_label}" for r in picked.itertuples(index=False)], fontsize=8.5)
    # a thin line between theatres
    ids = list(picked["place_id"])
    for level in [y[i] + 0.5 for i in range(1, len(ids)) if ids[i] != ids[i - 1]]:
        ax.axhline(level, color="#999999", linewidth=0.6)
    ax.set_xlim(0, picked["troops"].max() * 1.9)
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.set_xlabel("troops (hatched bars: several countries together)")
    ax.grid(axis="y", alpha=0)
    ax.set_title(title)
    add_source_line(fig, picked["source_id"])
    return fig


def intervention_explorer():
    """Choose a place and the kinds of figure; every bar is one row of foreign_intervention.csv."""
    table = intervention_table()
    places = table.drop_duplicates("place_id")
    style = {"description_width": "initial"}
    controls = {
        "place": dropdown(
            "Place", [("all places", "all")] + list(zip(places["place"], places["place_id"], strict=True))
        ),
        "kinds": widgets.SelectMultiple(
            options=[(KIND_WORDS[k], k) for k in KIND_WORDS],
            value=tuple(KIND_WORDS),
            description="Kind of figure",
            style=style,
            layout=widgets.Layout(height="80px"),
        ),
    }
    return figure_explorer(intervention_figure, controls, columns=2)


# ----------------------------------------------------------------------------------- 6. the border states
#: The nation each border-state event belongs to (the events table has places, not nations).
BORDER_EVENTS = {
    "finland_independence": "Finland",
    "lithuania_declaration_dec1917": "Lithuania",
    "lithuania_act_independence": "Lithuania",
    "lithuanian_ssr": "Lithuania",
    "latvia_declaration_jan1918": "Latvia",
    "latvia_proclaimed": "Latvia",
    "latvian_ssr": "Latvia",
    "estonia_independence": "Estonia",
    "estonian_commune": "Estonia",
    "ukraine_fourth_universal": "Ukraine",
    "ukraine_bread_peace": "Ukraine",
    "ukraine_provisional_soviet_govt": "Ukraine",
    "ukrainian_ssr_kharkiv": "Ukraine",
    "borotbists_merge": "Ukraine",
    "byelorussian_ssr": "Byelorussia",
    "transcaucasia_independence": "Transcaucasia",
    "georgia_invaded": "Transcaucasia",
    "poland_independence": "Poland",
    "polish_soviet_war_begins": "Poland",
    "kiev_taken_by_poles": "Poland",
    "peace_of_riga": "Poland",
}
#: Short names for the events that are neither declarations nor Soviet republics.
BORDER_SHORT = {
    "ukraine_bread_peace": "'bread peace'",
    "borotbists_merge": "Borotbists merged",
    "georgia_invaded": "Red Army invades",
    "polish_soviet_war_begins": "war begins",
    "kiev_taken_by_poles": "Poles take Kiev",
    "peace_of_riga": "Peace of Riga",
}
NATIONS = ["Finland", "Estonia", "Latvia", "Lithuania", "Poland", "Byelorussia", "Ukraine", "Transcaucasia"]
BORDER_COLOURS = {
    "independence declared": "#0072B2",
    "Soviet republic or government proclaimed": "#CC79A7",
    "war, treaty or other": "#777777",
}


def border_events(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Independence declarations and Soviet republics of the border nations, with the nation each concerns."""
    events = load("events") if events is None else events
    rows = events[events["event_id"].isin(BORDER_EVENTS)].copy()
    rows["nation"] = rows["event_id"].map(BORDER_EVENTS)
    kinds = rows["kind"].astype(str)
    rows["what"] = np.where(
        kinds == "independence",
        "independence declared",
        np.where(kinds == "declaration", "Soviet republic or government proclaimed", "war, treaty or other"),
    )
    return figures.sort_by_period(rows.sort_values(["date", "event_id"])).reset_index(drop=True)


def border_states_figure(events: pd.DataFrame | None = None):
    """One lane per nation: independence first, then, after Germany's collapse, the Soviet republics."""
    rows = border_events(events)
    title = "Independence, then Soviet republics: the new states on the old empire's borders"
    if rows.empty:
        return figures.message_figure(title, "No border-state events in this selection.")
    fig, ax = figures.new_figure(10.5, 5.4)
    lanes = {nation: i for i, nation in enumerate(NATIONS[::-1])}
    colours = rows["what"].map(BORDER_COLOURS)
    figures.draw_dated_events(ax, rows["date"], rows["date_precision"], rows["nation"].map(lanes), colours, size=8)
    # label each event with its short date; alternate above and below so neighbours do not collide
    for nation, group in rows.groupby("nation", sort=True):
        for k, row in enumerate(group.itertuples(index=False)):
            text = format_date(row.date, row.date_precision, row.date_os)
            if row.event_id in BORDER_SHORT:
                text = f"{BORDER_SHORT[row.event_id]}, {text}"
            first, last = date_span(row.date, row.date_precision)
            ax.annotate(
                text,
                (first + (last - first) / 2, lanes[nation]),  # the middle of a month or year known only so
                xytext=(0, 9 if k % 2 == 0 else -13),
                textcoords="offset points",
                ha="center",
                fontsize=6.8,
                color="#333333",
            )
    figures.mark_dates(
        ax,
        {
            "Brest-Litovsk": event_date("brest_treaty_signed"),
            "Armistice in the West": event_date("armistice_western_front"),
        },
        colour="#999999",
    )
    ax.set_yticks(list(lanes.values()), list(lanes))
    ax.set_ylim(-0.7, len(NATIONS) - 0.1)
    ax.set_xlim(pd.Timestamp("1917-08-15"), pd.Timestamp("1921-06-30"))
    _month_ticks(ax)
    ax.set_xlabel(f"date (New Style); {figures.SPAN_KEY}")
    ax.grid(axis="y", alpha=0.15)
    handles = [Line2D([], [], marker="o", linestyle="", color=c, label=w) for w, c in BORDER_COLOURS.items()]
    ax.legend(handles=handles, loc="upper right", fontsize=8, frameon=True, framealpha=0.9)
    ax.set_title(title)
    add_source_line(fig, rows["source_id"])
    return fig


# -------------------------------------------------------------------------------------- 7. the human cost
COST_QUANTITIES = [
    "civil_war_deaths",
    "civil_war_military_deaths",
    "famine_deaths_1921_22",
    "white_terror_deaths",
    "red_terror_deaths",
    "czech_legion_strength",
]


def estimate_rows(quantity_id: str = "civil_war_deaths", estimates: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of one disputed quantity, one per source, with what each counts (scope)."""
    estimates = load("estimates") if estimates is None else estimates
    rows = estimates[estimates["quantity_id"] == quantity_id]
    return rows[["source_id", "low", "high", "point", "unit", "scope"]].reset_index(drop=True)


def estimates_figure(quantity_id: str = "civil_war_deaths", estimates: pd.DataFrame | None = None):
    """One row per source, drawn the course's way (``figures.draw_estimates``), with what each source counts
    under it."""
    estimates = load("estimates") if estimates is None else estimates
    rows = estimate_rows(quantity_id, estimates)
    if rows.empty:
        return figures.message_figure("Disputed figures", f"No estimates for {quantity_id!r} in estimates.csv.")
    quantity = estimates.loc[estimates["quantity_id"] == quantity_id, "quantity"].iloc[0]
    unit = rows["unit"].iloc[0]
    millions = float(np.nanmax(rows[["low", "high", "point"]].to_numpy(dtype=float))) >= 1e6
    fig, ax = figures.new_figure(9.5, figures.estimates_height(rows))
    figures.draw_estimates(ax, rows, colours=[THEME_COLOURS["civil_war"]] * len(rows))
    if millions:  # the axis in millions; the figures beside the bars stay exact (10,500,000, not 10)
        ax.xaxis.set_major_formatter(lambda value, _pos: f"{value / 1e6:g}")
    ax.set_xlabel(f"{unit}{', millions' if millions else ''} ({figures.ESTIMATE_KEY})")
    ax.set_title(f"Historians disagree: {quantity}")
    add_source_line(fig, rows["source_id"])
    return fig


def estimates_explorer():
    """Choose a disputed quantity of the civil war; one line per source."""
    estimates = load("estimates").drop_duplicates("quantity_id").set_index("quantity_id")["quantity"]
    options = [(estimates[q], q) for q in COST_QUANTITIES if q in estimates.index]
    control = dropdown("Quantity", options, "civil_war_deaths")
    control.layout.width = "560px"
    return figure_explorer(estimates_figure, {"quantity_id": control}, columns=1)


# -------------------------------------------------------------------------------------------- self-checks
@exercises.answer("04.1")
def _lenin_theses_new_style():
    events = load("events").set_index("event_id")
    return events.loc["lenin_peace_theses", "date"].date().isoformat()


@exercises.answer("04.2")
def _coal_spread():
    coal = load("brest_litovsk_losses").query("category == 'coal'")["share_lost_pct"]
    return round(float(coal.max() - coal.min()), 1)


@exercises.answer("04.3")
def _events_east_of_urals():
    return int((map_events()["lon"] > 60).sum())


@exercises.answer("04.5", tolerance=0.01)
def _japan_us_ratio():
    rows = load("foreign_intervention").query("source_id == 'wp_siberian_intervention'").set_index("country")
    return round(float(rows.loc["japan", "troops"] / rows.loc["united_states", "troops"]), 1)


@exercises.answer("04.6")
def _estonia_days():
    events = load("events").set_index("event_id")["date"]
    return int((events["estonian_commune"] - events["estonia_independence"]).days)


@exercises.answer("04.8")
def _death_toll_spread_millions():
    rows = estimate_rows("civil_war_deaths")
    lowest = rows[["low", "point"]].min().min()
    highest = rows[["high", "point"]].max().max()
    return float((highest - lowest) / 1e6)


EXPLORERS = {
    "losses_explorer": losses_explorer,
    "civil_war_map_explorer": civil_war_map_explorer,
    "intervention_explorer": intervention_explorer,
    "estimates_explorer": estimates_explorer,
}
