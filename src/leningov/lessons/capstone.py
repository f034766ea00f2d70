"""Lesson 07, capstone: the explorer's plumbing (filters, controls, the tables beside its figure) and the answers
of the lesson's self-checks.

The explorer's figure is not drawn here: the lesson defines a plain ``draw(ax, selected, title)`` and passes it
to ``explorer(draw)``, which filters the events, calls it on one reused figure, and lists the matching events and
the related rows of the other tables under it.
"""

from __future__ import annotations

import base64
import functools
import html
import textwrap
from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd

from leningov.alt_text import figure_alt_text
from leningov.data import load
from leningov.dates import date_span, format_date, format_dates, month_label
from leningov.figures import estimate_text
from leningov.maps import places_near
from leningov.offices import held_on
from leningov.selfcheck import Exercises
from leningov.sources import short_citation
from leningov.style import THEME_COLOURS
from leningov.widgets import LiveFigure, LiveVBox, readable, register, static_note

exercises = Exercises.beside(__file__, "07")  # the answers below; their hints are in hints.csv
check = exercises.check

THEMES = list(THEME_COLOURS)
#: The explorer's period: from the month of the October Revolution to Rykov's succession.
PERIOD_START, PERIOD_END = pd.Timestamp("1917-11-01"), pd.Timestamp("1924-02-29")
#: Landmarks (buildings, estates, districts) within this distance count as part of a city in the place filter.
CITY_RADIUS_KM = 15.0
#: The day the government arrived in Moscow (New Style): before it, Petrograd was the capital.
MOVE_TO_MOSCOW = pd.Timestamp("1918-03-11")
#: The day Sovnarkom was formed (New Style; 26 October 1917 Old Style): day 1 of Lenin's government.
GOVERNMENT_FORMED = pd.Timestamp("1917-11-08")
#: Which disputed quantities (estimates.csv) bear on which theme: the course's choice, for ``related_rows``.
THEME_QUANTITIES = {
    "power": ["left_sr_sovnarkom_posts", "party_purge_1921", "kronstadt_deaths_total"],
    "economy": ["famine_deaths_1921_22", "grain_hostages_per_district"],
    "terror": ["red_terror_deaths", "cheka_deaths_total", "white_terror_deaths", "petrograd_cheka_shootings_1918"],
    "civil_war": ["civil_war_deaths", "civil_war_military_deaths", "czech_legion_strength", "tambov_deaths"],
    "foreign_policy": ["cc_vote_brest_for", "cc_vote_brest_against", "comintern_1919_delegates"],
    "succession": ["lenin_physicians", "lenin_enrolment_admitted"],
    "society": [],
}
#: Parties as the lesson counts them: Left Communists were a faction of the Bolshevik party, not a party.
PARTY_OF_FACTION = {"bolshevik": "Bolsheviks", "left_communist": "Bolsheviks", "left_sr": "Left SRs"}


# ---------------------------------------------------------------------------------------------- the events
def prepare_events(events: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Events with what the explorer needs: each row's people as a tuple, the last day its date may mean
    (``date_end``), its place's name and the city it belongs to (a landmark within ``CITY_RADIUS_KM`` of a city
    counts as the city), in time order with a month's events after its days."""
    out = events.copy()
    out["date_end"] = [date_span(d, p)[1] for d, p in zip(out["date"], out["date_precision"], strict=True)]
    out["people"] = [tuple(s.split(";")) if isinstance(s, str) else () for s in out["person_ids"]]
    table = places.set_index("place_id")
    kinds = table["kind"].astype(str)
    city = {pid: pid for pid in table.index}
    for pid in kinds.index[kinds == "city"]:
        for near in places_near(pid, CITY_RADIUS_KM, places)[1:]:
            if kinds[near] != "city":
                city[near] = pid
    out["place"] = out["place_id"].map(table["name"])
    out["city_id"] = out["place_id"].map(city)
    out["city"] = out["city_id"].map(table["name"])
    out = out.sort_values(["date", "event_id"])
    rank = out["date_precision"].astype(object).map({"day": 0, "month": 1, "year": 2}).fillna(0)
    order = out.assign(_rank=rank).sort_values(["date_end", "_rank", "date"], kind="stable").index
    return out.loc[order].reset_index(drop=True)


@functools.cache
def _frames() -> dict[str, pd.DataFrame]:
    names = ["people", "places", "offices", "party_membership", "constituent_assembly_1917", "estimates",
             "foreign_intervention"]
    frames = {name: load(name) for name in names}
    frames["events"] = prepare_events(load("events"), frames["places"])
    return frames


def tables() -> dict[str, pd.DataFrame]:
    """Every table the explorer reads, loaded and prepared once per process; copies, so a lesson may change them."""
    return {name: frame.copy() for name, frame in _frames().items()}


def filter_events(events, themes=(), kinds=(), start=None, end=None, person_id=None, place_ids=()) -> pd.DataFrame:
    """The events that match every filter given (an empty filter matches everything); dates inclusive, New Style."""
    keep = pd.Series(True, index=events.index)
    if themes:
        keep &= events["theme"].isin(list(themes))
    if kinds:
        keep &= events["kind"].isin(list(kinds))
    if start is not None:
        keep &= events["date"] >= pd.Timestamp(start)
    if end is not None:
        keep &= events["date"] <= pd.Timestamp(end)
    if person_id:
        keep &= events["people"].map(lambda people: person_id in people)
    if place_ids:
        keep &= events["place_id"].isin(list(place_ids))
    return events[keep.astype(bool)]


def event_list(frame: pd.DataFrame) -> pd.DataFrame:
    """The events as a reader wants them: title, New Style date, Old Style date where there is one, place, source."""
    return pd.DataFrame({
        "New Style": format_dates(frame["date"], frame["date_precision"].astype(str)),
        "Old Style": format_dates(frame["date_os"]),
        "event": frame["title"].astype(str).to_list(),
        "theme": frame["theme"].astype(str).str.replace("_", " ").to_list(),
        "place": frame["place"].fillna("").astype(str).to_list(),
        "source": [short_citation(s) for s in frame["source_id"]],
    })


def related_rows(frames, themes=(), start=None, end=None, person_id=None) -> dict[str, pd.DataFrame]:
    """The rows of the other tables that bear on a selection: the person's offices overlapping the period (with
    no person, the offices that began in it); membership figures and foreign troops dated in it; the disputed
    figures of the chosen themes (``THEME_QUANTITIES``; undated)."""
    start = pd.Timestamp(start or "1800-01-01")
    end = pd.Timestamp(end or "2100-01-01")
    names = frames["people"].set_index("person_id")["name"]
    offices = frames["offices"]
    if person_id:
        overlap = (offices["start"] <= end) & (offices["end"].fillna(pd.Timestamp("2100-01-01")) >= start)
        chosen = offices[(offices["person_id"] == person_id) & overlap]
    else:
        chosen = offices[(offices["start"] >= start) & (offices["start"] <= end)]
    chosen = chosen.sort_values(["start", "office_id", "person_id"])
    members = frames["party_membership"]
    members = members[(members["date"] >= start) & (members["date"] <= end)].sort_values(["date", "source_id"])
    wanted = [q for t in (themes or THEMES) for q in THEME_QUANTITIES.get(t, [])]
    estimates = frames["estimates"]
    estimates = estimates[estimates["quantity_id"].isin(wanted)]
    troops = frames["foreign_intervention"]
    troops = troops[(troops["date"] >= start) & (troops["date"] <= end)].sort_values(["date", "country"])
    return {
        "offices": pd.DataFrame({
            "person": chosen["person_id"].map(names).to_list(),
            "office": chosen["office"].to_list(),
            "from": format_dates(chosen["start"], chosen["start_precision"]),
            "to": [format_date(d, p) or "unknown" for d, p in zip(chosen["end"], chosen["end_precision"], strict=True)],
            "source": [short_citation(s) for s in chosen["source_id"]],
        }),
        "party_membership": pd.DataFrame({
            "date": format_dates(members["date"], members["date_precision"]),
            "members": [f"{int(m):,}" for m in members["members"]],
            "source": [short_citation(s) for s in members["source_id"]],
        }),
        "estimates": pd.DataFrame({
            "quantity": estimates["quantity"].to_list(),
            "figure": [f"{estimate_text(r)} {r['unit']}" for _, r in estimates.iterrows()],
            "source": [short_citation(s) for s in estimates["source_id"]],
        }),
        "foreign_intervention": pd.DataFrame({
            "country": troops["country"].str.replace("_", " ").to_list(),
            "date": format_dates(troops["date"], troops["date_precision"]),
            "troops": [f"{int(n):,}" for n in troops["troops"]],
            "source": [short_citation(s) for s in troops["source_id"]],
        }),
    }


# ---------------------------------------------------------------------------------------------- the explorer
def _rows_html(frame: pd.DataFrame) -> tuple[str, pd.Series]:
    """A table's header and each row as HTML, made once, so that a selection is only a join of strings."""
    head = "<thead><tr>" + "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns) + "</tr></thead>"
    rows = ["<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
            for row in frame.itertuples(index=False)]
    return head, pd.Series(rows, index=frame.index, dtype=object)


def _table_html(frame: pd.DataFrame, label: str, max_height: int = 240, rows: tuple | None = None) -> str:
    """A table in a scrolling box that keyboard users can reach (tabindex) and screen readers can name;
    ``rows`` is a (header, row strings) pair from ``_rows_html`` to use instead of rendering ``frame``."""
    if frame.empty:
        return f"<p><b>{html.escape(label)}</b>: <span style='color:#555'>no rows for this selection.</span></p>"
    head, body = rows or _rows_html(frame)
    return (f"<p><b>{html.escape(label)}</b></p><div role='region' aria-label='{html.escape(label, quote=True)}' "
            f"tabindex='0' style='max-height:{max_height}px; overflow:auto; font-size:0.85em'>"
            f"<table class='capstone-table'>{head}<tbody>{''.join(body)}</tbody></table></div>")


def person_options(events: pd.DataFrame, people: pd.DataFrame) -> list[tuple[str, str]]:
    """People who appear in the events, most events first: ('Leon Trotsky (28)', 'trotsky')."""
    counts = pd.Series([p for ps in events["people"] for p in ps]).value_counts()
    names = people.set_index("person_id")["name"]
    order = sorted(counts.index, key=lambda p: (-counts[p], p))
    return [("anyone", "")] + [(f"{names[p]} ({counts[p]})", p) for p in order]


def place_options(events: pd.DataFrame, places: pd.DataFrame) -> tuple[list[tuple[str, str]], dict]:
    """Places with events, most first, as short labels ('Moscow (83)'); a city covers its landmarks."""
    counts = events["place_id"].dropna().value_counts()
    kinds = places.set_index("place_id")["kind"].astype(str)
    names = places.set_index("place_id")["name"]
    groups = {pid: tuple(places_near(pid, CITY_RADIUS_KM, places)) if kinds[pid] == "city" else (pid,)
              for pid in counts.index}
    totals = {pid: int(counts.reindex(list(ids)).fillna(0).sum()) for pid, ids in groups.items()}
    order = sorted(groups, key=lambda pid: (-totals[pid], names[pid]))
    short = {pid: textwrap.shorten(str(names[pid]), 28, placeholder="…") for pid in order}
    return [("anywhere", "")] + [(f"{short[pid]} ({totals[pid]})", pid) for pid in order], groups


def explorer(draw: Callable, events: pd.DataFrame | None = None, frames: dict | None = None,
             figsize=(9.0, 4.6)) -> LiveVBox:
    """Filters over the events (themes, kinds, period, person, place) above a summary, the figure that
    ``draw(ax, selected, title)`` draws of the matching events, their list, and the related rows of other tables.

    ``events`` is the lesson's prepared events table (``prepare_events``, with any columns the lesson's ``draw``
    adds). The figure is reused and its layout fixed after the first draw, so that a change redraws quickly.
    """
    frames = dict(frames or _frames())
    if events is not None:
        frames["events"] = events
    events, people, places = frames["events"], frames["people"], frames["places"]
    months = list(pd.date_range(PERIOD_START, PERIOD_END, freq="MS"))
    style = {"description_width": "initial"}
    themes = widgets.SelectMultiple(options=[(t.replace("_", " "), t) for t in THEMES], value=(),
                                    rows=len(THEMES), description="Themes", style=style)
    kind_names = sorted(events["kind"].astype(str).unique())
    kinds = widgets.SelectMultiple(options=[(k.replace("_", " "), k) for k in kind_names], value=(),
                                   rows=min(len(kind_names), 8), description="Kinds", style=style)
    period = widgets.IntRangeSlider(value=(0, len(months) - 1), min=0, max=len(months) - 1, readout=False,
                                    description="Period", continuous_update=False, style=style,
                                    layout=widgets.Layout(width="420px"))
    period_label = widgets.HTML()
    person = readable(widgets.Dropdown(options=person_options(events, people), value="", description="Person",
                                       style=style))
    place_opts, groups = place_options(events, places)
    place = readable(widgets.Dropdown(options=place_opts, value="", description="Place", style=style))
    controls = {"themes": themes, "kinds": kinds, "period": period, "person": person, "place": place}
    summary, picture, listing, related = widgets.HTML(), widgets.HTML(), widgets.HTML(), widgets.HTML()
    live = LiveFigure(figsize)
    head, event_rows = _rows_html(event_list(events))  # every event's row of the list, rendered once
    related_cache: dict = {}

    def update(change=None) -> None:
        start, end = months[period.value[0]], months[period.value[1]] + pd.offsets.MonthEnd(0)
        period_label.value = f"<b>{month_label(start)}</b> to <b>{month_label(end)}</b> (New Style)"
        selected = filter_events(events, themes.value, kinds.value, start, end, person.value,
                                 groups.get(place.value, ()))
        words = [f"{month_label(start)} to {month_label(end)}"]
        words += [f"theme: {', '.join(t.replace('_', ' ') for t in themes.value)}"] if themes.value else []
        words += [f"kind: {', '.join(k.replace('_', ' ') for k in kinds.value)}"] if kinds.value else []
        words += [f"with {person.label.rsplit(' (', 1)[0]}"] if person.value else []
        words += [f"in {place.label.rsplit(' (', 1)[0]}"] if place.value else []
        title = textwrap.shorten("Events: " + "; ".join(words), 95, placeholder="…")
        summary.value = f"<p><b>{len(selected)}</b> event(s) match: {html.escape('; '.join(words))}.</p>"
        data = base64.b64encode(live.redraw(draw, selected, title)).decode("ascii")
        alt = html.escape(figure_alt_text(live.figure), quote=True)
        picture.value = f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'
        listing.value = _table_html(selected, f"The {len(selected)} matching event(s)", 320,
                                    rows=(head, event_rows[selected.index]))
        key = (themes.value, start, end, person.value)
        if key not in related_cache:  # the related rows depend on four of the five controls
            rows = related_rows(frames, themes.value, start, end, person.value)
            related_cache[key] = "".join(_table_html(f, f"Related rows: {name}.csv") for name, f in rows.items())
        related.value = related_cache[key]

    for control in controls.values():
        control.observe(update, names="value")
    hint = widgets.HTML("<small>Themes and kinds: click one, or Ctrl/Cmd-click several; none selected means all. "
                        "A city includes its landmarks (the Kremlin is in Moscow).</small>")
    middle = widgets.HBox([widgets.VBox([period, period_label]), widgets.VBox([person, place])])
    box = LiveVBox([widgets.HBox([themes, kinds]), middle, hint, *static_note(), summary, picture, listing, related])
    box.update = update
    update()
    return register(box, controls, lambda: (summary.value, picture.value, related.value), name="explorer")


# ---------------------------------------------------------------------------------------------- self-checks
@exercises.answer("07.1")
def _decrees_first_100_days() -> int:
    events = _frames()["events"]
    day_100 = GOVERNMENT_FORMED + pd.Timedelta(days=99)
    return int(len(filter_events(events, kinds=["decree"], start=GOVERNMENT_FORMED, end=day_100)))


@exercises.answer("07.2")
def _moscow_events_after_move() -> int:
    frames = _frames()
    moscow = places_near("moscow", CITY_RADIUS_KM, frames["places"])
    return int(len(filter_events(frames["events"], start=MOVE_TO_MOSCOW, place_ids=moscow)))


@exercises.answer("07.3")
def _left_sr_posts_feb_1918() -> int:
    frames = _frames()
    held = held_on("1918-02-01", frames["offices"], open_end="exclude").merge(frames["people"], on="person_id")
    return int(((held["body"] == "sovnarkom") & (held["faction"] == "left_sr")).sum())
