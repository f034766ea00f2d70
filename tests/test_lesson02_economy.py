"""Lesson 02, economic policy: the decree categories, the figures' data, the widgets' callbacks and edge cases."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from leningov import load
from leningov.lessons import economy
from leningov.sources import short_citation

SEED_DECREES = [
    "decree_on_land",
    "decree_on_peace",
    "eight_hour_day_decree",
    "popular_education_decree",
    "rights_of_peoples_declaration",
    "workers_control_decree",
    "vsnkh_established",
    "gold_requisition_order",
    "bank_nationalisation",
    "army_ranks_abolished",
    "basic_law_socialisation_land",
    "foreign_debts_annulled",
    "foreign_trade_monopoly",
    "on_nationalisation_decree",
    "small_industry_nationalised",
    "state_orphanages_decree",
    "divorce_decree",
]


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts]


# ---------------------------------------------------------------------------------------------- decrees
def test_first_matching_category_wins_and_keywords_start_words():
    assert economy.categorise("Decree on Land: landlord and church estates confiscated") == "land"
    assert economy.matching_categories("Decree on Land: church estates") == ["land", "church"]
    assert economy.categorise("Finland declares independence") == economy.UNCATEGORISED  # 'land' inside a word
    assert economy.categorise("A decree on the calendar") == economy.UNCATEGORISED


def test_a_learners_table_changes_the_categories():
    table = {"symbols": ["calendar"]} | economy.CATEGORY_KEYWORDS
    frame = economy.decrees(keywords=table).set_index("event_id")
    assert frame.loc["calendar_decree", "category"] == "symbols"
    assert economy.decrees().set_index("event_id").loc["calendar_decree", "category"] == economy.UNCATEGORISED


def test_decrees_cover_the_seed_and_only_government_acts():
    frame = economy.decrees().set_index("event_id")
    missing = [d for d in SEED_DECREES if d not in frame.index]
    assert not missing, missing
    assert "hungarian_soviet_republic" not in frame.index  # a declaration, but not by Sovnarkom
    assert frame.loc["rights_of_peoples_declaration", "category"] == "nationalities"
    assert frame.loc["workers_control_decree", "category"] == "labour"
    events = load("events")
    every_decree = set(events.loc[events["kind"].astype(str).isin(["decree", "law"]), "event_id"])
    assert every_decree <= set(frame.index)


def test_first_hundred_days_window():
    rows = economy.first_hundred_days()
    start = pd.Timestamp(economy.HUNDRED_DAYS_START)
    exact = rows[rows["date_precision"] == "day"]
    assert exact["date"].between(start, start + pd.Timedelta(days=99)).all()
    ids = set(rows["event_id"])
    assert {"decree_on_land", "bank_nationalisation", "gold_requisition_order"} <= ids  # the month-dated one too
    assert "basic_law_socialisation_land" not in ids  # 19 February 1918: day 103
    assert economy.first_hundred_days(start="1930-01-01").empty


def test_first_hundred_days_figure_has_one_row_per_decree_with_both_calendars():
    fig = economy.first_hundred_days_figure()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(economy.first_hundred_days())
    assert any(label.startswith("Decree on Land — 8 Nov 1917 (O.S. 26 Oct)") for label in labels)
    assert "Order requisitioning the country's gold — November 1917, day unknown" in labels


def test_first_hundred_days_figure_puts_a_month_after_its_days():
    fig = economy.first_hundred_days_figure()
    rows = [t.get_text() for t in fig.axes[0].get_yticklabels()][::-1]  # the first decree is the top row
    decrees = economy.first_hundred_days()
    november = decrees[(decrees["date_precision"] == "day") & (decrees["date"].dt.month == 11)]
    gold = next(i for i, label in enumerate(rows) if "requisitioning the country's gold" in label)
    november_rows = [i for i, label in enumerate(rows) if any(label.startswith(t[:30]) for t in november["title"])]
    assert len(november_rows) == len(november)
    assert gold == max(november_rows) + 1, "a decree known only to November comes after every November day"


def test_first_hundred_days_figure_explains_an_empty_window():
    fig = economy.first_hundred_days_figure(start="1930-01-01")
    assert "No decree" in fig.axes[0].texts[0].get_text()


def test_month_grid_counts_every_decree_of_the_window():
    fig = economy.decrees_by_month_figure(years=(1917, 1918))
    frame = economy.decrees()
    expected = frame[(frame["date_precision"] != "year") & frame["date"].dt.year.between(1917, 1918)]
    sizes = [size for coll in fig.axes[0].collections for size in coll.get_sizes()]
    assert round(sum(sizes) / 70) == len(expected)
    assert f"{len(expected)} decrees shown" in fig.axes[0].get_xlabel()


def test_month_grid_mentions_decrees_dated_only_to_the_year():
    fig = economy.decrees_by_month_figure(years=(1922, 1922))
    assert "dated only to the year not shown" in fig.axes[0].get_xlabel()


def test_month_grid_with_nothing_chosen_says_so():
    fig = economy.decrees_by_month_figure(categories=())
    assert "select at least one category" in fig.axes[0].texts[0].get_text()
    fig = economy.decrees_by_month_figure(categories=("trade",), years=(1921, 1921))
    assert "No decree" in fig.axes[0].texts[0].get_text()


def test_decrees_explorer_redraws_for_years_and_categories():
    explorer = economy.decrees_explorer()
    before = explorer.redraw().axes[0].get_xlabel()
    explorer.controls["years"].value = (1917, 1924)
    wide = explorer.redraw()
    assert wide.axes[0].get_xlabel() != before
    explorer.controls["categories"].value = ("land",)
    assert [t.get_text() for t in explorer.redraw().axes[0].get_yticklabels()] == ["land"]


# ---------------------------------------------------------------------------------------------- nationalisation
def test_nationalisation_figure_shows_every_step_and_the_iron_series():
    fig = economy.nationalisation_figure()
    top, bottom = fig.axes
    dated = [t.get_text() for t in top.texts if re.search(r"\((\d{1,2} )?\w{3} \d{4}\)$", t.get_text())]
    assert len(dated) == len(economy.NATIONALISATION_STEPS)
    assert "Small-scale industry nationalised (Nov 1920)" in dated  # known only to the month
    economy_rows = load("economy")
    iron = economy_rows[economy_rows["indicator"] == "iron_steel_worked"].sort_values("year")
    heights = [bar.get_height() for bar in bottom.containers[0]]
    assert heights == pytest.approx(list(iron["value"] / 1000))


# ---------------------------------------------------------------------------------------------- yearly series
def test_only_series_with_two_years_can_be_indexed():
    usable = economy.indexable_indicators()
    assert "pig_iron_output" in usable and "paper_money_jan1" in usable
    assert "industrial_output_index" not in usable  # 1921 only
    fig = economy.index_figure("industrial_output_index")
    assert "fewer than two years" in fig.axes[0].texts[0].get_text()


def test_index_figure_values_and_no_line_across_gaps():
    fig = economy.index_figure("pig_iron_output", 1913)
    ax = fig.axes[0]
    rows = load("economy").query("indicator == 'pig_iron_output'").sort_values("year")
    base = rows.loc[rows["year"] == 1913, "value"].iloc[0]
    dots = [line for line in ax.lines if line.get_marker() == "o"]
    assert list(dots[0].get_ydata()) == pytest.approx(list(rows["value"] / base * 100))
    segments = [line for line in ax.lines if line.get_marker() in ("None", "", None) and len(line.get_xdata()) == 2]
    joined = [
        tuple(round(x - 0.5) for x in line.get_xdata())
        for line in segments
        if line.get_xdata()[0] > 1900 and line.get_xdata()[0] != line.get_xdata()[1]  # not the phase lines
    ]
    years = [int(y) for y in rows["year"]]
    neighbours = [(a, b) for a, b in zip(years, years[1:], strict=False) if b == a + 1]
    assert joined == neighbours, "only neighbouring years are joined"
    missing = sorted(set(range(years[0], years[-1] + 1)) - set(years))
    assert missing and f"no value for {', '.join(map(str, missing))}" in ax.get_xlabel()


def test_index_figure_one_line_per_source_and_skipped_sources_are_named():
    fig = economy.index_figure("paper_money_jan1", 1919, "log")
    ax = fig.axes[0]
    assert ax.get_yscale() == "log"
    rows = load("economy").query("indicator == 'paper_money_jan1'")
    with_base = set(rows.loc[rows["year"] == 1919, "source_id"])
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert sorted(label.split(" — ")[-1] for label in labels) == sorted(map(short_citation, with_base))
    without = set(rows["source_id"]) - with_base
    assert without and all(short_citation(s) in ax.get_xlabel() for s in without)


def test_index_figure_without_the_base_year_says_so():
    fig = economy.index_figure("population_moscow", 1919)
    assert "No source gives a value for 1919" in fig.axes[0].texts[0].get_text()


def test_economy_explorer_offers_the_chosen_series_years():
    explorer = economy.economy_explorer()
    explorer.controls["indicator"].value = "cereal_sown_area_index_european_russia"
    rows = load("economy").query("indicator == 'cereal_sown_area_index_european_russia'").sort_values("year")
    assert list(explorer.controls["base_year"].options) == sorted(int(y) for y in rows["year"].unique())
    dots = [line for line in explorer.redraw().axes[0].lines if line.get_marker() == "o"]
    first = rows["value"].iloc[0]  # the base year is the series' first year
    assert list(dots[0].get_ydata()) == pytest.approx(list(rows["value"] / first * 100))
    explorer.controls["scale"].value = "log"
    assert explorer.redraw().axes[0].get_yscale() == "log"


def test_paper_money_figure_plots_every_count_on_a_log_scale():
    fig = economy.paper_money_figure()
    left, right = fig.axes
    assert left.get_yscale() == "log"
    rows = load("economy")
    nominal = rows[rows["indicator"].str.startswith("paper_money") & (rows["unit"] == "billion rubles")]
    assert sum(len(line.get_ydata()) for line in left.lines if line.get_marker() not in ("None", None)) == len(
        nominal
    )
    real = rows[rows["indicator"].str.startswith("paper_money_real_value")]
    assert sorted(right.lines[0].get_ydata()) == sorted(real["value"])


def test_city_population_never_joins_missing_years():
    fig = economy.city_population_figure()
    ax = fig.axes[0]
    rows = load("economy").query("indicator in ['population_petrograd', 'population_moscow']")
    marks = [line for line in ax.lines if line.get_linestyle() == "None"]
    assert sum(len(line.get_xdata()) for line in marks) == len(rows)
    joins = [tuple(line.get_xdata()) for line in ax.lines if line.get_linestyle() != "None"]
    assert all(b - a == 1 for a, b in joins)


def test_procurement_bars_equal_the_csv_and_name_the_system():
    fig = economy.procurement_figure()
    ax = fig.axes[0]
    rows = load("economy").query("indicator == 'grain_procurement'").sort_values("year")
    assert [p.get_height() for p in ax.patches] == pytest.approx(list(rows["value"]))
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "requisitioning" in labels[0] and "tax in kind" in labels[1]


def test_output_1921_has_one_bar_per_source_row():
    fig = economy.output_1921_figure()
    rows = load("economy")
    expected = rows[(rows["year"] == 1921) & rows["unit"].str.startswith("index") & ~rows["unit"].str.contains("1916")]
    assert len(fig.axes[0].patches) == len(expected)
    assert sorted(p.get_width() for p in fig.axes[0].patches) == sorted(expected["value"])


def test_famine_dispute_shows_one_row_per_source_and_every_harvest_figure():
    fig = economy.famine_dispute_figure()
    deaths, harvest = fig.axes
    famine = load("estimates").query("quantity_id == 'famine_deaths_1921_22'")
    labels = [t.get_text().replace("\n", " ") for t in deaths.get_yticklabels()]
    assert sorted(labels) == sorted(short_citation(s) for s in famine["source_id"])
    ranges = famine.dropna(subset=["low", "high"])
    bars = sorted(tuple(map(float, line.get_xdata())) for line in deaths.get_lines() if len(line.get_xdata()) == 2)
    assert bars == sorted(zip(ranges["low"] / 1e6, ranges["high"] / 1e6, strict=True))
    lower_bounds = famine[famine["low"].notna() & famine["high"].isna() & famine["point"].isna()]
    assert sum(t.get_text().startswith("at least") for t in deaths.texts) == len(lower_bounds)
    economy_rows = load("economy")
    shown = economy_rows[
        economy_rows["indicator"].str.startswith("grain_harvest") & ~economy_rows["indicator"].str.contains("provinces")
    ]
    plotted = sorted(float(x) for line in harvest.get_lines() for x in line.get_xdata())
    assert plotted == pytest.approx(sorted(shown["value"]))


def test_scissors_dates_come_from_the_notes():
    assert economy.month_from_note("October 1923, peak of the 'scissors'") == 10
    assert economy.month_from_note(None) == 7
    fig = economy.scissors_figure()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["October 1923", "April 1924"]
    rows = load("economy").query("indicator == 'price_index_industrial_goods'").sort_values("year")
    industrial = [line for line in ax.lines if line.get_label() == "industrial goods"][0]
    assert list(industrial.get_ydata()) == pytest.approx(list(rows["value"]))


@pytest.mark.parametrize(
    "make",
    [
        economy.first_hundred_days_figure,
        economy.decrees_by_month_figure,
        economy.nationalisation_figure,
        economy.index_figure,
        economy.paper_money_figure,
        economy.city_population_figure,
        economy.procurement_figure,
        economy.output_1921_figure,
        economy.famine_dispute_figure,
        economy.scissors_figure,
    ],
)
def test_every_figure_names_its_sources(make):
    fig = make()
    assert any(t.startswith("Source") for t in texts(fig))
