"""Lesson 01, power consolidation 1917-1921: the Constituent Assembly election, the road to one-party rule, the
party's growth and purge, and who sat where in the institutions.

Every figure is drawn from the shared tables; where sources disagree, each source keeps its own bar, line or dot.
"""

from __future__ import annotations

import re

import ipywidgets as widgets
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter, StrMethodFormatter

from leningov.data import load
from leningov.dates import date_span, format_date, month_label
from leningov.figures import SPAN_KEY, draw_dated_events, message_figure, new_figure, sort_by_period
from leningov.offices import body_label, body_labels, held_on
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line, short_citation
from leningov.style import BLOC_COLOURS, SEQUENCE
from leningov.widgets import dropdown, figure_explorer

exercises = Exercises.beside(__file__, "01")  # the answers below; their hints are in hints.csv
check = exercises.check

# ---------------------------------------------------------------------------------------------- labels
#: The order in which the election's sources are offered: scholarly table, encyclopedia, Lenin, seed.
ELECTION_SOURCES = ["pipes1990", "wp_ca_election", "lenin_cw", "seed"]
PARTY_LABELS = {
    "sr": "SRs",
    "bolsheviks": "Bolsheviks",
    "mensheviks": "Mensheviks",
    "left_sr": "Left SRs",
    "other_russian_socialists": "Other Russian socialists",
    "kadets": "Kadets",
    "other_russian_nonsocialist": "Other Russian non-socialists",
    "ukrainian_sr": "Ukrainian SRs",
    "georgian_mensheviks": "Georgian Mensheviks",
    "musavat": "Musavat",
    "dashnaktsutyun": "Dashnaktsutyun",
    "alash_orda": "Alash Orda",
    "other_national": "Other national parties",
    "cossacks": "Cossack lists",
}
BLOC_ORDER = ["socialist", "national", "liberal", "conservative", "other"]
NOT_ITEMISED = "not itemised by this source"

MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h"]
LEADERS = ["lenin", "sverdlov", "trotsky", "zinoviev", "kamenev", "stalin"]

#: The steps from coalition to one-party state, each in one strand of the story (an editorial grouping).
STRANDS = {
    "Soviets and the state": [
        "second_congress_soviets_opens",
        "sovnarkom_formed",
        "decree_on_press",
        "oblasti_created",
        "third_congress_soviets",
        "government_arrives_moscow",
        "constitution_1918",
        "sverdlov_death",
    ],
    "Constituent Assembly": [
        "constituent_assembly_election",
        "constituent_assembly_demonstration",
        "constituent_assembly_opens",
        "constituent_assembly_dissolved",
    ],
    "Other parties": [
        "vikzhel_ultimatum",
        "kadets_outlawed",
        "left_sr_coalition",
        "left_srs_leave_sovnarkom",
        "left_sr_uprising",
        "left_srs_banned_from_soviets",
        "kronstadt_rebellion_begins",
        "kronstadt_crushed",
    ],
    "Bolshevik party": [
        "cc_members_resign",
        "party_renamed_communist",
        "politburo_orgburo_created",
        "eighth_party_congress",
        "tenth_party_congress_opens",
        "ban_on_factions",
        "party_purge_1921",
    ],
    "War and peace (context)": ["brest_treaty_signed", "mirbach_assassinated"],
}
STRAND_COLOURS = dict(zip(STRANDS, [SEQUENCE[0], SEQUENCE[1], SEQUENCE[2], SEQUENCE[3], "#777777"], strict=True))


# ---------------------------------------------------------------------------------------------- the election
_BIG_NUMBER = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_SEATS = re.compile(r"(\d+) seats")


def stated_totals(ca: pd.DataFrame | None = None) -> pd.DataFrame:
    """Total votes and seats each source counts, read from its 'Source totals:' note.

    The table stores these totals only in the note column, so the parsing lives here, once, and is tested.
    """
    ca = load("constituent_assembly_1917") if ca is None else ca
    rows = []
    stating = ca.loc[ca["note"].str.startswith("Source totals:", na=False), ["source_id", "note"]]
    for source_id, note in stating.itertuples(index=False):
        votes = _BIG_NUMBER.search(note)
        seats = _SEATS.search(note)
        rows.append(
            {
                "source_id": source_id,
                "total_votes": int(votes.group(0).replace(",", "")) if votes else pd.NA,
                "total_seats": int(seats.group(1)) if seats else pd.NA,
            }
        )
    frame = pd.DataFrame(rows, columns=["source_id", "total_votes", "total_seats"])
    return frame.astype({"source_id": "string", "total_votes": "Int64", "total_seats": "Int64"})


def election_table(ca: pd.DataFrame | None = None, ukrainian_srs_socialist: bool = False) -> pd.DataFrame:
    """One row per party per source with a vote share (as given, or computed from votes and the source's total)
    and a seat share; optionally moves the Ukrainian SRs from the national bloc to the socialist one."""
    ca = load("constituent_assembly_1917") if ca is None else ca
    table = ca.merge(stated_totals(ca), on="source_id", how="left")
    given = table["vote_share_pct"].astype("float64")
    computed = (table["votes"] / table["total_votes"] * 100).astype("float64")
    table["share_pct"] = given.fillna(computed)
    table["share_basis"] = np.where(given.notna(), "as given", np.where(computed.notna(), "computed", "none"))
    table["seat_share_pct"] = (table["seats"] / table["total_seats"] * 100).astype("float64")
    table["bloc"] = table["bloc"].astype(str)
    if ukrainian_srs_socialist:
        table.loc[table["party_id"] == "ukrainian_sr", "bloc"] = "socialist"
    table["label"] = [PARTY_LABELS.get(pid, name) for pid, name in zip(table["party_id"], table["party"], strict=True)]
    return table


def election_shares(source: str, grouping: str = "party", ukrainian_srs_socialist: bool = False) -> pd.DataFrame:
    """The shares one source gives, by party or by bloc, plus what the source leaves unitemised."""
    table = election_table(ukrainian_srs_socialist=ukrainian_srs_socialist)
    rows = table[(table["source_id"] == source) & table["share_pct"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=["label", "bloc", "share_pct", "share_basis"])
    if grouping == "bloc":
        shares = rows.groupby("bloc")["share_pct"].sum()
        basis = rows.groupby("bloc")["share_basis"].first()
        out = pd.DataFrame({"label": shares.index, "bloc": shares.index, "share_pct": shares.values})
        out["share_basis"] = basis.reindex(out["bloc"]).values
        out["label"] = out["label"].str.capitalize()
        out = out.sort_values("bloc", key=lambda s: s.map(BLOC_ORDER.index))
    elif grouping == "party":
        out = rows[["label", "bloc", "share_pct", "share_basis"]].sort_values("share_pct", ascending=False)
    else:
        raise ValueError(f"grouping must be 'party' or 'bloc', not {grouping!r}")
    rest = 100 - out["share_pct"].sum()
    if rest > 0.05:
        out = pd.concat(
            [out, pd.DataFrame([{"label": NOT_ITEMISED, "bloc": "none", "share_pct": rest, "share_basis": "rest"}])]
        )
    return out.reset_index(drop=True)


def election_figure(source: str = "pipes1990", grouping: str = "party", ukrainian_srs_socialist: bool = False):
    """Vote shares by party or bloc as one source counts them: who won, and by how much?"""
    title = "Who won the Constituent Assembly election of November 1917?"
    shares = election_shares(source, grouping, ukrainian_srs_socialist)
    if shares.empty:
        return message_figure(title, f"No vote shares for the source {source!r} in constituent_assembly_1917.csv.")
    fig, ax = new_figure(8, 1.6 + 0.36 * len(shares))
    y = np.arange(len(shares))[::-1]
    colours = [BLOC_COLOURS.get(b, "#DDDDDD") for b in shares["bloc"]]
    hatches = ["//" if b == "computed" else ("xx" if b == "rest" else "") for b in shares["share_basis"]]
    bars = ax.barh(y, shares["share_pct"], color=colours, edgecolor="white")
    for bar, hatch in zip(bars, hatches, strict=True):
        bar.set_hatch(hatch)
    for yy, value in zip(y, shares["share_pct"], strict=True):
        ax.text(value + 0.6, yy, f"{value:.1f}%", va="center", fontsize=9)
    ax.set_yticks(y, shares["label"])
    ax.set_xlim(0, max(60.0, float(shares["share_pct"].max()) + 8))
    ax.set_xlabel("share of the votes this source counts (%)")
    ax.set_title(f"{title}\nVote shares by {grouping}, as counted by {short_citation(source)}")
    blocs = [b for b in BLOC_ORDER if b in set(shares["bloc"])]
    handles = [Patch(color=BLOC_COLOURS[b], label=b) for b in blocs]
    if (shares["share_basis"] == "computed").any():
        handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="//", label="computed: votes ÷ total"))
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    rows = load("constituent_assembly_1917")
    add_source_line(fig, rows.loc[rows["source_id"] == source, "source_id"])
    return fig


def votes_seats_figure(source: str = "wp_ca_election"):
    """Vote share beside seat share for every list a source gives seats for: who was over-represented?"""
    title = "Did the seats follow the votes?"
    table = election_table()
    rows = table[(table["source_id"] == source) & table["seat_share_pct"].notna() & table["share_pct"].notna()]
    if rows.empty:
        return message_figure(title, f"{short_citation(source)} gives no seats together with a seat total.")
    rows = rows.sort_values("share_pct")
    fig, ax = new_figure(8, 1.8 + 0.55 * len(rows))
    y = np.arange(len(rows))
    ax.barh(y + 0.2, rows["share_pct"], height=0.38, color="#BBBBBB", label="share of votes")
    ax.barh(y - 0.2, rows["seat_share_pct"], height=0.38, color=SEQUENCE[0], label="share of seats")
    for yy, votes, seats in zip(y, rows["share_pct"], rows["seat_share_pct"], strict=True):
        ax.text(max(votes, seats) + 0.8, yy, f"seats ÷ votes = {seats / votes:.2f}", va="center", fontsize=8.5)
    ax.set_yticks(y, rows["label"])
    ax.set_xlim(0, float(max(rows["share_pct"].max(), rows["seat_share_pct"].max())) + 14)
    ax.set_xlabel("% of all votes / % of all seats (totals as the source states them)")
    ax.set_title(f"{title}\nVote and seat shares, {short_citation(source)}")
    ax.legend(loc="lower right", fontsize=8)
    add_source_line(fig, rows["source_id"])
    return fig


def share_dispute_figure(parties=("sr", "ukrainian_sr", "bolsheviks", "kadets", "mensheviks")):
    """Each source's share for the main parties side by side: where do the counts agree, and where not?"""
    title = "How big was each party's vote? It depends on who counts"
    table = election_table()
    rows = table[table["party_id"].isin(parties) & table["share_pct"].notna()]
    if rows.empty:
        return message_figure(title, "No shares for the parties chosen.")
    order = [p for p in parties if p in set(rows["party_id"])]
    fig, ax = new_figure(8, 1.8 + 0.6 * len(order))
    ypos = {p: len(order) - 1 - i for i, p in enumerate(order)}
    sources = [s for s in ELECTION_SOURCES if s in set(rows["source_id"])]
    sources += sorted(set(rows["source_id"]) - set(sources))
    markers = MARKERS
    for k, source in enumerate(sources):
        part = rows[rows["source_id"] == source]
        offset = (k - (len(sources) - 1) / 2) * 0.14
        for _, row in part.iterrows():
            filled = row["share_basis"] == "as given"
            ax.plot(
                row["share_pct"],
                ypos[row["party_id"]] + offset,
                marker=markers[k % len(markers)],
                markersize=8,
                color=SEQUENCE[k % len(SEQUENCE)],
                markerfacecolor=SEQUENCE[k % len(SEQUENCE)] if filled else "white",
                linestyle="none",
            )
    for party in order:
        values = rows.loc[rows["party_id"] == party, "share_pct"]
        low, high = float(values.min()), float(values.max())
        ax.add_patch(Rectangle((low, ypos[party] - 0.3), high - low, 0.6, color="#DDDDDD", zorder=0))
        ax.text(high + 0.8, ypos[party], f"spread {high - low:.1f} points", va="center", fontsize=8, color="#555555")
    labels = rows.drop_duplicates("party_id").set_index("party_id")["label"]
    ax.set_yticks([ypos[p] for p in order], [labels[p] for p in order])
    ax.set_xlim(0, float(rows["share_pct"].max()) + 12)
    ax.set_xlabel("share of the votes the source counts (%); grey band: from the lowest to the highest count")
    ax.set_title(title)
    handles = [
        Line2D(
            [],
            [],
            marker=markers[k % len(markers)],
            color=SEQUENCE[k % len(SEQUENCE)],
            linestyle="none",
            label=short_citation(s),
        )
        for k, s in enumerate(sources)
    ]
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            color="#555555",
            markerfacecolor="white",
            linestyle="none",
            label="hollow: computed from votes ÷ total",
        )
    )
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    add_source_line(fig, rows["source_id"])
    return fig


# ---------------------------------------------------------------------------------------------- timeline
def strands() -> pd.DataFrame:
    """The timeline's events and the strand of the story each belongs to, as a table to merge with events."""
    return pd.DataFrame(
        [(event_id, strand) for strand, ids in STRANDS.items() for event_id in ids], columns=["event_id", "strand"]
    ).astype("string")


def timeline_figure(steps: pd.DataFrame | None = None):
    """Every step from coalition to one-party rule on one time axis, one row per event, coloured by strand."""
    title = "From coalition to one-party state: the steps, 1917-1921"
    if steps is None:
        steps = load("events").merge(strands(), on="event_id")
    if steps.empty:
        return message_figure(title, "No events selected.")
    # same-day events in the order of their ids; a month- or year-precision event after the days of its period
    steps = sort_by_period(steps.sort_values("event_id")).reset_index(drop=True)
    spans = [date_span(d, p) for d, p in zip(steps["date"], steps["date_precision"], strict=True)]
    n = len(steps)
    fig, ax = new_figure(11, 1.8 + 0.3 * n)
    first, last = min(s for s, _ in spans), max(e for _, e in spans)
    middle = first + (last - first) / 2
    nudge = pd.Timedelta(days=12)
    y = np.arange(n)[::-1]
    colours = [STRAND_COLOURS.get(s, "#777777") for s in steps["strand"]]
    draw_dated_events(ax, steps["date"], steps["date_precision"], y, colours, size=7)
    for yy, (start, end), (_, row) in zip(y, spans, steps.iterrows(), strict=True):
        label = f"{format_date(row['date'], row['date_precision'], row['date_os'])}  {row['title']}"
        left = start <= middle  # the label beside the dot (or bar), on the side with room
        ax.text(
            end + nudge if left else start - nudge, yy, label, va="center", ha="left" if left else "right", fontsize=8.5
        )
    ids = set(steps["event_id"])
    if {"left_sr_coalition", "left_srs_leave_sovnarkom"} <= ids:
        start = steps.loc[steps["event_id"] == "left_sr_coalition", "date"].iloc[0]
        left_gov = steps.loc[steps["event_id"] == "left_srs_leave_sovnarkom"].iloc[0]
        ending, ended = date_span(left_gov["date"], left_gov["date_precision"])
        ax.axvspan(start, ending, color=STRAND_COLOURS["Other parties"], alpha=0.15, zorder=0)
        # lighter where the data know only the month in which the coalition ended
        ax.axvspan(ending, ended, color=STRAND_COLOURS["Other parties"], alpha=0.06, zorder=0)
        ax.text(start, n - 0.2, "Bolshevik-Left SR coalition", fontsize=8, va="bottom", color="#333333")
    ax.set_ylim(-0.8, n + 0.8)
    ax.set_xlim(first - pd.Timedelta(days=30), last + pd.Timedelta(days=30))
    ax.set_yticks([])
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: month_label(mdates.num2date(value))))
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel(f"date (New Style; Old Style in brackets before February 1918); {SPAN_KEY}")
    ax.set_title(title)
    present = [s for s in STRANDS if s in set(steps["strand"])]
    ax.legend(handles=[Patch(color=STRAND_COLOURS[s], label=s) for s in present], loc="upper right", fontsize=8)
    add_source_line(fig, steps["source_id"])
    return fig


# ---------------------------------------------------------------------------------------------- membership
def party_landmarks(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Party congresses and purges from the events table, to annotate the membership curve."""
    events = load("events") if events is None else events
    congress = (events["kind"] == "congress") & events["title"].str.contains("Party Congress", na=False)
    purge = events["event_id"].str.contains("purge", na=False)
    marks = events.loc[congress | purge, ["event_id", "date", "title", "source_id"]].sort_values("date")
    marks["label"] = (
        marks["title"].str.replace(" opens", "", regex=False).str.replace(r"\s*\(Extraordinary\)", "", regex=True)
    )
    return marks.reset_index(drop=True)


def membership_sources(membership: pd.DataFrame | None = None) -> list[str]:
    membership = load("party_membership") if membership is None else membership
    return list(dict.fromkeys(membership["source_id"]))


def membership_figure(scale: str = "linear", sources=None, membership=None, events=None):
    """Party membership as each source counts it, on a linear or log scale, with congresses and purges marked."""
    title = "How fast did the party grow, and when did it shrink?"
    membership = load("party_membership") if membership is None else membership
    all_sources = membership_sources(membership)
    chosen = all_sources if sources is None else [s for s in all_sources if s in set(sources)]
    if not chosen:
        return message_figure(title, "Choose at least one source.")
    fig, ax = new_figure(10, 5)
    handles = []
    for source in chosen:
        part = membership[membership["source_id"] == source].sort_values("date")
        k = all_sources.index(source)
        colour, marker = SEQUENCE[k % len(SEQUENCE)], MARKERS[k % len(MARKERS)]
        ax.plot(part["date"], part["members"].astype(float), color=colour, linewidth=1.2, alpha=0.6)
        for exact in (True, False):
            points = part[(part["date_precision"] != "year") == exact]
            ax.plot(
                points["date"],
                points["members"].astype(float),
                marker,
                color=colour,
                markersize=7,
                markerfacecolor=colour if exact else "white",
                linestyle="none",
            )
        handles.append(Line2D([], [], color=colour, marker=marker, label=short_citation(source)))
    marks = party_landmarks(events)
    for _, mark in marks.iterrows():
        ax.axvline(mark["date"], color="#999999", linestyle=":", linewidth=1)
        ax.text(
            mark["date"],
            0.02,
            " " + mark["label"],
            rotation=90,
            va="bottom",
            ha="right",
            fontsize=7.5,
            color="#555555",
            transform=ax.get_xaxis_transform(),
        )
    if scale == "log":
        ax.set_yscale("log")
        ax.set_yticks([20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000])
        ax.set_ylabel("members (log scale: equal steps = equal growth rates)")
    else:
        ax.set_ylim(0, float(membership["members"].max()) * 1.12)
        ax.set_ylabel("members")
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("date (hollow markers: the source gives only the year)")
    ax.set_title(title)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    add_source_line(
        fig, list(membership.loc[membership["source_id"].isin(chosen), "source_id"]) + list(marks["source_id"])
    )
    return fig


def growth_figure(growth: pd.DataFrame):
    """Growth per year between one source's consecutive figures: when did the party grow fastest, and shrink?

    ``growth`` is indexed by date, with columns ``per_year_pct`` and ``source_id``, as the lesson computes it.
    """
    title = "When did the party grow fastest, and when did it shrink?"
    steps = growth.dropna(subset=["per_year_pct"])
    if steps.empty:
        return message_figure(title, "At least two figures from one source are needed to compute growth.")
    dates = list(growth.index)
    labels = [f"{month_label(dates[dates.index(d) - 1])} to {month_label(d)}" for d in steps.index]
    fig, ax = new_figure(9, 4.2)
    values = steps["per_year_pct"].to_numpy(dtype=float)
    colours = [SEQUENCE[0] if v >= 0 else SEQUENCE[1] for v in values]
    x = np.arange(len(values))
    ax.bar(x, values, color=colours)
    for xx, v in zip(x, values, strict=True):
        ax.text(xx, v + (3 if v >= 0 else -3), f"{v:+.0f}%", ha="center", va="bottom" if v >= 0 else "top", fontsize=9)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_xticks(x, labels, fontsize=8.5)
    ax.set_ylim(min(0.0, values.min()) - 15, max(0.0, values.max()) + 15)
    ax.set_ylabel("change per year (%, compounded)")
    ax.set_xlabel(f"between consecutive figures of one source: {short_citation(steps['source_id'].iloc[0])}")
    ax.set_title(title)
    add_source_line(fig, steps["source_id"])
    return fig


# ---------------------------------------------------------------------------------------------- offices
def office_matrix(date, offices: pd.DataFrame | None = None) -> pd.DataFrame:
    """Person x body table of the number of offices held on a date in the Soviet state and party (the body
    'other', foreign, White and Ukrainian offices, is left out). An office whose end the sources do not give is
    not counted: only offices certainly held that day."""
    offices = load("offices") if offices is None else offices
    held = held_on(date, offices, open_end="exclude")
    held = held[held["body"] != "other"]
    bodies = [b for b in body_labels() if b != "other" and b in set(offices["body"])]
    table = pd.crosstab(held["person_id"].astype(str), held["body"].astype(str))
    return table.reindex(columns=bodies, fill_value=0).astype(int)


def month_options(start: str = "1917-11-01", end: str = "1924-01-01", step: int = 2) -> list[tuple[str, str]]:
    """(label, ISO date) for the first of every other month, for the date slider (every month would make the
    slider slow to drive through, with little gained)."""
    days = pd.date_range(start, end, freq=f"{step}MS")
    return [(month_label(d), d.date().isoformat()) for d in days]


def office_matrix_figure(date: str = "1921-01-01", min_offices: int = 2):
    """Who sat where on one day: number of offices per person and body, for those holding at least min_offices."""
    day = pd.Timestamp(date)
    title = f"Who sat where on {format_date(day, long=True)}?"
    offices = load("offices")
    matrix = office_matrix(day, offices)
    totals = matrix.sum(axis=1)
    matrix = matrix[totals >= min_offices]
    if matrix.empty:
        return message_figure(title, f"Nobody in offices.csv holds {min_offices} or more offices on this day.")
    people = load("people").set_index("person_id")["name"]
    order = sorted(matrix.index, key=lambda p: (-int(matrix.loc[p].sum()), people.get(p, p)))
    matrix = matrix.loc[order]
    held = held_on(day, offices, open_end="exclude")
    unknown_end = offices[(offices["start"] <= day) & offices["end"].isna() & (offices["body"] != "other")]
    fig, ax = new_figure(9.5, 2.2 + 0.34 * len(matrix))
    values = matrix.to_numpy()
    ax.imshow(values, cmap="Blues", vmin=0, vmax=max(3, int(values.max())), aspect="auto")
    for (i, j), value in np.ndenumerate(values):
        if value:
            ax.text(j, i, f"{value}", ha="center", va="center", fontsize=9, color="white" if value >= 2 else "black")
    ax.set_xticks(range(len(matrix.columns)), [body_label(b) for b in matrix.columns], rotation=35, ha="right")
    ax.set_yticks(range(len(matrix)), [f"{people.get(p, p)} ({int(matrix.loc[p].sum())})" for p in matrix.index])
    ax.grid(False)
    ax.set_xlabel(f"body (not counted: {len(unknown_end)} offices begun by this day whose end the data do not give)")
    ax.set_ylabel("person (offices held that day)")
    ax.set_title(title)
    add_source_line(fig, held.loc[held["person_id"].isin(matrix.index), "source_id"])
    return fig


def simultaneous_offices(
    people=tuple(LEADERS), offices: pd.DataFrame | None = None, start: str = "1917-11-01", end: str = "1924-01-01"
) -> pd.DataFrame:
    """Month by month, how many offices in the Soviet state and party each person certainly held at once (on the
    first of each month; an office whose end the sources do not give is not counted)."""
    offices = load("offices") if offices is None else offices
    days = pd.date_range(start, end, freq="MS")
    counts = {}
    for day in days:
        held = held_on(day, offices, open_end="exclude")
        held = held[held["body"] != "other"]
        counts[day] = held[held["person_id"].isin(people)].groupby("person_id").size()
    table = pd.DataFrame(counts).T.reindex(columns=list(people)).fillna(0).astype(int)
    table.index.name = "date"
    return table


def simultaneous_offices_figure(people=tuple(LEADERS)):
    """Offices held at once by the leading Bolsheviks, month by month: who accumulated posts, and when?"""
    title = "How many offices did each leader hold at once?"
    people = [p for p in people if p]
    if not people:
        return message_figure(title, "Choose at least one person.")
    offices = load("offices")
    table = simultaneous_offices(tuple(people), offices)
    names = load("people").set_index("person_id")["name"]
    fig, ax = new_figure(9, 4.8)
    for k, person in enumerate(table.columns):
        jitter = (k - (len(table.columns) - 1) / 2) * 0.05
        ax.step(
            table.index,
            table[person] + jitter,
            where="post",
            label=names.get(person, person),
            color=SEQUENCE[k % len(SEQUENCE)],
            linewidth=1.8,
        )
    ax.set_ylim(-0.2, int(table.to_numpy().max()) + 1)
    ax.set_yticks(range(int(table.to_numpy().max()) + 1))
    ax.set_xlabel("first day of each month (lines nudged apart slightly so that equal counts stay visible)")
    ax.set_ylabel("offices held at once")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8, ncols=3)
    add_source_line(fig, offices.loc[offices["person_id"].isin(people), "source_id"])
    return fig


# ---------------------------------------------------------------------------------------------- widgets
def election_explorer():
    """Choose a source and a grouping; optionally count the Ukrainian SRs with the socialists."""
    table = load("constituent_assembly_1917")
    present = [s for s in ELECTION_SOURCES if s in set(table["source_id"])]
    return figure_explorer(
        election_figure,
        {
            "source": dropdown("Source", [(short_citation(s), s) for s in present], "pipes1990"),
            "grouping": dropdown("Group by", [("party", "party"), ("bloc", "bloc")], "party"),
            "ukrainian_srs_socialist": widgets.Checkbox(value=False, description="count Ukrainian SRs as socialists"),
        },
    )


def membership_explorer():
    """Choose the scale and which sources to show."""
    sources = membership_sources()
    return figure_explorer(
        membership_figure,
        {
            "scale": dropdown("Scale", [("linear", "linear"), ("log", "log")], "linear"),
            "sources": widgets.SelectMultiple(
                options=[(short_citation(s), s) for s in sources],
                value=tuple(sources),
                description="Sources",
                rows=len(sources),
                layout=widgets.Layout(width="420px"),
            ),
        },
        columns=2,
    )


def office_explorer():
    """Slide through the months; keep only people holding at least a number of offices."""
    return figure_explorer(
        office_matrix_figure,
        {
            "date": widgets.SelectionSlider(
                options=month_options(),
                value="1921-01-01",
                description="Date",
                continuous_update=False,
                layout=widgets.Layout(width="480px"),
            ),
            "min_offices": widgets.IntSlider(value=2, min=1, max=4, description="At least", continuous_update=False),
        },
        columns=2,
    )


EXPLORERS = {
    "election_explorer": election_explorer,
    "membership_explorer": membership_explorer,
    "office_explorer": office_explorer,
}


# ---------------------------------------------------------------------------------------------- self-checks
@exercises.answer("01.1")
def _sr_seats_short_of_majority():
    table = election_table()
    rows = table[table["source_id"] == "wp_ca_election"]
    total = int(rows["total_seats"].dropna().iloc[0])
    majority = total // 2 + 1
    return int(majority - rows.loc[rows["party_id"] == "sr", "seats"].iloc[0])


@exercises.answer("01.3")
def _left_sr_commissars():
    offices = load("offices").merge(load("people")[["person_id", "faction"]], on="person_id")
    left = offices[(offices["faction"] == "left_sr") & (offices["body"] == "sovnarkom")]
    return int(left["person_id"].nunique())


@exercises.answer("01.4")
def _membership_fall_1921_22():
    membership = load("party_membership")
    gse = membership[membership["source_id"] == "gse1979"].set_index("date")["members"]
    before, after = gse[pd.Timestamp("1921-03-01")], gse[pd.Timestamp("1922-03-01")]
    return round(float((before - after) / before * 100), 2)


@exercises.answer("01.5")
def _politburo_people_1919_1924():
    offices = load("offices")
    politburo = offices[
        (offices["body"] == "politburo")
        & (offices["start"] >= pd.Timestamp("1919-03-25"))
        & (offices["start"] <= pd.Timestamp("1924-01-21"))
    ]
    return int(politburo["person_id"].nunique())
