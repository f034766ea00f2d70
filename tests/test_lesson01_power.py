"""Lesson 01: the election, timeline, membership and office figures show the data, and the widgets respond."""

from __future__ import annotations

import pandas as pd
import plotted
import pytest
from matplotlib.patches import Rectangle

from leningov import load
from leningov.lessons import power


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def bar_widths(fig) -> list[float]:
    return [p.get_width() for p in fig.axes[0].patches if isinstance(p, Rectangle)]


# ---------------------------------------------------------------------------------------------- election
def test_stated_totals_are_at_least_the_sum_of_what_each_source_itemises():
    ca = load("constituent_assembly_1917")
    totals = power.stated_totals(ca).set_index("source_id")
    assert {"pipes1990", "wp_ca_election", "lenin_cw"} <= set(totals.dropna(subset=["total_votes"]).index)
    for source, row in totals.dropna(subset=["total_votes"]).iterrows():
        assert row["total_votes"] >= ca.loc[ca["source_id"] == source, "votes"].sum()
    for source, row in totals.dropna(subset=["total_seats"]).iterrows():
        assert row["total_seats"] >= ca.loc[ca["source_id"] == source, "seats"].sum()


def test_stated_totals_reproduce_the_shares_the_sources_give():
    """Dividing votes by the parsed total must give back the published shares (to rounding)."""
    table = power.election_table()
    given = table[table["vote_share_pct"].notna() & table["total_votes"].notna()]
    assert len(given) > 10
    recomputed = given["votes"] / given["total_votes"] * 100
    assert ((recomputed - given["vote_share_pct"]).abs() < 0.1).all()


def test_shares_are_computed_only_where_a_source_gives_none():
    table = power.election_table()
    given = table["vote_share_pct"].notna()
    computable = ~given & table["votes"].notna() & table["total_votes"].notna()
    assert (table.loc[given, "share_basis"] == "as given").all()
    assert (table.loc[computable, "share_basis"] == "computed").all() and computable.any()
    assert (table.loc[~given & ~computable, "share_basis"] == "none").all()
    assert table.loc[given, "share_pct"].tolist() == table.loc[given, "vote_share_pct"].astype(float).tolist()


def test_party_bars_equal_the_csv_shares():
    ca = load("constituent_assembly_1917")
    fig = power.election_figure("pipes1990", "party")
    expected = ca.loc[ca["source_id"] == "pipes1990", "vote_share_pct"].astype(float)
    widths = bar_widths(fig)
    assert sorted(widths[:-1]) == pytest.approx(sorted(expected))
    assert widths[-1] == pytest.approx(100 - expected.sum())  # the unitemised rest
    assert "Source: Pipes 1990." in texts(fig)


def test_bloc_bars_sum_the_parties_and_the_ukrainian_sr_switch_moves_them():
    ca = load("constituent_assembly_1917")
    pipes = ca[ca["source_id"] == "pipes1990"]
    socialist = float(pipes.loc[pipes["bloc"] == "socialist", "vote_share_pct"].sum())
    ukrainian = float(pipes.loc[pipes["party_id"] == "ukrainian_sr", "vote_share_pct"].iloc[0])
    plain = power.election_shares("pipes1990", "bloc").set_index("bloc")["share_pct"]
    moved = power.election_shares("pipes1990", "bloc", ukrainian_srs_socialist=True).set_index("bloc")["share_pct"]
    assert plain["socialist"] == pytest.approx(socialist)
    assert moved["socialist"] == pytest.approx(socialist + ukrainian)
    assert moved["national"] == pytest.approx(plain["national"] - ukrainian)


def test_unknown_source_and_grouping():
    fig = power.election_figure("no_such_source")
    assert "No vote shares" in " ".join(texts(fig))
    with pytest.raises(ValueError, match="grouping"):
        power.election_shares("pipes1990", "region")


def test_votes_seats_figure_uses_the_stated_seat_total():
    ca = load("constituent_assembly_1917")
    wp = ca[ca["source_id"] == "wp_ca_election"]
    total = int(power.stated_totals(ca).set_index("source_id").loc["wp_ca_election", "total_seats"])
    fig = power.votes_seats_figure("wp_ca_election")
    widths = bar_widths(fig)
    seat_shares = sorted((wp["seats"] / total * 100).astype(float))
    assert sorted(widths[len(wp) :]) == pytest.approx(seat_shares)
    assert len(widths) == 2 * len(wp)
    assert "No seats" not in " ".join(texts(fig))
    assert "gives no seats" in " ".join(texts(power.votes_seats_figure("seed")))


def test_dispute_figure_has_one_marker_per_source_share():
    table = power.election_table()
    parties = ("sr", "bolsheviks")
    fig = power.share_dispute_figure(parties)
    drawn = [x for line in fig.axes[0].lines for x in line.get_xdata()]
    rows = table[table["party_id"].isin(parties) & table["share_pct"].notna()]
    assert sorted(drawn) == pytest.approx(sorted(rows["share_pct"]))
    assert "No shares" in " ".join(texts(power.share_dispute_figure(("nobody",))))


# ---------------------------------------------------------------------------------------------- timeline
def timeline_rows(fig) -> dict[str, float]:
    """Event title -> the row it is drawn on (the top row is the earliest)."""
    return {t.get_text().split("  ", 1)[1]: t.get_position()[1] for t in fig.axes[0].texts if "  " in t.get_text()}


def test_timeline_draws_every_selected_event_once_with_old_style_dates():
    steps = load("events").merge(power.strands(), on="event_id")
    assert set(power.strands()["event_id"]) <= set(load("events")["event_id"]), "every strand event exists"
    fig = power.timeline_figure(steps)
    assert len(plotted.dots(fig.axes[0])) == len(steps)
    assert sorted(timeline_rows(fig)) == sorted(steps["title"])
    assert "22 Dec 1917 (O.S. 9 Dec)  Left SRs join Sovnarkom as junior coalition partners" in texts(fig)
    assert "No events" in " ".join(texts(power.timeline_figure(steps.iloc[0:0])))


def test_timeline_orders_a_month_after_the_days_it_may_include_and_draws_it_as_a_span():
    events = load("events").set_index("event_id")
    steps = load("events").merge(power.strands(), on="event_id")
    fig = power.timeline_figure(steps)
    row = timeline_rows(fig)
    title = events["title"]
    # known only as "March 1918": the Left SRs left after the treaty they protested, not before it
    assert row[title["left_srs_leave_sovnarkom"]] < row[title["brest_treaty_signed"]]
    # known only as "March 1919": the congress of 18-23 March created the Politburo
    assert row[title["politburo_orgburo_created"]] < row[title["eighth_party_congress"]]
    bars = {(first, last) for first, last, _y in plotted.bars(fig.axes[0])}
    partial = steps[steps["date_precision"] != "day"]
    assert len(partial) >= 3
    for date, precision in zip(partial["date"], partial["date_precision"], strict=True):
        first = pd.Timestamp(date)
        last = first + (pd.DateOffset(months=1) if precision == "month" else pd.DateOffset(years=1))
        assert (first, last - pd.Timedelta(days=1)) in bars, f"{date:%Y-%m} ({precision}) is not drawn as a span"


# ---------------------------------------------------------------------------------------------- membership
def test_membership_figure_one_series_per_source_and_log_scale():
    membership = load("party_membership")
    fig = power.membership_figure()
    assert len(fig.axes[0].get_legend().get_texts()) == membership["source_id"].nunique()
    ys = sorted(y for line in fig.axes[0].lines for y in line.get_ydata() if line.get_linestyle() == "None")
    assert ys == sorted(membership["members"].astype(float))
    assert power.membership_figure("log").axes[0].get_yscale() == "log"
    assert "Choose at least one source" in " ".join(texts(power.membership_figure(sources=())))


def test_membership_figure_marks_party_congresses_and_the_purge():
    marks = power.party_landmarks()
    assert {"seventh_congress_opens", "tenth_party_congress_opens", "party_purge_1921"} <= set(marks["event_id"])
    fig = power.membership_figure()
    marked = [line.get_xdata()[0] for line in fig.axes[0].lines if line.get_linestyle() == ":"]
    assert sorted(marked) == sorted(marks["date"])
    assert "Tenth Party Congress" in " ".join(texts(fig)) and "purge" in " ".join(texts(fig))


def test_growth_figure_bars_are_the_per_year_rates():
    series = pd.Series([100.0, 200.0, 150.0], index=pd.to_datetime(["1919-03-01", "1920-03-01", "1921-03-01"]))
    years = series.index.to_series().diff().dt.days / 365.25
    growth = pd.DataFrame({"per_year_pct": ((series / series.shift()) ** (1 / years) - 1) * 100, "source_id": "seed"})
    fig = power.growth_figure(growth)
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == pytest.approx(list(growth["per_year_pct"].dropna()))
    assert heights[0] > 0 > heights[1]
    assert "At least two figures" in " ".join(texts(power.growth_figure(growth.iloc[:1])))


# ---------------------------------------------------------------------------------------------- offices
def held_by_hand(day, offices: pd.DataFrame) -> pd.DataFrame:
    """The offices of the Soviet state and party certainly held on a day, with plain pandas: begun by the day and
    ended on or after it (an empty end is not a known end), each office of a person once."""
    day = pd.Timestamp(day)
    rows = offices[(offices["start"] <= day) & offices["end"].notna() & (offices["end"] >= day)]
    return rows[rows["body"] != "other"].drop_duplicates(["person_id", "office_id"])


# 5 April 1920: a Politburo member re-elected that day ends one term and begins the next
@pytest.mark.parametrize("day", ["1917-12-01", "1919-02-01", "1920-04-05", "1921-01-01", "1923-06-01"])
def test_office_matrix_counts_the_offices_certainly_held(day):
    offices = load("offices")
    matrix = power.office_matrix(day, offices)
    cells = matrix.stack()
    expected = held_by_hand(day, offices).groupby(["person_id", "body"], observed=True).size()
    assert cells[cells > 0].to_dict() == expected.to_dict()
    assert "other" not in matrix.columns


def test_an_office_whose_end_is_unknown_is_not_counted_as_held():
    offices = load("offices")
    # Krylenko's seat on the war and navy committee (Nov 1917) has no end date: it is not counted in 1921
    assert offices.loc[offices["person_id"] == "krylenko", "end"].isna().all()
    assert "krylenko" not in power.office_matrix("1921-01-01", offices).index
    # Shlyapnikov's commissariat of labour ends in December 1918: counted on 1 December 1917, not in 1921
    assert power.office_matrix("1917-12-01", offices).loc["shlyapnikov"].sum() == 1
    assert "shlyapnikov" not in power.office_matrix("1921-01-01", offices).index
    # Kuibyshev's Workers' and Peasants' Inspection (from 28 April 1923) has no end date either: after his
    # secretaryship ended on 26 April 1923, the course counts no office of his
    assert power.office_matrix("1923-04-26", offices).loc["kuibyshev", "secretariat"] == 1
    assert "kuibyshev" not in power.office_matrix("1923-06-01", offices).index
    fig = power.office_matrix_figure("1921-01-01", min_offices=1)
    unknown = offices[(offices["start"] <= "1921-01-01") & offices["end"].isna() & (offices["body"] != "other")]
    assert f"not counted: {len(unknown)} offices" in fig.axes[0].get_xlabel()


def test_sverdlov_holds_no_office_after_his_death():
    assert (power.office_matrix("1919-03-01").loc["sverdlov"] > 0).sum() >= 2
    assert "sverdlov" not in power.office_matrix("1919-04-01").index, "Sverdlov died on 16 March 1919"


def test_office_matrix_figure_shows_the_matrix_and_filters_it():
    matrix = power.office_matrix("1921-01-01")
    fig = power.office_matrix_figure("1921-01-01", min_offices=1)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(matrix)
    assert labels[0].endswith(f"({matrix.sum(axis=1).max()})"), "the person with most offices comes first"
    assert sorted(int(t.get_text()) for t in ax.texts) == sorted(v for v in matrix.to_numpy().ravel() if v)
    narrow = power.office_matrix_figure("1921-01-01", min_offices=3)
    assert len(narrow.axes[0].get_yticklabels()) == int((matrix.sum(axis=1) >= 3).sum()) < len(labels)
    assert "Nobody" in " ".join(texts(power.office_matrix_figure("1921-01-01", min_offices=99)))


def test_simultaneous_offices_count_the_offices_certainly_held_each_month():
    offices = load("offices")
    table = power.simultaneous_offices(("lenin", "stalin", "sverdlov", "shlyapnikov"), offices)
    assert list(table.index[[0, -1]]) == [pd.Timestamp("1917-11-01"), pd.Timestamp("1924-01-01")]
    for day, counts in table.iloc[::7].iterrows():
        held = held_by_hand(day, offices)["person_id"].value_counts()
        assert counts.to_dict() == {p: int(held.get(p, 0)) for p in counts.index}, day
    fig = power.simultaneous_offices_figure(("lenin", "stalin"))
    steps = fig.axes[0].lines
    assert len(steps) == 2
    assert [round(y) for y in steps[1].get_ydata()] == table["stalin"].tolist()  # nudged apart by < 0.5
    assert "Choose at least one person" in " ".join(texts(power.simultaneous_offices_figure(())))


# ---------------------------------------------------------------------------------------------- widgets
def test_the_widget_passes_its_controls_to_the_figure():
    explorer = power.election_explorer()
    explorer.controls["grouping"].value = "bloc"
    explorer.controls["ukrainian_srs_socialist"].value = True
    shares = power.election_shares("pipes1990", "bloc", ukrainian_srs_socialist=True)
    assert sorted(bar_widths(explorer.redraw())) == pytest.approx(sorted(shares["share_pct"]))
    explorer.controls["source"].value = "wp_ca_election"
    assert "Source: Wikipedia" in " ".join(texts(explorer.redraw()))
