"""Lesson 07, capstone: one explorer across every table, and the evidence for a seminar synthesis.

The explorer's callbacks are plain functions of DataFrames (``filter_events``, ``timeline_figure``, ``map_figure``,
``event_list``, ``related_rows``), so they are tested without a browser. Data are loaded once per process and
passed in; the explorer redraws only the parts of its display whose inputs changed.
"""

from __future__ import annotations

import functools
import html
import io
import math
import textwrap
from collections.abc import Iterable

import ipywidgets as widgets
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from leningov import figures
from leningov.data import load
from leningov.dates import date_span, format_date, format_dates, month_label
from leningov.maps import EXTENTS as MAP_EXTENTS
from leningov.maps import draw_basemap, places_near
from leningov.offices import body_label, held_on
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line, short_citation, source_line
from leningov.style import SEQUENCE, THEME_COLOURS
from leningov.widgets import LiveVBox, figure_explorer, readable, register, static_note

exercises = Exercises.beside(__file__, "07")  # the answers below; their hints are in hints.csv
check = exercises.check

THEMES = list(THEME_COLOURS)
#: The tables the explorer reads; loaded once (``tables()``) and passed to every callback.
TABLES = [
    "events",
    "people",
    "places",
    "offices",
    "party_membership",
    "constituent_assembly_1917",
    "estimates",
    "foreign_intervention",
]
#: The explorer's period: from the month of the October Revolution to Rykov's succession.
PERIOD_START = pd.Timestamp("1917-11-01")
PERIOD_END = pd.Timestamp("1924-02-29")
#: Stand-ins for an open start or end of a period.
EARLIEST, LATEST = pd.Timestamp("1800-01-01"), pd.Timestamp("2100-01-01")
#: Landmarks (buildings, estates, districts) within this distance count as part of a city in the place filter.
CITY_RADIUS_KM = 15.0
#: The day the government arrived in Moscow (New Style): before it, Petrograd was the capital.
MOVE_TO_MOSCOW = pd.Timestamp("1918-03-11")
#: The day Sovnarkom was formed (New Style; 26 October 1917 Old Style): day 1 of Lenin's government.
GOVERNMENT_FORMED = pd.Timestamp("1917-11-08")
#: Which disputed quantities (estimates.csv) bear on which theme: the course's choice, used by ``related_rows``.
THEME_QUANTITIES = {
    "power": [
        "left_sr_sovnarkom_posts",
        "party_purge_1921",
        "kronstadt_rebels_killed",
        "kronstadt_rebels_executed",
        "kronstadt_red_army_killed",
        "kronstadt_deaths_total",
    ],
    "economy": ["famine_deaths_1921_22", "grain_hostages_per_district"],
    "terror": [
        "red_terror_deaths",
        "cheka_deaths_total",
        "white_terror_deaths",
        "petrograd_cheka_shootings_1918",
        "penza_hangings_ordered",
        "priests_killed_1922",
        "ukhta_camp_capacity",
    ],
    "civil_war": [
        "civil_war_deaths",
        "civil_war_military_deaths",
        "czech_legion_strength",
        "tambov_deaths",
        "tambov_arrested",
        "tambov_interned",
    ],
    "foreign_policy": [
        "cc_vote_brest_for",
        "cc_vote_brest_against",
        "german_front_distance_petrograd_1918",
        "comintern_1919_delegates",
        "comintern_1919_delegates_former_empire",
    ],
    "succession": ["lenin_physicians", "lenin_lying_in_state_mourners", "lenin_enrolment_admitted"],
    "society": [],
}
#: Parties as the synthesis counts them: Left Communists were a faction of the Bolshevik party, not a party.
PARTY_OF_FACTION = {"bolshevik": "Bolsheviks", "left_communist": "Bolsheviks", "left_sr": "Left SRs"}
#: SEQUENCE without its pale yellow, which markers on white do not show well.
DISTINCT = [c for c in SEQUENCE if c != "#F0E442"]
PARTY_COLOURS = {"Bolsheviks": "#D55E00", "Left SRs": "#009E73", "other": "#BBBBBB"}


# ---------------------------------------------------------------------------------------------- data, once
@functools.cache
def _tables() -> dict[str, pd.DataFrame]:
    frames = {name: load(name) for name in TABLES}
    frames["events"] = prepare_events(frames["events"], frames["places"])
    return frames


def tables() -> dict[str, pd.DataFrame]:
    """Every table the explorer needs, loaded and prepared once per process; copies, so a lesson may change them."""
    return {name: frame.copy() for name, frame in _tables().items()}


def prepare_events(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Events with what the filters, the timeline and the map need precomputed: each row's people as a tuple, the
    last day its date may mean (``date_end``: the end of its month for "Mar 1918"), its place's name, and the city
    it belongs to (a landmark within ``CITY_RADIUS_KM`` of a city is drawn at the city).

    Rows are in time order, an event known only to its month or year after the days of that period
    (``figures.sort_by_period``), so that no list shows "Mar 1918" before the 3rd of March.
    """
    out = events.copy()
    out["date_end"] = [date_span(d, p)[1] for d, p in zip(out["date"], out["date_precision"], strict=True)]
    out["people"] = [tuple(s.split(";")) if isinstance(s, str) else () for s in out["person_ids"]]
    table = places.set_index("place_id")
    city = city_of(places)
    out["place"] = out["place_id"].map(table["name"])
    out["city_id"] = out["place_id"].map(city)
    out["city"] = out["city_id"].map(table["name"])
    out["lat"] = out["city_id"].map(table["lat"]).astype(float)
    out["lon"] = out["city_id"].map(table["lon"]).astype(float)
    return figures.sort_by_period(out.sort_values(["date", "event_id"])).reset_index(drop=True)


def city_of(places: pd.DataFrame, km: float = CITY_RADIUS_KM) -> dict[str, str]:
    """Each place's city: itself for a city, else the nearest city within ``km`` (the Kremlin is in Moscow)."""
    kinds = places.set_index("place_id")["kind"].astype(str)
    out = {pid: pid for pid in places["place_id"]}
    for pid in kinds.index[kinds == "city"]:
        for near in places_near(pid, km, places)[1:]:
            if kinds[near] != "city":
                out[near] = pid
    return out


# ---------------------------------------------------------------------------------------------- filtering
def _as_timestamp(value) -> pd.Timestamp | None:
    if value is None or value == "":
        return None
    return pd.Timestamp(value)


def filter_events(
    events: pd.DataFrame,
    themes: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    start=None,
    end=None,
    person_id: str | None = None,
    place_id: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The events that match every filter given; an empty or missing filter matches everything.

    ``start`` and ``end`` are inclusive New Style dates. A partial date counts as its stored day (the 1st of the
    month, or 1 January). ``place_id`` may be one id or several (``places_near(place_id, CITY_RADIUS_KM)``).
    """
    mask = np.ones(len(events), dtype=bool)
    themes = tuple(themes or ())
    kinds = tuple(kinds or ())
    if themes:
        mask &= events["theme"].isin(themes).to_numpy()
    if kinds:
        mask &= events["kind"].isin(kinds).to_numpy()
    start, end = _as_timestamp(start), _as_timestamp(end)
    if start is not None:
        mask &= (events["date"] >= start).to_numpy()
    if end is not None:
        mask &= (events["date"] <= end).to_numpy()
    if person_id:
        people = events["people"] if "people" in events else events["person_ids"].fillna("").str.split(";")
        mask &= np.fromiter((person_id in p for p in people), dtype=bool, count=len(events))
    if place_id:
        ids = (place_id,) if isinstance(place_id, str) else tuple(place_id)
        mask &= events["place_id"].isin(ids).fillna(False).to_numpy(dtype=bool)
    return events[mask]


def describe_filters(themes=None, kinds=None, start=None, end=None, person=None, place=None) -> str:
    """The filters in words, for a figure title and the explorer's summary line."""
    parts = []
    start, end = _as_timestamp(start), _as_timestamp(end)
    if start is not None or end is not None:
        left = month_label(start) if start is not None else "the beginning"
        right = month_label(end) if end is not None else "the end"
        parts.append(f"{left} to {right}")
    themes, kinds = tuple(themes or ()), tuple(kinds or ())
    if themes and len(themes) < len(THEMES):
        parts.append("theme: " + ", ".join(t.replace("_", " ") for t in themes))
    if kinds:
        shown = ", ".join(k.replace("_", " ") for k in kinds[:4]) + (" ..." if len(kinds) > 4 else "")
        parts.append("kind: " + shown)
    if person:
        parts.append(f"with {person}")
    if place:
        parts.append(f"in {place}")
    return "; ".join(parts) if parts else "all events"


# ---------------------------------------------------------------------------------------------- figures


EMPTY_MESSAGE = (
    "No events match these filters.\nWiden the period, select more themes or kinds, or choose anyone/anywhere."
)


def _footer(fig: Figure, text: str) -> float:
    """Write grey notes at the foot of the figure; return the height in inches they need."""
    fig.text(0.01, 0.02 / fig.get_size_inches()[1], text, fontsize=7.5, color="#555555", ha="left", va="bottom")
    return 0.08 + 0.14 * (text.count("\n") + 1)


def _source_note(source_ids: Iterable[str], width: int = 150) -> str:
    """The source line, wrapped, for the foot of a figure whose margins are fixed (``_footer``)."""
    return textwrap.fill(source_line(source_ids), width)


def _period_ends(frame: pd.DataFrame) -> pd.Series:
    """The last day each event's date may mean (precomputed by ``prepare_events``; computed for other frames)."""
    if "date_end" in frame:
        return frame["date_end"]
    ends = [date_span(d, p)[1] for d, p in zip(frame["date"], frame["date_precision"], strict=True)]
    return pd.Series(ends, index=frame.index, dtype="datetime64[ns]")


def _draw_many_events(ax, frame: pd.DataFrame, y: np.ndarray, colours: np.ndarray) -> None:
    """What ``figures.draw_dated_events`` draws (a filled dot on a known day; a hollow dot and a bar across the month or
    year when only those are known), as three collections rather than one or two lines per event: the explorer
    draws up to every event of the timeline, and several hundred lines would redraw several times slower."""
    ax.xaxis_date()  # dates as matplotlib's day numbers, converted once rather than by each artist
    starts = mdates.date2num(frame["date"].to_numpy())
    ends = mdates.date2num(_period_ends(frame).to_numpy())
    exact = (frame["date_precision"].astype(str) == "day").to_numpy()
    partial, colours = ~exact, list(colours)
    if partial.any():
        pale = [c for c, p in zip(colours, partial, strict=True) if p]
        ax.hlines(y[partial], starts[partial], ends[partial], colors=pale, linewidth=4, alpha=0.45, zorder=2)
        ax.scatter(starts[partial], y[partial], s=26, facecolors="white", edgecolors=pale, linewidths=1.2, zorder=3)
    filled = [c for c, e in zip(colours, exact, strict=True) if e]
    ax.scatter(starts[exact], y[exact], s=26, c=filled, linewidths=0, zorder=3)


def timeline_figure(
    frame: pd.DataFrame, title: str | None = None, marks: dict | None = None, label: bool | None = None
) -> Figure:
    """When did the selected events happen, and in which theme? One lane per theme, one marker per event.

    A filled dot is an exact day; an event dated only to a month or year is a hollow dot with a bar across that
    period. ``marks`` draws reference dates ({label: date}); ``label`` writes each event's title beside it, one
    row per event in time order (by default when there are at most 12), a month's events after its days.
    """
    title = title or "When did the selected events happen?"
    if frame.empty:
        return figures.message_figure(title, EMPTY_MESSAGE)
    present = [t for t in THEMES if t in set(frame["theme"].astype(str))]
    lane = {t: i for i, t in enumerate(reversed(present))}
    label = len(frame) <= 12 if label is None else label
    if label:
        frame = figures.sort_by_period(frame)
    theme = frame["theme"].astype(str)
    dates, ends = frame["date"], _period_ends(frame)
    colours = theme.map(THEME_COLOURS).to_numpy()
    if label:
        # one row per event, in time order, so that every title can be read
        y = np.arange(len(frame))[::-1].astype(float)
        height = 1.5 + 0.32 * len(frame)
    else:
        # spread events of the same lane and day a little, deterministically, so they do not hide each other
        month = dates.dt.to_period("M")
        rank = frame.groupby([theme, month], observed=True).cumcount().to_numpy()
        y = theme.map(lane).to_numpy(dtype=float) + ((rank % 7) - 3) * 0.1
        height = 1.7 + 0.42 * len(present)
    fig, ax = figures.new_figure(9, min(max(height, 2.8), 7.5), layout=None)
    if label:
        figures.draw_dated_events(ax, dates, frame["date_precision"], y, colours, size=5)
    else:
        _draw_many_events(ax, frame, y, colours)
    figures.mark_dates(ax, marks or {})
    lo, hi = dates.min(), ends.max()
    span = max(hi - lo, pd.Timedelta(days=60))
    if label:
        for i, (end, text) in enumerate(zip(ends, frame["title"], strict=True)):
            text = f"[{theme.iloc[i].replace('_', ' ')}] {textwrap.shorten(text, 60, placeholder='…')}"
            ax.annotate(
                text, (end, y[i]), xytext=(6, 0), textcoords="offset points", fontsize=8, va="center", color="#333333"
            )
        ax.set_yticks([])
        ax.set_ylim(-0.7, len(frame) - 0.3)
        ax.set_xlim(lo - span * 0.04, hi + span * 0.9)
        ax.set_ylabel("events")
    else:
        ax.set_yticks(list(lane.values()), [t.replace("_", " ") for t in lane])
        ax.set_ylim(-0.6, len(present) - 0.4)
        pad = max(span * 0.03, pd.Timedelta(days=30))
        ax.set_xlim(lo - pad, hi + pad)
        ax.set_ylabel("theme")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=9)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(axis="y", alpha=0)
    ax.set_xlabel(f"date (New Style); {figures.SPAN_KEY}")
    ax.set_title(title)
    note = _source_note(frame["source_id"], 150)
    figures.fixed_margins(fig, left=0.45 if label else 1.15, right=0.25, top=0.45, bottom=0.45 + _footer(fig, note))
    return fig


#: Map frames, smallest first: the map uses the first that holds every mappable event (coastlines 12-180°E).
MAP_FRAMES = {
    "European Russia": MAP_EXTENTS["european_russia"],
    "Europe to the Urals": (12.0, 62.0, 38.0, 70.0),
    "the former Empire": (12.0, 165.0, 36.0, 72.0),
}


@functools.cache
def _basemap_raster(name: str, width_px: int, height_px: int) -> np.ndarray:
    """The coastlines of one map frame drawn once with ``draw_basemap`` at the size the map shows them, and kept
    as an image: redrawing the polygons on every change would be several times slower."""
    fig = Figure(figsize=(width_px / 100, height_px / 100), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    draw_basemap(ax, MAP_FRAMES[name])
    ax.set_aspect("auto")
    ax.axis("off")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=100)
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height_px, width_px, 4)


def map_frame_for(lons: Iterable[float], lats: Iterable[float]) -> str:
    """The smallest map frame that holds every point it can (points west of 12°E are off every map)."""
    points = [(x, y) for x, y in zip(lons, lats, strict=True) if x >= 12.0]
    for name, (x0, x1, y0, y1) in MAP_FRAMES.items():
        if all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
            return name
    return "the former Empire"


def map_figure(frame: pd.DataFrame, title: str | None = None, top_labels: int = 7) -> Figure:
    """Where did the selected events happen? One circle per place, its area proportional to the events there."""
    title = title or "Where did the selected events happen?"
    if frame.empty:
        return figures.message_figure(title, EMPTY_MESSAGE)
    located = frame.dropna(subset=["lat", "lon"])
    if located.empty:
        return figures.message_figure(title, "None of these events has a place in the data.")
    per_place = (
        located.assign(theme=located["theme"].astype(str))
        .groupby(["city_id", "city", "lat", "lon"], observed=True)
        .agg(events=("event_id", "size"), theme=("theme", lambda s: s.mode().iloc[0]))
        .reset_index()
        .rename(columns={"city_id": "place_id", "city": "place"})
        .sort_values(["events", "place_id"], ascending=[False, True], kind="stable")
    )
    per_place["lat"] = per_place["lat"].astype(float)
    per_place["lon"] = per_place["lon"].astype(float)
    frame_name = map_frame_for(per_place["lon"], per_place["lat"])
    x0, x1, y0, y1 = MAP_FRAMES[frame_name]
    aspect = 1 / math.cos(math.radians((y0 + y1) / 2))
    ratio = (y1 - y0) * aspect / (x1 - x0)  # height over width of the map frame
    map_width = round(min(8.6, 5.2 / ratio), 2)
    map_height = round(map_width * ratio, 2)
    image = _basemap_raster(frame_name, round(map_width * 100), round(map_height * 100))
    inside = (per_place["lon"] >= x0) & (per_place["lon"] <= x1) & (per_place["lat"] >= y0) & (per_place["lat"] <= y1)
    outside, per_place = per_place[~inside], per_place[inside]
    notes = []
    if not outside.empty:
        listed = ", ".join(f"{p} ({n})" for p, n in zip(outside["place"], outside["events"], strict=True))
        notes.append(f"Off the map: {listed}.")
    unplaced = len(frame) - len(located)
    if unplaced:
        notes.append(f"Without a place: {unplaced}.")
    notes.append(
        "Circle area: events (a city with its landmarks); colour: commonest theme. "
        "Today's coastlines (Natural Earth), no borders."
    )
    note = textwrap.fill(" ".join(notes), 150) + "\n" + _source_note(frame["source_id"])
    footer = 0.08 + 0.14 * (note.count("\n") + 1)
    fig_width = max(map_width + 0.4, 7.5)
    fig, ax = figures.new_figure(fig_width, map_height + 0.6 + footer, layout=None)
    ax.imshow(image, extent=(x0, x1, y0, y1), origin="upper", interpolation="nearest", zorder=0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(aspect)
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.scatter(
        per_place["lon"],
        per_place["lat"],
        s=16 + 8 * per_place["events"],
        c=list(per_place["theme"].map(THEME_COLOURS)),
        alpha=0.75,
        edgecolors="white",
        linewidths=0.8,
        zorder=3,
    )
    labelled: list[tuple[float, float]] = []
    gap = (x1 - x0) / 25  # labels closer than this to a bigger place's label would collide
    for _, row in per_place.iterrows():
        if len(labelled) >= top_labels:
            break
        if any(abs(row["lon"] - lx) < gap * 1.6 and abs(row["lat"] - ly) < gap * 0.5 for lx, ly in labelled):
            continue
        labelled.append((row["lon"], row["lat"]))
        ax.annotate(
            f"{textwrap.shorten(row['place'], 22, placeholder='…')} ({row['events']})",
            (row["lon"], row["lat"]),
            xytext=(5, 4),
            textcoords="offset points",
            fontsize=8,
            color="#222222",
            zorder=4,
        )
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.set_title(title)
    _footer(fig, note)
    side = (fig_width - map_width) / 2
    figures.fixed_margins(fig, left=side + 0.1, right=side - 0.1, top=0.4, bottom=0.2 + footer)
    return fig


# ---------------------------------------------------------------------------------------------- lists
def event_list(frame: pd.DataFrame) -> pd.DataFrame:
    """The events as a reader wants them: title, New Style date, Old Style date where there is one, place, source."""
    precision = frame["date_precision"].astype(str)
    return pd.DataFrame(
        {
            "New Style": format_dates(frame["date"], precision),
            "Old Style": format_dates(frame["date_os"]),
            "event": frame["title"].astype(str).to_list(),
            "theme": frame["theme"].astype(str).str.replace("_", " ").to_list(),
            "kind": frame["kind"].astype(str).str.replace("_", " ").to_list(),
            "place": frame["place"].fillna("").astype(str).to_list() if "place" in frame else "",
            "source": [short_citation(s) for s in frame["source_id"]],
        }
    )


def _people_names(people: pd.DataFrame) -> dict[str, str]:
    return dict(zip(people["person_id"], people["name"], strict=True))


def related_rows(
    frames: dict[str, pd.DataFrame],
    themes: Iterable[str] | None = None,
    start=None,
    end=None,
    person_id: str | None = None,
) -> dict[str, pd.DataFrame]:
    """The rows of the other tables that bear on a selection, by table name (always the same keys, in order).

    - offices: the chosen person's offices that overlap the period; with no person, offices that began in it;
    - party_membership: membership figures dated in the period (every source);
    - estimates: the disputed quantities tied to the chosen themes (``THEME_QUANTITIES``); they carry no date;
    - foreign_intervention: troop figures dated in the period;
    - constituent_assembly_1917: the two largest parties' results, when the period includes the election.
    """
    start = _as_timestamp(start) or EARLIEST
    end = _as_timestamp(end) or LATEST
    themes = tuple(themes or ()) or tuple(THEMES)
    names = _people_names(frames["people"])
    out: dict[str, pd.DataFrame] = {}

    offices = frames["offices"]
    if person_id:
        ends = offices["end"].fillna(LATEST)
        chosen = offices[(offices["person_id"] == person_id) & (offices["start"] <= end) & (ends >= start)]
    else:
        chosen = offices[(offices["start"] >= start) & (offices["start"] <= end)]
    chosen = chosen.sort_values(["start", "office_id", "person_id"])
    out["offices"] = pd.DataFrame(
        {
            "person": chosen["person_id"].map(names).to_list(),
            "office": chosen["office"].to_list(),
            "from": format_dates(chosen["start"], chosen["start_precision"]),
            "to": [format_date(d, p) or "unknown" for d, p in zip(chosen["end"], chosen["end_precision"], strict=True)],
            "source": [short_citation(s) for s in chosen["source_id"]],
        }
    )

    members = frames["party_membership"]
    members = members[(members["date"] >= start) & (members["date"] <= end)].sort_values(["date", "source_id"])
    out["party_membership"] = pd.DataFrame(
        {
            "date": format_dates(members["date"], members["date_precision"]),
            "members": [f"{int(m):,}" for m in members["members"]],
            "source": [short_citation(s) for s in members["source_id"]],
        }
    )

    wanted = [q for t in themes for q in THEME_QUANTITIES.get(t, [])]
    estimates = frames["estimates"]
    estimates = estimates[estimates["quantity_id"].isin(wanted)].copy()
    estimates["order"] = estimates["quantity_id"].map({q: i for i, q in enumerate(dict.fromkeys(wanted))})
    estimates = estimates.sort_values(["order", "source_id"], kind="stable")
    out["estimates"] = pd.DataFrame(
        {
            "quantity": estimates["quantity"].to_list(),
            "figure": [f"{figures.estimate_text(r)} {r['unit']}" for _, r in estimates.iterrows()],
            "source": [short_citation(s) for s in estimates["source_id"]],
            "what it counts": estimates["scope"].to_list(),
        }
    )

    troops = frames["foreign_intervention"]
    troops = troops[(troops["date"] >= start) & (troops["date"] <= end)].sort_values(["date", "country"])
    place_names = dict(zip(frames["places"]["place_id"], frames["places"]["name"], strict=True))
    out["foreign_intervention"] = pd.DataFrame(
        {
            "country": troops["country"].str.replace("_", " ").to_list(),
            "where": troops["place_id"].map(place_names).to_list(),
            "date": format_dates(troops["date"], troops["date_precision"]),
            "troops": [
                f"{int(n):,} ({k})" for n, k in zip(troops["troops"], troops["troops_kind"].astype(str), strict=True)
            ],
            "source": [short_citation(s) for s in troops["source_id"]],
        }
    )

    election = pd.Timestamp("1917-11-25")
    assembly = frames["constituent_assembly_1917"]
    if start <= election <= end and "power" in themes:
        assembly = assembly[assembly["party_id"].isin(["sr", "bolsheviks"])]
    else:
        assembly = assembly.iloc[0:0]
    out["constituent_assembly_1917"] = pd.DataFrame(
        {
            "party": assembly["party"].to_list(),
            "votes": ["" if pd.isna(v) else f"{int(v):,}" for v in assembly["votes"]],
            "share (%)": ["" if pd.isna(v) else f"{float(v):.1f}" for v in assembly["vote_share_pct"]],
            "seats": ["" if pd.isna(v) else str(int(v)) for v in assembly["seats"]],
            "source": [short_citation(s) for s in assembly["source_id"]],
        }
    )
    return out


RELATED_TITLES = {
    "offices": "Offices (offices.csv)",
    "party_membership": "Party membership (party_membership.csv)",
    "estimates": "Disputed figures for the chosen themes (estimates.csv; undated)",
    "foreign_intervention": "Foreign troops (foreign_intervention.csv)",
    "constituent_assembly_1917": "Constituent Assembly election (constituent_assembly_1917.csv)",
}


def _table_html(frame: pd.DataFrame, max_height: int = 260, label: str = "table") -> str:
    """A table in a scrolling box that keyboard users can reach (tabindex) and screen readers can name."""
    body = frame.to_html(index=False, escape=True, border=0, classes="capstone-table")
    name = html.escape(label, quote=True)
    return (
        f'<div role="region" aria-label="{name}" tabindex="0" '
        f'style="max-height:{max_height}px; overflow:auto; font-size:0.85em">{body}</div>'
    )


def related_html(related: dict[str, pd.DataFrame]) -> str:
    """The related rows as HTML sections, with a clear line where a table has nothing for the selection."""
    parts = ["<h3>Related figures in the other tables</h3>"]
    for name, frame in related.items():
        parts.append(f"<b>{html.escape(RELATED_TITLES[name])}</b>")
        if frame.empty:
            parts.append("<p style='color:#555'>No rows for this selection.</p>")
        else:
            parts.append(_table_html(frame, 200, label=RELATED_TITLES[name]))
    return "\n".join(parts)


def list_html(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "<p><b>No events match these filters.</b></p>"
    return f"<h3>The {len(frame)} matching event(s)</h3>" + _table_html(event_list(frame), 320, label="Matching events")


# ---------------------------------------------------------------------------------------------- the explorer
def month_starts(start: pd.Timestamp = PERIOD_START, end: pd.Timestamp = PERIOD_END) -> list[pd.Timestamp]:
    return list(pd.date_range(start, end, freq="MS"))


def period_dates(months: tuple[int, int]) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first day of the first month and the last day of the last month of a period slider's value."""
    steps = month_starts()
    lo, hi = months
    return steps[lo], steps[hi] + pd.offsets.MonthEnd(0)


def person_options(events: pd.DataFrame, people: pd.DataFrame) -> list[tuple[str, str]]:
    """People who appear in the events, most events first: ('Leon Trotsky (28)', 'trotsky')."""
    counts = pd.Series([p for ps in events["people"] for p in ps]).value_counts()
    counts = (
        counts.rename_axis("person_id").reset_index(name="n").sort_values(["n", "person_id"], ascending=[False, True])
    )
    names = _people_names(people)
    return [("anyone", "")] + [(f"{names[p]} ({n})", p) for p, n in zip(counts["person_id"], counts["n"], strict=True)]


def place_options(events: pd.DataFrame, places: pd.DataFrame) -> tuple[list[tuple[str, str]], dict]:
    """Places with events, most first; a city also covers its landmarks within ``CITY_RADIUS_KM``."""
    counts = events["place_id"].dropna().value_counts()
    groups = {}
    rows = []
    kinds = places.set_index("place_id")["kind"].astype(str)
    names = dict(zip(places["place_id"], places["name"], strict=True))
    for pid in sorted(counts.index):
        ids = tuple(places_near(pid, CITY_RADIUS_KM, places)) if kinds[pid] == "city" else (pid,)
        groups[pid] = ids
        n = int(counts.reindex(list(ids)).fillna(0).sum())
        extra = f", with {len(ids) - 1} sites near it" if len(ids) > 1 else ""
        rows.append((n, names[pid], f"{names[pid]} ({n} events{extra})", pid))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [("anywhere", "")] + [(label, pid) for _, _, label, pid in rows], groups


#: Under the controls in the stored outputs (the book, the worksheets), where they cannot work.
EXPLORER_NOTE = (
    "What follows shows the explorer's default view: every event of the period. To use the controls above, open "
    "this lesson in JupyterLab or on Binder (the rocket icon at the top of the page) and run its cells."
)


def explorer(frames: dict[str, pd.DataFrame] | None = None) -> widgets.VBox:
    """Filters over the events, with a timeline, a map, the list of events and the related rows of other tables.

    Callbacks read the frames given (loaded once) and redraw only what a change affects: the figures when the
    matching events or the filters change, the related rows only when theme, period or person change.
    """
    frames = frames or _tables()
    events, people, places = frames["events"], frames["people"], frames["places"]
    steps = month_starts()
    style = {"description_width": "initial"}
    theme_box = widgets.SelectMultiple(
        options=[(t.replace("_", " "), t) for t in THEMES], value=(), rows=7, description="Themes", style=style
    )
    kind_counts = events["kind"].astype(str).value_counts()
    kind_box = widgets.SelectMultiple(
        options=[(f"{k.replace('_', ' ')} ({kind_counts[k]})", k) for k in sorted(kind_counts.index)],
        value=(),
        rows=7,
        description="Kinds",
        style=style,
    )
    period = widgets.IntRangeSlider(
        value=(0, len(steps) - 1),
        min=0,
        max=len(steps) - 1,
        step=1,
        readout=False,
        description="Period",
        continuous_update=False,
        style=style,
        layout=widgets.Layout(width="420px"),
    )
    period_label = widgets.HTML()
    person = readable(
        widgets.Dropdown(options=person_options(events, people), value="", description="Person", style=style)
    )
    place_opts, groups = place_options(events, places)
    place = readable(widgets.Dropdown(options=place_opts, value="", description="Place", style=style))
    controls = {"themes": theme_box, "kinds": kind_box, "period": period, "person": person, "place": place}

    summary = widgets.HTML()
    output = widgets.Output(layout=widgets.Layout(min_height="300px"))
    events_box = widgets.HTML()
    related_box = widgets.HTML()
    state: dict = {"figures": None, "events": None, "related": None}

    def labels() -> tuple[str, str]:
        person_label = next((lab for lab, val in person.options if val == person.value), "")
        place_label = next((lab for lab, val in place.options if val == place.value), "")
        who = person_label.rsplit(" (", 1)[0] if person.value else ""
        return who, place_label.split(" (")[0] if place.value else ""

    def current() -> tuple[pd.DataFrame, tuple]:
        start, end = period_dates(period.value)
        ids = groups.get(place.value) if place.value else None
        frame = filter_events(events, theme_box.value, kind_box.value, start, end, person.value or None, ids)
        return frame, (start, end)

    def update(change=None) -> pd.DataFrame:
        frame, (start, end) = current()
        period_label.value = f"<b>{month_label(start)}</b> to <b>{month_label(end)}</b> (New Style)"
        who, where = labels()
        words = describe_filters(theme_box.value, kind_box.value, start, end, who, where)
        summary.value = (
            f"<p><b>{len(frame)}</b> event(s) match: {html.escape(words)}.</p>"
            if len(frame)
            else f"<p><b>No events match</b> {html.escape(words)}. {EMPTY_MESSAGE.splitlines()[1]}</p>"
        )
        figure_key = (tuple(frame["event_id"]), words)
        if figure_key != state["figures"]:
            title = textwrap.shorten(f"Events: {words}", 90, placeholder="…")
            output.outputs = ()
            output.append_display_data(figures.figure_html(timeline_figure(frame, title=title), tight=False))
            output.append_display_data(figures.figure_html(map_figure(frame, title=title), tight=False))
            state["figures"] = figure_key
        if figure_key[0] != state["events"]:
            events_box.value = list_html(frame)
            state["events"] = figure_key[0]
        related_key = (theme_box.value, start, end, person.value)
        if related_key != state["related"]:
            related_box.value = related_html(related_rows(frames, theme_box.value, start, end, person.value or None))
            state["related"] = related_key
        return frame

    for control in controls.values():
        control.observe(update, names="value")
    help_text = widgets.HTML(
        "<small>Themes and kinds: click one, or Ctrl/Cmd-click several; none selected means all. "
        "A city includes its landmarks (e.g. the Kremlin in Moscow).</small>"
    )
    top = widgets.HBox([theme_box, kind_box])
    middle = widgets.HBox([widgets.VBox([period, period_label]), widgets.VBox([person, place])])
    note = static_note(EXPLORER_NOTE)
    box = LiveVBox([top, middle, help_text, *note, summary, output, events_box, related_box])
    box.controls = controls
    box.output = output
    box.summary = summary
    box.events = events_box
    box.related = related_box
    box.update = update
    box.redraw = update
    update()
    def shown():
        return summary.value, repr(output.outputs), events_box.value, related_box.value

    return register(box, controls, shown, name="explorer")


# ---------------------------------------------------------------------------------------------- the synthesis
def with_party(offices: pd.DataFrame, people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Office rows with each holder's name, faction and party (``PARTY_OF_FACTION``; any other faction: 'other')."""
    people = _tables()["people"] if people is None else people
    held = offices.merge(people[["person_id", "name", "faction"]], on="person_id", how="left")
    return held.assign(party=held["faction"].astype(str).map(PARTY_OF_FACTION).fillna("other"))


#: The institutions the levers figure shows (bodies.csv), in the order of the seed's account of the governing
#: structure.
LEVER_BODIES = ["sovnarkom", "vtsik", "politburo", "secretariat", "cheka", "revvoensovet", "sto", "vsnkh"]


def _levers_table(day: pd.Timestamp) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The offices of the lever bodies certainly held on ``day`` (an unknown end left out), and their count per
    body and party."""
    held = with_party(held_on(day, _tables()["offices"], open_end="exclude"))
    held = held[held["body"].astype(str).isin(LEVER_BODIES)]
    table = (
        held.assign(body=held["body"].astype(str))
        .pivot_table(index="body", columns="party", values="office_id", aggfunc="count")
        .reindex(index=LEVER_BODIES, columns=list(PARTY_COLOURS))
        .fillna(0)
    )
    return held, table


@functools.cache
def _levers_scale() -> float:
    """The most offices any institution holds on any day of the slider, so that every day shares one scale."""
    return max(float(_levers_table(pd.Timestamp(d))[1].sum(axis=1).max()) for _, d in lever_dates())


def levers_figure(on: str = "1918-02-01") -> Figure:
    """Who held the levers of power on a given day, by party? Offices held in each institution, by holders' party.

    The scale is the same for every day of the slider, so that bars can be compared as it moves.
    """
    day = pd.Timestamp(on)
    held, table = _levers_table(day)
    title = f"Who held the offices of power on {format_date(day, long=True)}?"
    if held.empty:
        return figures.message_figure(title, "No offices in offices.csv on this day.")
    note = _source_note(held["source_id"], width=120)
    footer = 0.08 + 0.14 * (note.count("\n") + 1)
    fig, ax = figures.new_figure(8, 3.6 + footer, layout=None)
    left = np.zeros(len(table))
    rows = np.arange(len(table))[::-1]
    for party in table.columns:
        values = table[party].to_numpy()
        if values.sum() == 0:
            continue
        ax.barh(rows, values, left=left, color=PARTY_COLOURS[party], label=party, height=0.6)
        left += values
    ax.set_yticks(rows, [body_label(b) for b in table.index])
    ax.set_xlabel("offices certainly held that day (rows of offices.csv)")
    ax.set_xlim(0, max(_levers_scale(), 1) * 1.05)
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    _footer(fig, note)
    figures.fixed_margins(fig, left=3.0, right=0.2, top=0.4, bottom=0.5 + footer)  # room for the longest body label
    return fig


def lever_dates() -> list[tuple[str, str]]:
    """Days for the levers slider, as (label, ISO date): every month of 1917-18, when the coalition came and
    went, then every quarter to Lenin's death."""
    days = list(pd.date_range("1917-11-01", "1918-12-01", freq="MS"))
    days += list(pd.date_range("1919-01-01", "1923-10-01", freq="QS")) + [pd.Timestamp("1924-01-01")]
    return [(month_label(d), f"{d:%Y-%m-%d}") for d in days]


def levers_explorer() -> widgets.VBox:
    """Slide through the months and watch which party holds the offices of state and party."""
    slider = widgets.SelectionSlider(
        options=lever_dates(),
        value="1918-02-01",
        description="Day",
        continuous_update=False,
        layout=widgets.Layout(width="600px"),
    )
    return figure_explorer(levers_figure, {"on": slider}, columns=1, tight=False)


def sovnarkom_party_figure(monthly: pd.DataFrame, source_ids: Iterable[str], marks: dict | None = None) -> Figure:
    """Was Sovnarkom a one-party cabinet? Posts in the table held by each party, month by month (stacked)."""
    fig, ax = figures.new_figure(8, 4)
    bottom = np.zeros(len(monthly))
    width = 20
    for party in [p for p in PARTY_COLOURS if p in monthly.columns]:
        values = monthly[party].to_numpy(dtype=float)
        ax.bar(monthly.index, values, bottom=bottom, width=width, color=PARTY_COLOURS[party], label=party, align="edge")
        bottom += values
    figures.mark_dates(ax, marks or {})
    locator = mdates.MonthLocator(bymonth=[1, 4, 7, 10])
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel("Sovnarkom posts held (offices.csv)")
    ax.set_xlabel("month (posts held on its 15th day, New Style)")
    ax.set_title("Was Sovnarkom a one-party government, and from when?")
    ax.legend(loc="upper right", fontsize=8)
    return add_source_line(fig, source_ids)


def assembly_figure(assembly: pd.DataFrame | None = None) -> Figure:
    """How did the Bolsheviks do in Russia's one free national election? Vote share and votes, one bar per source."""
    assembly = _tables()["constituent_assembly_1917"] if assembly is None else assembly
    parties = {
        "sr": "Socialist Revolutionaries",
        "bolsheviks": "Bolsheviks",
        "kadets": "Kadets",
        "mensheviks": "Mensheviks",
    }
    shown = assembly[assembly["party_id"].isin(parties)]
    sources = list(dict.fromkeys(shown["source_id"]))
    fig, (left, right) = figures.new_figure(9, 4.2, ncols=2)
    width = 0.8 / len(sources)
    x = np.arange(len(parties))
    for i, sid in enumerate(sources):
        rows = shown[shown["source_id"] == sid].set_index("party_id").reindex(list(parties))
        share = rows["vote_share_pct"].astype(float).to_numpy()
        votes = rows["votes"].astype(float).to_numpy() / 1e6
        colour = SEQUENCE[i % len(SEQUENCE)]
        left.bar(x + i * width - 0.4 + width / 2, np.nan_to_num(share), width, color=colour, label=short_citation(sid))
        right.bar(x + i * width - 0.4 + width / 2, np.nan_to_num(votes), width, color=colour, label=short_citation(sid))
    for ax, label in ((left, "share of the vote (%)"), (right, "votes (millions)")):
        ax.set_xticks(x, [parties[p].replace(" ", "\n", 1) for p in parties], fontsize=8)
        ax.set_ylabel(label)
    left.set_title("Share of the vote, by source")
    right.set_title("Votes counted, by source")
    left.legend(fontsize=7, loc="upper right", title="no bar: no figure in that source", title_fontsize=7)
    fig.suptitle("How large a minority did the Bolsheviks win in November 1917?", fontweight="bold", x=0.01, ha="left")
    return add_source_line(fig, shown["source_id"])


def membership_figure(members: pd.DataFrame | None = None, marks: dict | None = None) -> Figure:
    """How did the ruling party grow, and when did it shrink? Membership figures, one marker style per source."""
    members = _tables()["party_membership"] if members is None else members
    members = members.sort_values("date")
    fig, ax = figures.new_figure(8, 4.6)
    markers = "osD^vP*Xph"
    for i, (sid, rows) in enumerate(members.groupby("source_id", sort=False)):
        colour = DISTINCT[i % len(DISTINCT)]
        ax.plot(
            rows["date"],
            rows["members"].astype(float) / 1000,
            marker=markers[i % len(markers)],
            linestyle="-" if len(rows) > 1 else "",
            color=colour,
            label=short_citation(sid),
            alpha=0.85,
        )
    figures.mark_dates(ax, marks or {})
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel("party members (thousands)")
    ax.set_xlabel("date the figure refers to")
    ax.set_title("How did the ruling party grow, and when did it shrink?")
    ax.legend(fontsize=7, loc="upper left", ncols=2)
    return add_source_line(fig, members["source_id"])


def quarterly_counts_figure(counts: pd.DataFrame, source_ids: Iterable[str], marks: dict | None = None) -> Figure:
    """Did the economic decrees follow the war? Events per quarter for each series (columns of ``counts``)."""
    fig, ax = figures.new_figure(8, 4)
    colours = {"economy decrees": THEME_COLOURS["economy"], "civil-war events": THEME_COLOURS["civil_war"]}
    width = 30
    for i, column in enumerate(counts.columns):
        offset = pd.Timedelta(days=(i - (len(counts.columns) - 1) / 2) * width)
        ax.bar(
            counts.index + offset,
            counts[column],
            width=width,
            label=column,
            color=colours.get(column, SEQUENCE[i % len(SEQUENCE)]),
        )
    figures.mark_dates(ax, marks or {})
    locator = mdates.YearLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_ylabel("events in the course timeline")
    ax.set_xlabel("quarter (New Style)")
    ax.set_title("Did the economic decrees follow the war, or come before it?")
    ax.legend(fontsize=8, loc="upper center")
    return add_source_line(fig, source_ids)


# ---------------------------------------------------------------------------------------------- self-checks
@exercises.answer("07.1")
def _decrees_first_100_days() -> int:
    frame = filter_events(
        _tables()["events"], kinds=["decree"], start=GOVERNMENT_FORMED, end=GOVERNMENT_FORMED + pd.Timedelta(days=99)
    )
    return int(len(frame))


@exercises.answer("07.2")
def _most_frequent_after_lenin() -> str:
    people = _tables()["events"]["people"].explode().dropna()
    counts = people[people != "lenin"].value_counts()
    top = counts[counts == counts.max()].sort_index()
    return str(top.index[0])


@exercises.answer("07.3")
def _moscow_events_after_move() -> int:
    frames = _tables()
    moscow = places_near("moscow", CITY_RADIUS_KM, frames["places"])
    frame = filter_events(frames["events"], start=MOVE_TO_MOSCOW, place_id=moscow)
    return int(len(frame))


@exercises.answer("07.4")
def _left_sr_posts_feb_1918() -> int:
    held = with_party(held_on("1918-02-01", _tables()["offices"], open_end="exclude"))
    return int(((held["body"] == "sovnarkom") & (held["faction"] == "left_sr")).sum())


EXPLORERS = {"explorer": explorer, "levers_explorer": levers_explorer}
