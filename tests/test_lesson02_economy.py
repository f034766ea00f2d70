"""Lesson 02, economic policy: the self-check answers against independent computations from the CSVs, and the
facts of the data the lesson's argument rests on (the notebook's own code is checked by strict nbval)."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from leningov import load, paths
from leningov.lessons import economy


def rows(name: str) -> list[dict]:
    """A CSV read with the standard library, independently of the package's loader."""
    with open(paths.data_dir() / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def value(indicator: str, year: int, source_id: str | None = None) -> float:
    found = [
        float(r["value"])
        for r in rows("economy")
        if r["indicator"] == indicator and int(r["year"]) == year and source_id in (None, r["source_id"])
    ]
    assert len(found) == 1, (indicator, year, source_id, found)
    return found[0]


def test_02_1_counts_exact_dates_inside_the_hundred_days():
    start, end = "1917-11-08", "1918-02-16"  # 100 days; 16 February is the first day outside
    expected = sum(
        1
        for r in rows("events")
        if r["date_precision"] == "day"
        and start <= r["date"] < end
        and (
            r["kind"] in ("decree", "law")
            or (
                r["kind"] == "declaration"
                and ("Sovnarkom" in r["summary"] or "Central Executive Committee" in r["summary"])
            )
        )
    )
    assert expected > 10
    assert economy.check("02.1", expected).verdict == "right"
    assert economy.check("02.1", expected + 1).verdict != "right"
    assert str(pd.Timestamp(start) + pd.Timedelta(days=100))[:10] == end


def test_02_3_is_the_1920_coal_index_to_one_decimal():
    expected = round(value("coal_output", 1920) / value("coal_output", 1913) * 100, 1)
    assert 20 < expected < 40  # coal fell to about a third of 1913
    assert economy.check("02.3", expected).verdict == "right"
    assert economy.check("02.3", value("coal_output", 1920) / value("coal_output", 1913)).verdict != "right"


def test_02_7_is_nansens_growth_factor():
    expected = value("paper_money_jan1", 1921, "nansen1923") / value("paper_money_jan1", 1919, "nansen1923")
    assert economy.check("02.7", expected).verdict == "right"
    assert economy.check("02.7", expected * 1.2).verdict != "right"


def test_02_8_is_sorokins_petrograd_loss_in_per_cent():
    before = value("population_petrograd", 1917, "sorokin1925")
    after = value("population_petrograd", 1920, "sorokin1925")
    expected = (before - after) / before * 100
    assert 50 < expected < 80
    assert economy.check("02.8", expected).verdict == "right"
    assert economy.check("02.8", expected / 100).verdict != "right"  # a fraction is not a percentage


def test_02_9_is_the_october_1923_price_ratio_by_one_source():
    figes = "figes_scissors"
    expected = value("price_index_industrial_goods", 1923, figes) / value("price_index_agricultural_goods", 1923, figes)
    assert expected > 3
    assert economy.check("02.9", expected).verdict == "right"
    assert economy.check("02.9", 290 - 89).verdict != "right"  # a difference is not a ratio
    # the other source's industrial figure gives another ratio, which the exercise asks the learner to compare
    other = value("price_index_industrial_goods", 1923, "wp_scissors_crisis") / 89
    assert economy.check("02.9", other).verdict != "right"


def test_a_series_with_a_year_twice_is_refused(monkeypatch):
    frame = load("economy")
    doubled = pd.concat([frame, frame[frame["indicator"] == "coal_output"].head(1)])
    monkeypatch.setattr(economy, "load", lambda name: doubled)
    with pytest.raises(ValueError, match="coal_output .* has a year twice"):
        economy.exercises["02.3"].expected()


def test_the_famine_followed_the_tax_in_kind():
    """The lesson's correction of the seed: the famine is dated after the decree that began the NEP."""
    events = {r["event_id"]: r for r in rows("events")}
    tax, famine = events["tax_in_kind_decree"], events["famine_1921"]
    assert tax["date_precision"] == "day" and famine["date_precision"] == "month"
    assert famine["date"][:7] > tax["date"][:7], "the famine's month comes after the tax in kind"


def test_the_lesson_reads_the_decree_on_land_and_cites_the_debate():
    documents = {r["document_id"] for r in rows("documents")}
    assert "decree_on_land_1917" in documents
    sources = {r["source_id"]: r for r in rows("sources")}
    for work in ["roberts1970", "malia1994", "lih1990", "lewin1968", "cohen1973", "carr1950", "cabanes2014"]:
        assert work in sources, work
