"""Lesson 02, economic policy: decrees by category, nationalisation, requisitioning, famine and the NEP.

The plotting functions return figures made from the course tables, so the widgets and the tests share one code
path. The decree categories come from an explicit keyword table that learners can read, challenge and replace.
"""

from __future__ import annotations

import math
import re
import textwrap

import ipywidgets as widgets
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from leningov import figures
from leningov.data import event_date, load
from leningov.dates import MONTHS, date_span, format_date, month_label
from leningov.selfcheck import Exercises
from leningov.sources import add_source_line, short_citation
from leningov.style import SEQUENCE, THEME_COLOURS
from leningov.widgets import dropdown, figure_explorer

exercises = Exercises.beside(__file__, "02")  # the answers below; their hints are in hints.csv
check = exercises.check

# ---------------------------------------------------------------------------------------------- decrees
#: Which events count as decrees: these kinds, plus declarations that Sovnarkom or the Central Executive
#: Committee issued (read from the summary), such as the Declaration of the Rights of the Peoples of Russia.
DECREE_KINDS = ("decree", "law")
ISSUING_BODIES = ("Sovnarkom", "Central Executive Committee")

#: The keyword table. A decree's category is the FIRST category (in this order) one of whose keywords begins a
#: word of its title or summary (lower case). Order matters: the Decree on Land mentions church estates, so
#: "land" comes before "church". Decrees that match nothing stay "uncategorised", and the lesson shows them.
CATEGORY_KEYWORDS: dict[str, list[str]] = {
    "land": ["land"],
    "church": ["church", "religio", "priest"],
    "nationalities": ["peoples of russia", "self-determination", "nationalit"],
    "peace and foreign affairs": ["peace", "armistice", "treaty"],
    "parties and press": ["press", "newspaper", "party", "parties", "menshevik", "left sr", "kadet"],
    "police and terror": ["cheka", "terror", "camp", "hostage"],
    "justice": ["court", "tribunal", "justice", "criminal code"],
    "army": ["army", "rank", "military"],
    "labour": ["working day", "eight-hour", "workers' control"],
    "industry": ["industr", "vsnkh", "national economy"],
    "finance": ["bank", "gold", "loan", "debt"],
    "trade": ["trade"],
    "education": ["education", "school", "universit"],
    "food supply": ["food", "grain", "kombedy", "tax in kind"],
    "family and social": ["marriage", "divorce", "orphan"],
}
UNCATEGORISED = "uncategorised"

HUNDRED_DAYS_START = "1917-11-08"  # the day Sovnarkom was formed
HUNDRED_DAYS = 100


def matching_categories(text: str, keywords: dict[str, list[str]] | None = None) -> list[str]:
    """Every category with a keyword that begins a word of ``text``, in the table's order."""
    keywords = CATEGORY_KEYWORDS if keywords is None else keywords
    text = str(text).lower()
    return [
        category
        for category, words in keywords.items()
        if any(re.search(r"\b" + re.escape(word.lower()), text) for word in words)
    ]


def categorise(text: str, keywords: dict[str, list[str]] | None = None) -> str:
    """The first matching category of a text, or "uncategorised"."""
    found = matching_categories(text, keywords)
    return found[0] if found else UNCATEGORISED


def decrees(events: pd.DataFrame | None = None, keywords: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The decrees in the timeline, with their category (first match) and every category they match."""
    events = load("events") if events is None else events
    kind = events["kind"].astype("string")
    issued = events["summary"].astype("string").str.contains("|".join(ISSUING_BODIES), regex=True, na=False)
    chosen = events[kind.isin(DECREE_KINDS) | ((kind == "declaration") & issued)].copy()
    text = chosen["title"].astype("string") + " " + chosen["summary"].astype("string")
    chosen["category"] = text.map(lambda t: categorise(t, keywords))
    chosen["all_categories"] = text.map(lambda t: "; ".join(matching_categories(t, keywords)))
    chosen["month"] = chosen["date"].dt.to_period("M")
    return chosen.sort_values(["date", "event_id"]).reset_index(drop=True)


def keyword_table(keywords: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """The keyword table as a two-column frame, for reading in a notebook."""
    keywords = CATEGORY_KEYWORDS if keywords is None else keywords
    return pd.DataFrame(
        {
            "order": range(1, len(keywords) + 1),
            "category": list(keywords),
            "keywords": map(", ".join, keywords.values()),
        }
    ).set_index("order")


def first_hundred_days(frame: pd.DataFrame | None = None, start: str = HUNDRED_DAYS_START, days: int = HUNDRED_DAYS):
    """Decrees of the government's first hundred days: exact dates in the window, and months that overlap it."""
    frame = decrees() if frame is None else frame
    begin = pd.Timestamp(start)
    end = begin + pd.Timedelta(days=days)
    exact = (frame["date_precision"] == "day") & (frame["date"] >= begin) & (frame["date"] < end)
    month_end = frame["date"] + pd.offsets.MonthBegin(1)
    by_month = (frame["date_precision"] == "month") & (month_end > begin) & (frame["date"] < end)
    return frame[exact | by_month].reset_index(drop=True)


def first_hundred_days_figure(start: str = HUNDRED_DAYS_START, days: int = HUNDRED_DAYS) -> Figure:
    """Each decree of the first hundred days on one row: day of the new government, category, both calendars.

    Rows are in time order, a decree known only to the month after the days of its month (``figures.sort_by_period``).
    """
    rows = figures.sort_by_period(first_hundred_days(start=start, days=days)).iloc[::-1].reset_index(drop=True)
    begin = pd.Timestamp(start)
    if rows.empty:
        return figures.message_figure(
            "Decrees of the first hundred days", "No decree in the course timeline falls here."
        )
    fig, ax = figures.new_figure(11, 0.32 * len(rows) + 1.6)
    labels = []
    for y, row in rows.iterrows():
        colour = THEME_COLOURS[str(row["theme"])]
        if row["date_precision"] == "day":
            ax.plot((row["date"] - begin).days, y, "o", color=colour, markersize=7)
            when = format_date(row["date"], "day", row["date_os"])
        else:  # only the month is known: draw the part of the month inside the window, hollow
            first, last = date_span(row["date"], row["date_precision"])
            lo, hi = max((first - begin).days, 0), min((last - begin).days + 1, days)
            ax.plot([lo, hi], [y, y], color=colour, linewidth=5, alpha=0.35, solid_capstyle="butt")
            ax.plot((lo + hi) / 2, y, "o", markerfacecolor="white", color=colour, markersize=7)
            when = format_date(row["date"], row["date_precision"], long=True) + ", day unknown"
        ax.text(days + 2, y, row["category"], va="center", fontsize=8.5, color="#333333")
        labels.append(f"{textwrap.shorten(row['title'], 60, placeholder='…')} — {when}")
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5)
    ax.set_xlim(-2, days + 22)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.set_xticks(range(0, days + 1, 10))
    ax.set_xlabel(f"days after {format_date(begin, long=True)} (New Style); category on the right")
    ax.set_title("What did the new government decree in its first hundred days?")
    for theme in dict.fromkeys(rows["theme"].astype(str)):
        ax.plot([], [], "o", color=THEME_COLOURS[theme], label=theme.replace("_", " "))
    ax.legend(title="course theme", fontsize=8, title_fontsize=8, loc="lower left", ncols=2)
    ax.grid(axis="y", alpha=0)
    return add_source_line(fig, rows["source_id"])


def decrees_by_month_figure(categories=None, years: tuple[int, int] = (1917, 1918)) -> Figure:
    """How many decrees of each category the timeline holds per month, for chosen categories and years."""
    frame = decrees()
    span = frame["month"]  # never draw months before the first or after the last decree of the timeline
    title = "What did the government decree, month by month?"
    names = list(CATEGORY_KEYWORDS) + [UNCATEGORISED]
    chosen = [c for c in names if categories is None or c in set(categories)]
    if not chosen:
        return figures.message_figure(title, "No category chosen: select at least one category.")
    first, last = int(min(years)), int(max(years))
    undated = frame[frame["date_precision"] == "year"]
    frame = frame[(frame["date_precision"] != "year") & frame["category"].isin(chosen)]
    frame = frame[frame["date"].dt.year.between(first, last)]
    if frame.empty:
        return figures.message_figure(title, f"No decree of the chosen categories in {first}-{last}.")
    months = pd.period_range(
        max(pd.Period(f"{first}-01", "M"), span.min()), min(pd.Period(f"{last}-12", "M"), span.max())
    )
    counts = frame.groupby(["category", "month"]).size()
    rows = [c for c in chosen if c in counts.index.get_level_values(0)]
    fig, ax = figures.new_figure(max(8.0, min(14.0, 3 + 0.16 * len(months))), 0.3 * len(rows) + 2.2)
    position = {m: i for i, m in enumerate(months)}
    for y, category in enumerate(rows):
        for month, n in counts[category].items():
            ax.scatter(position[month], y, s=70 * n, color=SEQUENCE[0], alpha=0.8, zorder=3)
            if n > 1:
                ax.text(position[month], y, str(n), color="white", ha="center", va="center", fontsize=8, zorder=4)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(len(rows) - 0.4, -0.6)
    step = 1 if len(months) <= 15 else 3 if len(months) <= 40 else 6
    ticks = [i for i, m in enumerate(months) if (m.month - 1) % step == 0 or i == 0]
    ax.set_xticks(ticks, [month_label(months[i].start_time) for i in ticks], rotation=45, ha="right", fontsize=8.5)
    ax.set_xlim(-1, len(months))
    ax.set_title(title)
    hidden = len(undated[undated["date"].dt.year.between(first, last) & undated["category"].isin(chosen)])
    note = f"{len(frame)} decrees shown" + (f"; {hidden} dated only to the year not shown" if hidden else "")
    ax.set_xlabel(f"month (New Style); a number inside a dot counts several decrees\n{note}")
    return add_source_line(fig, frame["source_id"])


def decrees_explorer() -> widgets.VBox:
    """Choose categories and a range of years; the grid of decrees per month redraws."""
    names = list(CATEGORY_KEYWORDS) + [UNCATEGORISED]
    categories = widgets.SelectMultiple(
        options=names,
        value=tuple(names),
        rows=len(names),
        description="Categories",
        style={"description_width": "initial"},
    )
    years = widgets.IntRangeSlider(
        value=(1917, 1918), min=1917, max=1924, step=1, description="Years", style={"description_width": "initial"}
    )
    return figure_explorer(decrees_by_month_figure, {"categories": categories, "years": years}, columns=2)


# ---------------------------------------------------------------------------------------------- nationalisation
#: The steps by which the state took over the economy, as event ids (the order is the events table's).
NATIONALISATION_STEPS = [
    "workers_control_decree",
    "vsnkh_established",
    "bank_nationalisation",
    "foreign_debts_annulled",
    "foreign_trade_monopoly",
    "on_nationalisation_decree",
    "small_industry_nationalised",
    "tax_in_kind_decree",
]


def _decimal_year(date: pd.Timestamp) -> float:
    return date.year + (date.day_of_year - 1) / (366 if date.is_leap_year else 365)


def _phase_dates() -> dict[str, pd.Timestamp]:
    """Start of requisitioning (food dictatorship) and of the NEP (tax in kind), from the events table."""
    return {"war_communism": event_date("food_dictatorship_decree"), "nep": event_date("tax_in_kind_decree")}


def _policy_backdrop(ax, x_min: float, x_max: float, label_at: float | None = 1.0) -> None:
    """Shade the years of requisitioning ('war communism') and of the NEP behind a yearly series.

    Only what falls between ``x_min`` and ``x_max`` is drawn. ``label_at`` is the height of the phase labels
    (0 = bottom, 1 = top of the axes); None draws no labels.
    """
    phases = _phase_dates()
    wc, nep = _decimal_year(phases["war_communism"]), _decimal_year(phases["nep"])
    spans = [
        (wc, min(nep, x_max), "civil_war", "requisitioning\n('war communism')"),
        (nep, x_max, "foreign_policy", "NEP"),
    ]
    for lo, hi, theme, label in spans:
        if lo >= x_max or hi <= x_min:
            continue
        if lo > x_min:
            ax.axvline(lo, color="#777777", linewidth=0.8, linestyle="--", zorder=1)
        lo = max(lo, x_min)
        ax.axvspan(lo, hi, color=THEME_COLOURS[theme], alpha=0.08, zorder=0)
        if label_at is not None:
            va = "top" if label_at > 0.5 else "bottom"
            ax.text(lo + 0.05, label_at, label, transform=ax.get_xaxis_transform(), va=va, fontsize=8, color="#444444")


def nationalisation_figure() -> Figure:
    """The stages of nationalisation above the yearly amount of iron and steel worked, 1914-1919."""
    events = load("events").set_index("event_id")
    steps = events.loc[NATIONALISATION_STEPS].reset_index()
    economy = load("economy")
    iron = economy[economy["indicator"] == "iron_steel_worked"].sort_values("year")
    fig, (top, bottom) = figures.new_figure(10, 6.5, nrows=2, sharex=True, height_ratios=[1.3, 1])
    for i, row in steps.iterrows():
        x = _decimal_year(row["date"])
        y = len(steps) - i
        hollow = row["date_precision"] != "day"
        if hollow:  # only the month or year is known: a bar across it (this axis counts years, not dates)
            end = _decimal_year(date_span(row["date"], row["date_precision"])[1] + pd.Timedelta(days=1))
            top.plot([x, end], [y, y], color=THEME_COLOURS["economy"], linewidth=4, alpha=0.45, solid_capstyle="butt")
        top.plot(x, y, "o", color=THEME_COLOURS["economy"], markerfacecolor="white" if hollow else None, markersize=8)
        when = format_date(row["date"], row["date_precision"])
        top.text(x + 0.08, y, f"{row['title']} ({when})", va="center", fontsize=8.5)
    top.set_yticks([])
    top.set_ylim(0.3, len(steps) + 0.7)
    top.set_title("Did the state take over a working industry, or a collapsing one?")
    top.grid(axis="y", alpha=0)
    bottom.bar(iron["year"] + 0.5, iron["value"] / 1000, width=0.8, color=SEQUENCE[0])
    unit = iron["unit"].iloc[0].replace("thousand ", "million ")
    bottom.set_ylabel(f"iron and steel worked\n({unit})")
    bottom.set_xlim(1914, 1922)
    bottom.set_xticks([y + 0.5 for y in range(1914, 1922)], [str(y) for y in range(1914, 1922)])
    bottom.set_xticks(range(1914, 1923), minor=True)
    bottom.grid(axis="x", which="major", alpha=0)
    bottom.grid(axis="x", which="minor", alpha=0.3)
    bottom.set_xlabel("year (bars: the calendar year's total; no value after 1919 in the source)")
    _policy_backdrop(top, 1914, 1922, label_at=0.02)
    _policy_backdrop(bottom, 1914, 1922, label_at=None)
    return add_source_line(fig, list(steps["source_id"]) + list(iron["source_id"]))


# ---------------------------------------------------------------------------------------------- yearly series
#: Readable names for the indicators the lesson talks about; others are shown with underscores as spaces.
INDICATOR_NAMES = {
    "paper_money_jan1": "paper money in circulation (1 January)",
    "cereal_sown_area_index_european_russia": "cereal sown area (European Russia)",
    "population_petrograd": "population of Petrograd",
    "population_moscow": "population of Moscow",
    "iron_steel_worked": "iron and steel worked",
    "grain_harvest": "grain harvest",
    "grain_harvest_1930s_estimate": "grain harvest, 1930s Soviet estimate",
    "grain_harvest_western_low_estimate": "grain harvest, Western low estimate",
}


def indicator_name(indicator: str) -> str:
    return INDICATOR_NAMES.get(indicator, indicator.replace("_", " "))


def indexable_indicators(economy: pd.DataFrame | None = None) -> list[str]:
    """Indicators with values for at least two different years: the only ones an index can be drawn for."""
    economy = load("economy") if economy is None else economy
    years = economy.groupby("indicator")["year"].nunique()
    return sorted(years[years >= 2].index)


def indicator_label(indicator: str, economy: pd.DataFrame | None = None) -> str:
    economy = load("economy") if economy is None else economy
    unit = economy.loc[economy["indicator"] == indicator, "unit"].iloc[0]
    return f"{indicator_name(indicator)} ({unit})"


def _x(indicator: str, year: int) -> float:
    """Where a yearly value sits on the time axis: stocks counted on 1 January at the year's start, flows mid-year."""
    return float(year) if indicator.endswith("_jan1") else year + 0.5


def index_series(indicator: str, base_year: int, economy: pd.DataFrame | None = None) -> pd.DataFrame:
    """One indicator indexed to base_year = 100, separately for each source that has a value for base_year."""
    economy = load("economy") if economy is None else economy
    rows = economy[economy["indicator"] == indicator].sort_values(["source_id", "year"])
    base = rows[rows["year"] == base_year].set_index("source_id")["value"]
    rows = rows[rows["source_id"].isin(base.index)].copy()
    rows["index"] = (rows["value"] / rows["source_id"].map(base) * 100).astype(float)
    return rows


def index_figure(indicators="pig_iron_output", base_year: int = 1913, scale: str = "linear") -> Figure:
    """Yearly series indexed to a base year, against the policy timeline; missing years stay missing."""
    indicators = [indicators] if isinstance(indicators, str) else list(indicators)
    economy = load("economy")
    usable = set(indexable_indicators(economy))
    names = [indicator_name(i) for i in indicators]
    title = f"How did {', '.join(names[:-1]) + ' and ' if len(names) > 1 else ''}{names[-1]} change from {base_year}?"
    unknown = [i for i in indicators if i not in usable]
    if unknown:
        return figures.message_figure(
            title, f"{', '.join(unknown)}: fewer than two years in economy.csv, no index possible."
        )
    fig, ax = figures.new_figure(9, 4.8)
    plotted, skipped, gaps, sources = 0, [], [], []
    colour = 0
    for indicator in indicators:
        series = index_series(indicator, base_year, economy)
        have = economy[economy["indicator"] == indicator]
        for source in sorted(set(have["source_id"]) - set(series["source_id"])):
            skipped.append(f"{indicator_name(indicator)} ({short_citation(source)})")
        for source, rows in series.groupby("source_id", sort=True):
            years = rows["year"].astype(int).tolist()
            values = rows["index"].tolist()
            c = SEQUENCE[colour % len(SEQUENCE)]
            colour += 1
            several = have["source_id"].nunique() > 1
            label = indicator_name(indicator) + (f" — {short_citation(source)}" if several else "")
            figures.plot_with_gaps(ax, years, values, c, label=label, x=lambda year, ind=indicator: _x(ind, year))
            missing = sorted(set(range(min(years), max(years) + 1)) - set(years))
            if missing:
                gaps.append(f"{indicator_name(indicator)}: no value for {', '.join(map(str, missing))}")
            plotted += 1
            sources += rows["source_id"].tolist()
    if not plotted:
        return figures.message_figure(title, f"No source gives a value for {base_year}: choose another base year.")
    ax.axhline(100, color="#555555", linewidth=0.8)
    if scale == "log":
        low, high = ax.dataLim.y0, ax.dataLim.y1
        if math.isclose(low, high, rel_tol=1e-9):  # one value, or all equal to the base: give the axis a range
            ax.set_ylim(low / 2, high * 2)
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    else:
        ax.set_ylim(0, None)
    first = int(min(economy.loc[economy["indicator"].isin(indicators), "year"]))
    last = int(max(economy.loc[economy["indicator"].isin(indicators), "year"]))
    ax.set_xlim(first - 0.2, last + 1.2)
    ax.set_xticks([y + 0.5 for y in range(first, last + 1)], [str(y) for y in range(first, last + 1)])
    ax.set_xticks(range(first, last + 2), minor=True)
    ax.grid(axis="x", which="major", alpha=0)
    ax.grid(axis="x", which="minor", alpha=0.3)
    _policy_backdrop(ax, first - 0.2, last + 1.2)
    notes = gaps + ([f"not shown (no {base_year} value): {'; '.join(skipped)}"] if skipped else [])
    ax.set_xlabel("\n".join(["year (dots: a year's value; lines join neighbouring years only)", *notes]))
    ax.set_ylabel(f"index, {base_year} = 100" + (" (log scale)" if scale == "log" else ""))
    ax.set_title(title)
    ax.legend(fontsize=8, loc="best")
    return add_source_line(fig, sources)


def economy_explorer() -> widgets.VBox:
    """Choose an indicator (only those with two or more years), a base year and the scale."""
    economy = load("economy")
    names = indexable_indicators(economy)
    indicator = dropdown("Indicator", [(indicator_label(n, economy), n) for n in names], "pig_iron_output")

    def years_of(name: str) -> list[int]:
        return sorted(int(y) for y in economy.loc[economy["indicator"] == name, "year"].unique())

    base = dropdown("Base year (= 100)", years_of("pig_iron_output"), 1913)
    scale = dropdown("Scale", [("linear", "linear"), ("logarithmic", "log")], "linear")

    def new_years(change) -> None:
        # offer only the years the chosen series has, so every base year gives a figure; registered before the
        # explorer's own observer, so the redraw already sees the new base year
        years = years_of(change["new"])
        base.options = years  # ipywidgets then selects the first year
        base.value = years[0]

    indicator.observe(new_years, names="value")
    return figure_explorer(
        lambda indicator, base_year, scale: index_figure(indicator, base_year, scale),
        {"indicator": indicator, "base_year": base, "scale": scale},
    )


def paper_money_figure() -> Figure:
    """Paper roubles in circulation by source (log scale), and what the whole stock was worth in 1922."""
    economy = load("economy")
    money = economy[economy["indicator"].str.startswith("paper_money") & (economy["unit"] == "billion rubles")]
    real = economy[economy["indicator"].str.startswith("paper_money_real_value")]
    when = {"_jan1": (1, 1), "_jul1": (7, 1), "_oct": (10, 1), "_end_mar": (3, 31), "_may": (5, 15)}
    when |= {"_end_aug": (8, 31), "_end_oct": (10, 31)}

    def date_of(row) -> pd.Timestamp:
        month, day = next(v for k, v in when.items() if row["indicator"].endswith(k))
        return pd.Timestamp(int(row["year"]), month, day)

    money = money.assign(date=money.apply(date_of, axis=1)).sort_values("date")
    real = real.assign(date=real.apply(date_of, axis=1)).sort_values("date")
    fig, (left, right) = figures.new_figure(10, 4.6, ncols=2, width_ratios=[2.2, 1])
    markers = ["o", "s", "^", "D"]
    for i, (source, rows) in enumerate(money.groupby("source_id", sort=True)):
        left.plot(rows["date"], rows["value"], marker=markers[i % 4], linestyle="none", color=SEQUENCE[i],
                  label=short_citation(source))
    left.set_yscale("log")
    left.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    figures.mark_dates(left, {"NEP": _phase_dates()["nep"]})
    left.set_ylabel("paper roubles in circulation\n(billions, log scale)")
    left.set_xlabel("date of the count")
    left.set_title("How fast did the printing presses run?")
    left.legend(title="source", fontsize=8, title_fontsize=8)
    right.plot(real["date"], real["value"], "o-", color=THEME_COLOURS["economy"])
    right.set_ylim(0, None)
    right.set_ylabel("value of all notes\n(million pre-war roubles)")
    right.set_title("What were they worth? (1922)", fontsize=10.5)
    right.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[3, 6, 9, 12]))
    right.xaxis.set_major_formatter(lambda value, _pos: month_label(mdates.num2date(value)))
    right.set_xlabel("date of the estimate")
    return add_source_line(fig, list(money["source_id"]) + list(real["source_id"]))


def city_population_figure() -> Figure:
    """Population of Petrograd and Moscow, 1917-1920: one marker style per source, no line across a missing year."""
    economy = load("economy")
    cities = {"population_petrograd": "Petrograd", "population_moscow": "Moscow"}
    rows = economy[economy["indicator"].isin(list(cities))].sort_values("year")
    fig, ax = figures.new_figure(8, 4.2)
    counts = rows["source_id"].value_counts()
    order = sorted(counts.index, key=lambda src: (-counts[src], src))  # the source with most rows first
    styles = dict(zip(order, [("s", 7), ("o", 11), ("^", 11), ("D", 11)], strict=False))
    for i, (indicator, city) in enumerate(cities.items()):
        part = rows[rows["indicator"] == indicator]
        colour = SEQUENCE[i]
        for source, srows in part.groupby("source_id", sort=True):
            years, values = srows["year"].astype(int).tolist(), (srows["value"] / 1e6).tolist()
            marker, size = styles[source]
            filled = size < 10  # the source with most rows is drawn filled; others as larger hollow marks
            ax.plot(
                years,
                values,
                marker,
                markersize=size,
                color=colour,
                fillstyle="full" if filled else "none",
                markeredgewidth=1.5,
                linestyle="none",
                label=f"{city} — {short_citation(source)}",
            )
            for k in range(1, len(years)):
                if years[k] - years[k - 1] == 1:
                    ax.plot(years[k - 1 : k + 1], values[k - 1 : k + 1], color=colour)
    ax.set_ylim(0, None)
    ax.set_xticks(sorted(rows["year"].unique()))
    ax.set_xlabel("year (lines join neighbouring years of one source only)")
    ax.set_ylabel("inhabitants (millions)")
    ax.set_title("How many people left the two capitals?")
    ax.legend(fontsize=8)
    return add_source_line(fig, rows["source_id"])


def procurement_figure() -> Figure:
    """Grain the state collected in the last year of requisitioning and the first year of the tax in kind."""
    economy = load("economy")
    rows = economy[economy["indicator"] == "grain_procurement"].sort_values("year")
    # the note of each row says which system collected the grain
    system = rows["note"].map(
        lambda n: "requisitioning" if "prodrazverstka" in n else "tax in kind" if "prodnalog" in n else ""
    )
    labels = [f"{y - 1}/{str(y)[2:]}\n{how}" for y, how in zip(rows["year"].astype(int), system, strict=True)]
    colours = [
        THEME_COLOURS["civil_war"] if how == "requisitioning" else THEME_COLOURS["foreign_policy"] for how in system
    ]
    fig, ax = figures.new_figure(7.5, 4)
    bars = ax.bar(labels, rows["value"], color=colours)
    ax.bar_label(bars, fmt="%.0f", padding=2)
    ax.set_ylabel(f"grain collected by the state\n({rows['unit'].iloc[0]})")
    ax.set_xlabel("agricultural year, as the source gives it")
    ax.set_title("How much grain did the state take before and after the tax in kind?")
    ax.grid(axis="x", alpha=0)
    return add_source_line(fig, rows["source_id"])


def output_1921_figure() -> Figure:
    """Output in 1921 as a share of the pre-war level, one bar per indicator and source."""
    economy = load("economy")
    rows = economy[
        (economy["year"] == 1921) & economy["unit"].str.startswith("index") & ~economy["unit"].str.contains("1916")
    ].copy()
    rows["label"] = rows["indicator"].str.replace("_index", "").str.replace("_", " ") + " — " + rows["source_id"].map(
        short_citation
    )
    rows = rows.sort_values(["value", "label"])
    fig, ax = figures.new_figure(8.5, 0.42 * len(rows) + 1.6)
    colours = [THEME_COLOURS["society"] if "agricultur" in i else THEME_COLOURS["economy"] for i in rows["indicator"]]
    bars = ax.barh(rows["label"], rows["value"], color=colours)
    ax.bar_label(bars, fmt="%.0f", padding=3, fontsize=8.5)
    ax.axvline(100, color="#555555", linewidth=0.8)
    ax.text(99, len(rows) - 0.6, "pre-war level", fontsize=8, ha="right", va="bottom")
    ax.set_xlim(0, 105)
    ax.set_ylim(-0.6, len(rows) - 0.1)
    ax.set_xlabel("1921 output, pre-war level = 100 (1913 or 'pre-1914', as each source says)")
    ax.set_title("How far had output fallen by 1921?")
    ax.grid(axis="y", alpha=0)
    return add_source_line(fig, rows["source_id"])


def famine_dispute_figure() -> Figure:
    """Famine deaths by source, drawn by ``figures.draw_estimates`` (above), and the 1921 harvest by series (below)."""
    estimates = load("estimates")
    deaths = estimates[estimates["quantity_id"] == "famine_deaths_1921_22"].sort_values("source_id")
    economy = load("economy")
    harvest = economy[
        economy["indicator"].str.startswith("grain_harvest") & ~economy["indicator"].str.contains("provinces")
    ].sort_values(["indicator", "source_id", "year"])
    top_height = figures.estimates_height(deaths)
    fig, (left, right) = figures.new_figure(10.5, top_height + 2.6, nrows=2, height_ratios=[top_height, 2.6])
    figures.draw_estimates(left, deaths, colours=[THEME_COLOURS["terror"]] * len(deaths), scale=1e6)
    left.set_xlabel(f"deaths (millions; {figures.ESTIMATE_KEY})")
    left.set_title("How many died in the famine of 1921-22?", fontsize=11)
    harvest = harvest.assign(
        series=harvest["indicator"].map(indicator_name) + " — " + harvest["source_id"].map(short_citation)
    )
    series = list(dict.fromkeys(harvest["series"]))
    for y, name in enumerate(series):
        part = harvest[harvest["series"] == name]
        for _, row in part.iterrows():
            filled = int(row["year"]) == 1921
            right.plot(
                row["value"],
                y,
                "o",
                markersize=8,
                color=SEQUENCE[0] if filled else "#999999",
                markerfacecolor=None if filled else "white",
            )
    right.plot([], [], "o", color=SEQUENCE[0], label="1921")
    right.plot([], [], "o", color="#999999", markerfacecolor="white", label="1913")
    right.set_yticks(range(len(series)), series, fontsize=8.5)
    right.set_ylim(-0.8, len(series) - 0.2)
    right.set_xlim(0, None)
    right.set_xlabel(f"grain harvest ({harvest['unit'].iloc[0]})")
    right.set_title("How big was the 1921 harvest?", fontsize=11)
    right.legend(fontsize=8, loc="lower left")
    return add_source_line(fig, list(deaths["source_id"]) + list(harvest["source_id"]))


_MONTHS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}


def month_from_note(note, default: int = 7) -> int:
    """The month a row's note names ("October 1923." -> 10), or the default when it names none."""
    found = re.search(r"\b(" + "|".join(_MONTHS) + r")\b", str(note).lower())
    return _MONTHS[found.group(1)] if found else default


def scissors_figure() -> Figure:
    """Industrial and agricultural prices against 1913 at the height of the scissors crisis and after."""
    economy = load("economy")
    names = {"price_index_industrial_goods": "industrial goods", "price_index_agricultural_goods": "farm produce"}
    rows = economy[economy["indicator"].isin(list(names))].copy()
    rows["date"] = [
        pd.Timestamp(int(y), month_from_note(n), 1) for y, n in zip(rows["year"], rows["note"], strict=True)
    ]
    rows = rows.sort_values("date")
    fig, ax = figures.new_figure(7, 4.3)
    for i, (indicator, label) in enumerate(names.items()):
        part = rows[rows["indicator"] == indicator]
        ax.plot(part["date"], part["value"], "o-", color=SEQUENCE[i + 1], label=label, linewidth=2)
        for _, row in part.iterrows():
            ax.annotate(
                f"{row['value']:.0f}",
                (row["date"], row["value"]),
                textcoords="offset points",
                xytext=(8, 0),
                va="center",
                fontsize=9,
            )
    ax.axhline(100, color="#555555", linewidth=0.8)
    ax.text(rows["date"].min(), 103, "1913 prices", fontsize=8, va="bottom")
    dates = sorted(rows["date"].unique())
    ax.set_xticks(dates, [format_date(d, "month", long=True) for d in dates])
    ax.set_xlim(rows["date"].min() - pd.Timedelta(days=40), rows["date"].max() + pd.Timedelta(days=70))
    ax.set_ylim(0, None)
    ax.set_ylabel("price index, 1913 = 100")
    ax.set_xlabel("date of the price count")
    ax.set_title("The 'scissors': what could a peasant's grain buy?")
    ax.legend(loc="upper right")
    return add_source_line(fig, rows["source_id"])


# ---------------------------------------------------------------------------------------------- self-checks
@exercises.answer("02.1")
def _decrees_first_hundred_days():
    frame = decrees()
    begin = pd.Timestamp(HUNDRED_DAYS_START)
    end = begin + pd.Timedelta(days=HUNDRED_DAYS)
    exact = frame[(frame["date_precision"] == "day") & (frame["date"] >= begin) & (frame["date"] < end)]
    return int(len(exact))


@exercises.answer("02.4", tolerance=0.01)
def _paper_money_growth():
    economy = load("economy")
    rows = economy[(economy["indicator"] == "paper_money_jan1") & (economy["source_id"] == "nansen1923")]
    value = rows.set_index("year")["value"]
    return float(value[1921] / value[1919])


@exercises.answer("02.5", tolerance=0.01)
def _petrograd_loss_percent():
    economy = load("economy")
    rows = economy[(economy["indicator"] == "population_petrograd") & (economy["source_id"] == "sorokin1925")]
    value = rows.set_index("year")["value"]
    return float((value[1917] - value[1920]) / value[1917] * 100)


@exercises.answer("02.7", tolerance=0.01)
def _scissors_ratio():
    economy = load("economy")
    rows = economy[economy["year"] == 1923].set_index("indicator")["value"]
    return float(rows["price_index_industrial_goods"] / rows["price_index_agricultural_goods"])


EXPLORERS = {"decrees_explorer": decrees_explorer, "economy_explorer": economy_explorer}
