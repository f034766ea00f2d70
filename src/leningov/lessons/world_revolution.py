"""Lesson 06, world revolution and diplomacy: the lesson's event table, its figures, widgets and self-checks.

The events table has no column for the other party to a treaty or for the line of policy an event belongs to, so
this module keeps one small, visible table (``LESSON_EVENTS``) that adds both to rows of ``events.csv``. The
notebook prints it, so learners can see, and dispute, every choice.
"""

from __future__ import annotations

import textwrap

import ipywidgets as widgets
import matplotlib.dates as mdates
import pandas as pd

from leningov.data import load
from leningov.dates import date_span, format_date, half_year, month_label
from leningov.figures import SPAN_KEY, message_figure, new_figure, sort_by_period
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line, short_citation
from leningov.style import SEQUENCE, THEME_COLOURS
from leningov.widgets import dropdown, figure_explorer

exercises = Exercises.beside(__file__, "06")  # the answers below; their hints are in hints.csv
check = exercises.check

#: Lines of policy the lesson tells apart (the ``track`` column), in the order the figures show them.
TRACKS = {
    "revolution_abroad": "revolution abroad",
    "diplomacy": "diplomacy and war",
    "party_debate": "party debate at home",
    "visitors": "visitors to Lenin",
}
TRACK_COLOURS = {
    "revolution_abroad": "#D55E00",
    "diplomacy": THEME_COLOURS["foreign_policy"],
    "party_debate": "#0072B2",
    "visitors": "#CC79A7",
}

#: event_id, partner (who was on the other side, or where the event played out), track, short label for figures.
#: Every foreign_policy event is here, plus the rows of other themes the lesson needs.
LESSON_EVENTS = (
    ("decree_on_peace", "All belligerents", "diplomacy", "Decree on Peace"),
    ("armistice_talks_begin", "Central Powers", "diplomacy", "armistice talks open"),
    ("ceasefire_brest", "Central Powers", "diplomacy", "ceasefire at Brest"),
    ("armistice_signed", "Central Powers", "diplomacy", "armistice at Brest"),
    ("finland_independence", "Finland", "diplomacy", "Finland independent"),
    ("peace_talks_open", "Central Powers", "diplomacy", "peace talks open"),
    ("conference_occupied_territories", "Communist movement", "revolution_abroad", "occupied-territories conference"),
    ("trotsky_returns_from_brest", "Inside the party", "party_debate", "Trotsky's report"),
    ("lenin_peace_theses", "Inside the party", "party_debate", "Lenin's peace theses"),
    ("moscow_bureau_opposes_treaty", "Inside the party", "party_debate", "Moscow Bureau against"),
    ("foreign_debts_annulled", "Foreign creditors", "diplomacy", "debts annulled"),
    ("ukraine_bread_peace", "Central Powers", "diplomacy", "Central Powers-Ukraine peace"),
    ("second_ultimatum_neither_war_nor_peace", "Central Powers", "diplomacy", "'neither war nor peace'"),
    ("cc_vote_17feb", "Inside the party", "party_debate", "CC vote on peace"),
    ("cc_vote_18feb", "Inside the party", "party_debate", "CC vote on peace"),
    ("dvinsk_captured", "Central Powers", "diplomacy", "Dvinsk"),
    ("german_offensive_faustschlag", "Central Powers", "diplomacy", "German offensive"),
    ("cc_vote_23feb", "Inside the party", "party_debate", "CC accepts German terms"),
    ("german_ultimatum_23feb", "Central Powers", "diplomacy", "German ultimatum"),
    ("brest_treaty_signed", "Central Powers", "diplomacy", "Brest-Litovsk"),
    ("brest_ratified", "Central Powers", "diplomacy", "Brest ratified"),
    ("foreign_trade_monopoly", "All trading partners", "diplomacy", "trade monopoly"),
    ("mirbach_assassinated", "Germany", "diplomacy", "Mirbach killed"),
    ("germany_expels_soviet_mission", "Germany", "revolution_abroad", "Soviet mission expelled"),
    ("wilhelm_ii_abdicates", "Germany", "revolution_abroad", "Kaiser abdicates"),
    ("armistice_western_front", "Germany", "diplomacy", "Western Front Armistice"),
    ("brest_annulled", "Central Powers", "diplomacy", "Brest annulled"),
    ("spartacist_uprising", "Germany", "revolution_abroad", "Spartacist rising"),
    ("berne_conference", "Communist movement", "revolution_abroad", "Berne conference"),
    ("polish_soviet_war_begins", "Poland", "diplomacy", "Polish-Soviet war begins"),
    ("comintern_first_congress", "Communist movement", "revolution_abroad", "Comintern I opens"),
    ("eighth_party_congress", "Inside the party", "party_debate", "8th Party Congress"),
    ("hungarian_soviet_republic", "Hungary", "revolution_abroad", "Hungarian Soviet Republic"),
    ("bavarian_soviet_republic", "Germany", "revolution_abroad", "Bavarian Council Republic"),
    ("hungarian_soviet_republic_falls", "Hungary", "revolution_abroad", "Hungarian republic falls"),
    ("goldman_berkman_arrive", "Western visitors", "visitors", "Goldman, Berkman arrive"),
    ("goldman_berkman_meet_lenin", "Western visitors", "visitors", "Goldman, Berkman meet Lenin"),
    ("russell_meets_lenin", "Western visitors", "visitors", "Russell meets Lenin"),
    ("kiev_taken_by_poles", "Poland", "diplomacy", "Poles take Kiev"),
    ("left_wing_communism", "Communist movement", "revolution_abroad", "'Left-Wing' Communism"),
    ("comintern_second_congress_opens", "Communist movement", "revolution_abroad", "Comintern II opens"),
    ("comintern_second_congress_closes", "Communist movement", "revolution_abroad", "Comintern II closes"),
    ("battle_of_warsaw", "Poland", "revolution_abroad", "Battle of Warsaw"),
    ("vanderlip_concession", "United States", "diplomacy", "Kamchatka offer"),
    ("wells_meets_lenin", "Western visitors", "visitors", "Wells meets Lenin"),
    ("anglo_soviet_trade_agreement", "United Kingdom", "diplomacy", "Anglo-Soviet trade agreement"),
    ("peace_of_riga", "Poland", "diplomacy", "Peace of Riga"),
    ("ara_riga_agreement", "United States", "diplomacy", "ARA agreement"),
    ("genoa_conference", "European powers", "diplomacy", "Genoa conference opens"),
    ("rapallo_treaty", "Germany", "diplomacy", "Treaty of Rapallo"),
    ("comintern_fourth_congress_speech", "Communist movement", "revolution_abroad", "Lenin at Comintern IV"),
    ("december_plenum_1922", "Inside the party", "party_debate", "trade monopoly kept"),
)

#: The periods the diplomacy explorer offers: label -> (first day, last day), New Style.
PERIODS = {
    "all": ("1917-11-01", "1924-01-21"),
    "Nov 1917 - Nov 1918: Brest-Litovsk": ("1917-11-01", "1918-11-10"),
    "Nov 1918 - Mar 1921: Armistice to Riga": ("1918-11-11", "1921-03-18"),
    "Mar 1921 - Jan 1924: trade and Rapallo": ("1921-03-19", "1924-01-21"),
}
#: Marker shapes for the kinds of events in the lesson (any other kind is drawn as a plain dot).
KIND_MARKERS = {
    "treaty": "s",
    "conference": "D",
    "congress": "^",
    "uprising": "*",
    "declaration": "P",
    "battle": "X",
    "offensive": "X",
    "ultimatum": "v",
    "visit": "h",
    "speech": "<",
    "publication": ">",
}
#: The key to ``_draw_events``: the course's key to imprecise dates, for markers shaped by kind.
MARKER_SPAN_KEY = SPAN_KEY.replace("hollow dot", "hollow marker")
#: Kinds grouped for the half-year figure, so that its colours stay readable (the tables keep the exact kind).
KIND_GROUPS = {
    "treaty": "treaty or ultimatum",
    "ultimatum": "treaty or ultimatum",
    "conference": "congress or conference",
    "congress": "congress or conference",
    "uprising": "uprising or proclamation",
    "declaration": "uprising or proclamation",
    "battle": "battle or offensive",
    "offensive": "battle or offensive",
    "speech": "speech or publication",
    "publication": "speech or publication",
}
GROUP_COLOURS = {
    "treaty or ultimatum": "#009E73",
    "congress or conference": "#0072B2",
    "uprising or proclamation": "#D55E00",
    "battle or offensive": "#000000",
    "speech or publication": "#E69F00",
    "other kinds": "#BBBBBB",
}
#: Short labels of the Brest-Litovsk loss categories, for axes.
LOSS_LABELS = {
    "agricultural_land": "agricultural land",
    "state_revenue": "state revenue",
    "wheat_land": "wheat land",
    "metalworking_plants": "metalworking plants",
    "paper_mills": "paper mills",
    "chemical_plants": "chemical plants",
}


# ---------------------------------------------------------------------------------------------- the lesson's table
def lesson_table() -> pd.DataFrame:
    """The curated columns as a table: event_id, partner, track, label."""
    return pd.DataFrame(LESSON_EVENTS, columns=["event_id", "partner", "track", "label"])


def lesson_events(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """The lesson's events: rows of events.csv with the partner, track and label columns added, by date."""
    events = load("events") if events is None else events
    table = lesson_table()
    missing = sorted(set(table["event_id"]) - set(events["event_id"]))
    if missing:
        raise KeyError(f"LESSON_EVENTS names events that are not in data/events.csv: {', '.join(missing)}")
    merged = events.merge(table, on="event_id", how="inner", validate="one_to_one")
    merged["kind"] = merged["kind"].astype(str)
    merged["theme"] = merged["theme"].astype(str)
    return _in_time_order(merged)


def _in_time_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in time order, an event known only to the month after the days of its month; ties by event_id."""
    return sort_by_period(frame.sort_values(["date", "event_id"])).reset_index(drop=True)


def _lanes(frame: pd.DataFrame) -> list[str]:
    """Partners in order of their first event, the earliest at the top."""
    return list(dict.fromkeys(_in_time_order(frame)["partner"]))


def _place_labels(ax, frame: pd.DataFrame, y: dict, width: int = 14, fontsize: float = 7.5) -> None:
    """Label each marker with its short label, above or below, stacking labels that would otherwise collide."""
    span = max((frame["date"].max() - frame["date"].min()).days, 60)
    gap = span * 0.085
    offsets = {1: 9, -1: -19, 2: 27, -2: -37}
    placed: dict[str, list[tuple[float, int]]] = {}
    for _, row in frame.sort_values(["date", "event_id"]).iterrows():
        x = row["date"].toordinal()
        taken = placed.setdefault(row["partner"], [])
        level = next((lv for lv in (1, -1, 2, -2) if all(abs(x - px) > gap for px, pl in taken if pl == lv)), 1)
        taken.append((x, level))
        ax.annotate(
            textwrap.fill(row["label"], width),
            (row["date"], y[row["partner"]]),
            xytext=(0, offsets[level]),
            textcoords="offset points",
            ha="center",
            va="bottom" if level > 0 else "top",
            fontsize=fontsize,
        )


def _number_events(ax, key_ax, frame: pd.DataFrame, y: dict) -> None:
    """Number each marker and list the numbers, dates and labels beside the plot (labels never collide)."""
    rows = _in_time_order(frame)
    span = max((rows["date"].max() - rows["date"].min()).days, 60)
    gap = span * 0.04
    offsets = {1: (0, 6, "bottom"), 2: (0, -6, "top"), 3: (0, 15, "bottom"), 4: (0, -15, "top")}
    placed: dict[str, list[tuple[int, int]]] = {}
    lines = []
    for i, row in rows.iterrows():
        x = row["date"].toordinal()
        near = {lv for px, lv in placed.get(row["partner"], []) if abs(x - px) <= gap}
        level = next((lv for lv in offsets if lv not in near), 1)
        placed.setdefault(row["partner"], []).append((x, level))
        dx, dy, va = offsets[level]
        ax.annotate(
            str(i + 1),
            (row["date"], y[row["partner"]]),
            xytext=(dx, dy),
            textcoords="offset points",
            ha="center",
            va=va,
            fontsize=7.5,
            fontweight="bold",
        )
        when = format_date(row["date"], row["date_precision"], row["date_os"])
        prefix = f"{i + 1:>2}  {when:<11}  "
        lines.append(prefix + textwrap.fill(row["label"], 26).replace("\n", "\n" + " " * len(prefix)))
    key_ax.set_axis_off()
    key_ax.text(
        0.0, 1.0, "\n".join(lines), transform=key_ax.transAxes, va="top", ha="left", fontsize=7.5, family="monospace"
    )


def _date_axis(ax, months: int | None = None) -> None:
    """Readable date ticks: every few months, or chosen automatically when ``months`` is None."""
    if months is None:
        locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        return
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, months)))
    ax.xaxis.set_major_formatter(lambda value, _pos: month_label(mdates.num2date(value)).replace(" ", "\n"))


def _draw_events(ax, frame: pd.DataFrame, y: dict) -> None:
    """One marker per event, its shape the kind and its colour the track: filled on a day; hollow, with a bar
    across the month or year, where only those are known (as ``draw_dated_events`` draws them, with shapes)."""
    for _, row in frame.iterrows():
        colour, lane = TRACK_COLOURS[row["track"]], y[row["partner"]]
        first, last = date_span(row["date"], row["date_precision"])
        if first != last:
            ax.plot([first, last], [lane, lane], color=colour, linewidth=4, alpha=0.45, solid_capstyle="butt")
        ax.scatter(
            [first],
            [lane],
            marker=KIND_MARKERS.get(row["kind"], "o"),
            s=70,
            zorder=3,
            linewidths=1.4,
            facecolors=colour if first == last else "white",
            edgecolors=colour,
        )


# ---------------------------------------------------------------------------------------------- figures
def hopes_and_outcomes_figure(
    diplomacy: pd.DataFrame | None = None, start: str = "1918-11-01", end: str = "1921-03-31"
):
    """Revolution abroad from the Armistice to Riga: what was hoped for and what happened, lane by country."""
    diplomacy = lesson_events() if diplomacy is None else diplomacy
    window = diplomacy[diplomacy["date"].between(start, end) & diplomacy["track"].isin(["revolution_abroad"])]
    context = diplomacy[
        diplomacy["date"].between(start, end)
        & diplomacy["event_id"].isin(["armistice_western_front", "peace_of_riga", "polish_soviet_war_begins"])
    ]
    frame = _in_time_order(pd.concat([window, context]))
    if frame.empty:
        return message_figure("Revolution abroad", f"No events between {format_date(start)} and {format_date(end)}.")
    lanes = _lanes(frame)
    y = {p: len(lanes) - i for i, p in enumerate(lanes)}
    fig, (ax, key_ax) = new_figure(10, 5.0, ncols=2, width_ratios=[3, 1.25])
    # spans where the data holds both ends of a story
    spans = [
        ("hungarian_soviet_republic", "hungarian_soviet_republic_falls"),
        ("comintern_second_congress_opens", "comintern_second_congress_closes"),
        ("polish_soviet_war_begins", "peace_of_riga"),
    ]
    ids = frame.set_index("event_id")
    for first, last in spans:
        if first in ids.index and last in ids.index:
            lane = y[ids.loc[first, "partner"]]
            ax.plot(
                [ids.loc[first, "date"], ids.loc[last, "date"]],
                [lane, lane],
                color="#BBBBBB",
                linewidth=6,
                solid_capstyle="butt",
                zorder=1,
            )
    _draw_events(ax, frame, y)
    _number_events(ax, key_ax, frame, y)
    _date_axis(ax, 3)
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(0.5, len(lanes) + 0.5)
    ax.set_xlim(pd.Timestamp(start) - pd.Timedelta(days=20), pd.Timestamp(end) + pd.Timedelta(days=20))
    ax.set_xlabel(f"date (New Style); {MARKER_SPAN_KEY}")
    ax.set_ylabel("where it played out")
    ax.set_title("Did Europe rise? Revolution abroad, from the Armistice to Riga")
    handles = [
        ax.scatter([], [], color=TRACK_COLOURS[t], marker="o", s=40, label=TRACKS[t])
        for t in ["revolution_abroad", "diplomacy"]
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2, fontsize=8)
    add_source_line(fig, frame["source_id"])
    return fig


def comintern_delegates(estimates: pd.DataFrame | None = None) -> dict[str, float]:
    """The seed's delegate figures for the First Comintern Congress: total, from the former Empire, from elsewhere."""
    estimates = load("estimates") if estimates is None else estimates
    points = estimates.set_index("quantity_id")["point"]
    total = float(points["comintern_1919_delegates"])
    empire = float(points["comintern_1919_delegates_former_empire"])
    return {"total": total, "former_empire": empire, "elsewhere": total - empire}


def comintern_delegates_figure(estimates: pd.DataFrame | None = None):
    """How international was the founding congress? One bar split by where the delegates lived."""
    estimates = load("estimates") if estimates is None else estimates
    d = comintern_delegates(estimates)
    fig, ax = new_figure(8, 2.6)
    ax.barh([0], [d["former_empire"]], color="#D55E00", label="resident in the former Russian Empire")
    ax.barh([0], [d["elsewhere"]], left=[d["former_empire"]], color="#BBBBBB", label="resident elsewhere")
    for left, width in [(0, d["former_empire"]), (d["former_empire"], d["elsewhere"])]:
        ax.text(
            left + width / 2,
            0,
            f"{width:.0f}",
            ha="center",
            va="center",
            fontsize=11,
            color="white" if left == 0 else "black",
        )
    ax.set_yticks([])
    ax.set_xlim(0, d["total"])
    ax.set_xlabel("delegates at the First Congress, March 1919 (one source: the seed article)")
    ax.set_title("How international was the First Comintern Congress?", pad=26)
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=2, fontsize=9)
    rows = estimates[estimates["quantity_id"].str.startswith("comintern_1919")]
    add_source_line(fig, rows["source_id"])
    return fig


def diplomacy_timeline_figure(diplomacy: pd.DataFrame | None = None, kind: str = "all", period: str = "all"):
    """The lesson's events as a timeline, one lane per partner, marker by kind, colour by track."""
    diplomacy = lesson_events() if diplomacy is None else diplomacy
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}; choose one of: {', '.join(PERIODS)}")
    first, last = PERIODS[period]
    frame = diplomacy[diplomacy["date"].between(first, last)]
    if kind != "all":
        frame = frame[frame["kind"] == kind]
    title = "Who dealt with whom, and how? The lesson's events by partner"
    if frame.empty:
        return message_figure(
            title, f"No events of kind '{kind}' in the period '{period}'.\nChoose another kind or period."
        )
    lanes = _lanes(frame)
    y = {p: len(lanes) - i for i, p in enumerate(lanes)}
    few = len(frame) <= 16
    if few:
        fig, (ax, key_ax) = new_figure(
            10, max(3.6, 2.2 + 0.5 * len(lanes), 1.2 + 0.16 * len(frame)), ncols=2, width_ratios=[3, 1.25]
        )
    else:
        fig, ax = new_figure(9, 1.9 + 0.42 * len(lanes))
    _draw_events(ax, frame, y)
    if few:
        _number_events(ax, key_ax, frame, y)
    _date_axis(ax)
    ax.set_yticks(list(y.values()), list(y.keys()))
    ax.set_ylim(0.4, len(lanes) + 0.6)
    pad = pd.Timedelta(days=25)
    last = max(date_span(d, p)[1] for d, p in zip(frame["date"], frame["date_precision"], strict=True))
    ax.set_xlim(frame["date"].min() - pad, last + pad)
    ax.set_xlabel(f"date (New Style); {MARKER_SPAN_KEY}")
    ax.set_ylabel("partner or arena")
    shown = "all kinds" if kind == "all" else f"kind: {kind}"
    ax.set_title(f"{title}\n({shown}; period: {period})", fontsize=11)
    tracks = [t for t in TRACKS if t in set(frame["track"])]
    kinds = sorted(set(frame["kind"]))
    plain = [k for k in kinds if k not in KIND_MARKERS]
    shaped = [(k, KIND_MARKERS[k]) for k in kinds if k in KIND_MARKERS]
    if plain:
        shaped.append((textwrap.fill(", ".join(plain), 22), "o"))
    handles = [ax.scatter([], [], color=TRACK_COLOURS[t], marker="o", s=40, label=TRACKS[t]) for t in tracks]
    handles += [
        ax.scatter([], [], facecolors="white", edgecolors="#555555", marker=m, s=40, label=k) for k, m in shaped
    ]
    if few:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=4, fontsize=8)
    else:
        ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    add_source_line(fig, frame["source_id"])
    return fig


def visitors_figure(diplomacy: pd.DataFrame | None = None, year: int = 1920):
    """Who came to see Lenin in a year, and what was happening in the war with Poland and the Comintern then."""
    diplomacy = lesson_events() if diplomacy is None else diplomacy
    context = diplomacy["partner"].isin(["Poland", "Communist movement"])
    frame = diplomacy[(diplomacy["date"].dt.year == year) & (diplomacy["track"].eq("visitors") | context)]
    title = f"Who met Lenin in {year}, and what was going on at the time?"
    if frame.empty:
        return message_figure(title, f"No visits or Polish-war and Comintern events in {year}.")
    lanes = {"Western visitors": 3, "Poland": 2, "Communist movement": 1}
    names = {"Western visitors": "visitors", "Poland": "war with Poland", "Communist movement": "Comintern"}
    fig, ax = new_figure(9, 3.8)
    _draw_events(ax, frame, lanes)
    _place_labels(ax, frame, lanes, fontsize=8)
    _date_axis(ax, 2)
    ax.set_yticks(list(lanes.values()), [names[k] for k in lanes])
    ax.set_ylim(0.4, 3.7)
    ax.set_xlim(pd.Timestamp(f"{year}-01-01") - pd.Timedelta(days=10), pd.Timestamp(f"{year}-12-31"))
    ax.set_xlabel(f"date in {year} (New Style); {MARKER_SPAN_KEY}")
    ax.set_title(title)
    handles = [
        ax.scatter([], [], color=TRACK_COLOURS[t], marker="o", s=40, label=TRACKS[t])
        for t in TRACKS
        if t in set(frame["track"])
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncols=len(handles), fontsize=8)
    add_source_line(fig, frame["source_id"])
    return fig


def kind_group(kinds: pd.Series) -> pd.Series:
    """The kind of each event in the groups of ``KIND_GROUPS``; any other kind is 'other kinds'."""
    return kinds.map(KIND_GROUPS).fillna("other kinds")


def half_year_counts(diplomacy: pd.DataFrame | None = None, by: str = "kind_group") -> dict[str, pd.DataFrame]:
    """Events per half-year and kind: the revolution-abroad track, and the rest of the foreign_policy theme."""
    diplomacy = lesson_events() if diplomacy is None else diplomacy
    frame = diplomacy.assign(half=half_year(diplomacy["date"]), kind_group=kind_group(diplomacy["kind"]))
    abroad = frame[frame["track"] == "revolution_abroad"]
    foreign = frame[(frame["theme"] == "foreign_policy") & (frame["track"] != "revolution_abroad")]
    halves = list(half_year(pd.Series(pd.date_range("1917-07-01", "1923-12-31", freq="6MS"))))
    return {
        name: part.pivot_table(index="half", columns=by, values="event_id", aggfunc="count")
        .reindex(halves)
        .fillna(0)
        .astype(int)
        for name, part in [("revolution abroad (all themes)", abroad), ("foreign_policy theme, other events", foreign)]
    }


def half_year_figure(diplomacy: pd.DataFrame | None = None):
    """Revolution abroad against the rest of foreign policy: events per half-year, stacked by kind."""
    diplomacy = lesson_events() if diplomacy is None else diplomacy
    counts = half_year_counts(diplomacy)
    present = set().union(*[set(t.columns) for t in counts.values()])
    kinds = [g for g in GROUP_COLOURS if g in present]
    colours = GROUP_COLOURS
    fig, axes = new_figure(9, 5.6, nrows=2, sharex=True)
    for ax, (name, table) in zip(axes, counts.items(), strict=True):
        bottom = pd.Series(0, index=table.index)
        for k in kinds:
            if k in table.columns:
                ax.bar(range(len(table)), table[k], bottom=bottom, color=colours[k], label=k, width=0.75)
                bottom = bottom + table[k]
        ax.set_ylabel("events")
        ax.set_title(name, fontsize=10.5)
        ax.set_ylim(0, max(1, bottom.max()) + 1)
    first = next(iter(counts.values()))
    axes[1].set_xticks(range(len(first)), first.index, rotation=45, ha="right")
    axes[1].set_xlabel("half-year; an event known only to the month or year counts in the half-year of its first day")
    fig.suptitle("Revolution abroad or diplomacy? Events per half-year, by kind", fontweight="bold", x=0.02, ha="left")
    handles = [axes[0].bar([0], [0], color=colours[k], label=k) for k in kinds]
    axes[0].legend(handles=handles, labels=kinds, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    add_source_line(
        fig,
        diplomacy.loc[
            diplomacy["track"].eq("revolution_abroad") | diplomacy["theme"].eq("foreign_policy"), "source_id"
        ],
    )
    return fig


def loss_label(category: str) -> str:
    return LOSS_LABELS.get(category, category.replace("_", " "))


def brest_losses_figure(losses: pd.DataFrame | None = None, category: str = "all"):
    """What did the Brest-Litovsk peace cost? Each source's share lost, per category (one marker per source)."""
    losses = load("brest_litovsk_losses") if losses is None else losses
    title = "What did Brest-Litovsk cost? The share of the former Empire lost, as each source gives it"
    if category != "all":
        frame = losses[losses["category"] == category]
        if frame.empty:
            return message_figure(title, f"No source gives a figure for '{category}'.")
        frame = frame.sort_values("share_lost_pct")
        fig, ax = new_figure(9, 1.4 + 0.55 * len(frame))
        labels = [
            f"{short_citation(s)}: {textwrap.fill(str(n), 70)}"
            for s, n in zip(frame["source_id"], frame["note"], strict=True)
        ]
        ax.barh(range(len(frame)), frame["share_lost_pct"], color="#009E73")
        for i, v in enumerate(frame["share_lost_pct"]):
            ax.text(v + 1, i, f"{v:g}%", va="center", fontsize=9)
        ax.set_yticks(range(len(frame)), labels, fontsize=7.5)
        ax.set_xlim(0, 100)
        ax.set_xlabel(f"share of the former Empire's {loss_label(category)} lost (%)")
        ax.set_title(f"What did Brest-Litovsk cost? {loss_label(category).capitalize()}, source by source")
        add_source_line(fig, frame["source_id"])
        return fig
    order = losses.groupby("category")["share_lost_pct"].agg(["count", "max"])
    order = order.sort_values(["count", "max"], ascending=[True, True]).index.tolist()
    y = {c: i for i, c in enumerate(order)}
    sources = list(dict.fromkeys(losses["source_id"]))
    markers = ["o", "s", "D", "^", "v", "P", "X"]
    fig, ax = new_figure(9, 1.6 + 0.38 * len(order))
    for c, group in losses.groupby("category"):
        ax.plot(
            [group["share_lost_pct"].min(), group["share_lost_pct"].max()],
            [y[c], y[c]],
            color="#BBBBBB",
            linewidth=5,
            solid_capstyle="round",
            zorder=1,
        )
    for i, s in enumerate(sources):
        part = losses[losses["source_id"] == s]
        ax.scatter(
            part["share_lost_pct"],
            [y[c] for c in part["category"]],
            marker=markers[i % len(markers)],
            color=SEQUENCE[i % len(SEQUENCE)],
            s=55,
            zorder=3,
            label=short_citation(s),
        )
    ax.set_yticks(list(y.values()), [loss_label(c) for c in order])
    ax.set_xlim(0, 100)
    ax.set_xlabel("share lost (%); grey bar: range between the sources")
    ax.set_title(title, fontsize=11)
    ax.legend(title="source", loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    add_source_line(fig, losses["source_id"])
    return fig


# ---------------------------------------------------------------------------------------------- widgets
def diplomacy_explorer() -> widgets.VBox:
    """Filter the lesson's timeline by kind of event and by period."""
    kinds = lesson_events()["kind"].value_counts()
    options = [("all kinds", "all")] + [(f"{k} ({n})", k) for k, n in kinds.sort_index().items()]
    return figure_explorer(
        diplomacy_timeline_figure,
        {
            "kind": dropdown("Kind of event", options, "all"),
            "period": dropdown("Period", list(PERIODS), "all"),
        },
        columns=2,
    )


def brest_losses_explorer() -> widgets.VBox:
    """Pick one category of loss to read each source's figure beside what it measures."""
    losses = load("brest_litovsk_losses")
    counts = losses["category"].value_counts()
    order = sorted(counts.index, key=lambda c: (-counts[c], c))
    options = [("all categories", "all")] + [(f"{loss_label(c)} ({counts[c]} sources)", c) for c in order]
    return figure_explorer(brest_losses_figure, {"category": dropdown("Category", options, "all")}, columns=1)


EXPLORERS = {"diplomacy_timeline": diplomacy_explorer, "brest_losses": brest_losses_explorer}


# ---------------------------------------------------------------------------------------------- self-checks
@exercises.answer("06.1")
def _share_delegates_former_empire():
    d = comintern_delegates()
    return round(100 * d["former_empire"] / d["total"], 1)


@exercises.answer("06.2")
def _days_brest_stood():
    events = load("events").set_index("event_id")["date"]
    return int((events["brest_annulled"] - events["brest_treaty_signed"]).days)


@exercises.answer("06.3")
def _treaties_after_warsaw():
    diplomacy = lesson_events()
    warsaw = diplomacy.loc[diplomacy["event_id"] == "battle_of_warsaw", "date"].iloc[0]
    return int(((diplomacy["kind"] == "treaty") & (diplomacy["date"] > warsaw)).sum())


@exercises.answer("06.4")
def _busiest_half_year():
    diplomacy = lesson_events()
    abroad = diplomacy[diplomacy["track"] == "revolution_abroad"]
    counts = half_year(abroad["date"]).value_counts()
    return str(counts.sort_index().idxmax())


def loss_spread(losses: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per category: how many sources give a figure, and the lowest, highest and spread (percentage points)."""
    losses = load("brest_litovsk_losses") if losses is None else losses
    table = losses.groupby("category")["share_lost_pct"].agg(["count", "min", "max"])
    return table.assign(spread=(table["max"] - table["min"]).round(1)).sort_values("spread", ascending=False)


@exercises.answer("06.5")
def _categories_spread_over_20():
    return int((loss_spread()["spread"] > 20).sum())
