"""Lesson 01: the election, timeline, membership and office figures show the data, and the widgets respond."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from leningov import load
from leningov.lessons import power


def texts(fig) -> list[str]:
    return [t.get_text() for t in fig.texts] + [t.get_text() for ax in fig.axes for t in ax.texts]


def title(fig) -> str:
    return fig.axes[0].get_title(loc="left")


def bar_widths(fig) -> list[float]:
    return [p.get_width() for p in fig.axes[0].patches if isinstance(p, Rectangle)]


def rendered(explorer) -> str:
    return "".join(str(o.get("data", {}).get("text/html", "")) for o in explorer.output.outputs)


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
    lenin = table[table["source_id"] == "lenin_cw"]
    assert (lenin["share_basis"] == "computed").all()
    assert (table.loc[table["source_id"] == "pipes1990", "share_basis"] == "as given").all()


def test_party_bars_equal_the_csv_shares():
    ca = load("constituent_assembly_1917")
    fig = power.election_figure("pipes1990", "party")
    expected = ca.loc[ca["source_id"] == "pipes1990", "vote_share_pct"].astype(float)
    widths = bar_widths(fig)
    assert sorted(widths[:-1]) == pytest.approx(sorted(expected))
    assert widths[-1] == pytest.approx(100 - expected.sum())  # the unitemised rest
    assert title(fig).startswith("Who won the Constituent Assembly election")
    assert any(t.startswith("Source: Pipes 1990") for t in texts(fig))


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
    markers = [line for line in fig.axes[0].lines if line.get_xdata().size]
    assert len(markers) == int((table["party_id"].isin(parties) & table["share_pct"].notna()).sum())
    assert "No shares" in " ".join(texts(power.share_dispute_figure(("nobody",))))


# ---------------------------------------------------------------------------------------------- timeline
def test_timeline_draws_every_selected_event_once_with_old_style_dates():
    steps = load("events").merge(power.strands(), on="event_id")
    assert set(power.strands()["event_id"]) <= set(load("events")["event_id"]), "every strand event exists"
    fig = power.timeline_figure(steps)
    points = [line for line in fig.axes[0].lines if line.get_marker() == "o"]
    assert len(points) == len(steps)
    labels = " ".join(texts(fig))
    assert "22 Dec 1917 (O.S. 9 Dec)" in labels
    assert "No events" in " ".join(texts(power.timeline_figure(steps.iloc[0:0])))


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
    labels = " ".join(texts(power.membership_figure()))
    assert "Tenth Party Congress" in labels and "purge" in labels


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
def test_offices_on_a_day_follow_start_and_end():
    offices = load("offices")
    day = pd.Timestamp("1919-02-01")
    held = power.offices_on(day)
    sverdlov = offices[(offices["person_id"] == "sverdlov") & (offices["start"] <= day) & (offices["end"] >= day)]
    assert (held["person_id"] == "sverdlov").sum() == len(sverdlov) > 0
    assert not (held["body"] == "other").any()
    assert not power.offices_on("1919-04-01")["person_id"].eq("sverdlov").any(), "Sverdlov died in March 1919"


def test_office_matrix_figure_counts_and_filters():
    matrix = power.office_matrix("1921-01-01")
    fig = power.office_matrix_figure("1921-01-01", min_offices=1)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(matrix)
    top = matrix.sum(axis=1).max()
    assert labels[0].endswith(f"({top})")
    narrow = power.office_matrix_figure("1921-01-01", min_offices=3)
    assert len(narrow.axes[0].get_yticklabels()) == int((matrix.sum(axis=1) >= 3).sum()) < len(labels)
    assert title(fig) == "Who sat where on 1 January 1921?"
    assert "Nobody" in " ".join(texts(power.office_matrix_figure("1921-01-01", min_offices=99)))


def test_simultaneous_offices_match_offices_on():
    table = power.simultaneous_offices(("lenin", "stalin"))
    day = pd.Timestamp("1921-01-01")
    held = power.offices_on(day)
    assert table.loc[day, "stalin"] == (held["person_id"] == "stalin").sum()
    fig = power.simultaneous_offices_figure(("lenin", "stalin"))
    assert len(fig.axes[0].lines) == 2
    assert "Choose at least one person" in " ".join(texts(power.simultaneous_offices_figure(())))


# ---------------------------------------------------------------------------------------------- widgets
@pytest.mark.parametrize(
    ("factory", "control", "value"),
    [
        (power.election_explorer, "source", "wp_ca_election"),
        (power.election_explorer, "grouping", "bloc"),
        (power.membership_explorer, "scale", "log"),
        (power.membership_explorer, "sources", ("gse1979",)),
        (power.office_explorer, "date", "1919-03-01"),
        (power.office_explorer, "min_offices", 3),
    ],
)
def test_each_control_redraws_the_figure(factory, control, value):
    explorer = factory()
    before = rendered(explorer)
    explorer.controls[control].value = value
    after = rendered(explorer)
    assert after and after != before


def test_ukrainian_sr_checkbox_changes_the_bloc_view():
    explorer = power.election_explorer()
    explorer.controls["grouping"].value = "bloc"
    before = rendered(explorer)
    explorer.controls["ukrainian_srs_socialist"].value = True
    assert rendered(explorer) != before
