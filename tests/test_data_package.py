"""The shared datasets: valid as a Frictionless package, sourced, dual-calendar, and covering the seed article."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from frictionless import Package

from leningov import load
from leningov.data import DataPackage


@pytest.fixture(scope="module")
def tables(root):
    pkg = DataPackage(root / "data")
    return {name: pkg.load(name) for name in pkg.names}


def test_frictionless_validates_the_whole_package(root):
    report = Package(str(root / "data" / "datapackage.json")).validate()
    errors = [f"{task.name}: {err.message}" for task in report.tasks for err in task.errors]
    assert report.valid, "\n".join(errors[:20])


def test_every_field_is_described(root):
    pkg = DataPackage(root / "data")
    for name in pkg.names:
        for field in pkg.fields(name):
            assert field.get("description"), f"{name}.{field['name']} has no description"


def test_sources_are_cited_in_full(tables):
    for row in tables["sources"].itertuples():
        assert str(row.year) in row.citation, f"{row.source_id}: the citation lacks the year"
        if row.kind in ("monograph", "chapter"):
            assert isinstance(row.publisher, str), f"{row.source_id}: a book needs its publisher"


def test_the_seed_is_a_source_and_reported_works_point_to_it(tables):
    sources = tables["sources"].set_index("source_id")
    assert sources.loc["seed", "kind"] == "encyclopedia"
    for historian in ["service2000", "volkogonov1994", "fischer1964", "shub1948"]:
        assert sources.loc[historian, "reported_in"] == "seed"


def test_old_style_dates_are_13_days_before_new_style(tables):
    # the loader checks each pair through the calendar conversion; this states the rule as a historian knows it
    events = tables["events"]
    paired = events[events["date_os"].notna()]
    assert len(paired) >= 40, "events before the switch carry their Old Style date"
    gap = (paired["date"] - paired["date_os"]).dt.days
    assert (gap[paired["date"] >= pd.Timestamp("1900-03-14")] == 13).all()
    assert (gap[paired["date"] < pd.Timestamp("1900-03-14")] == 12).all()


def test_disputed_quantities_have_several_sources(tables):
    est = tables["estimates"]
    per_quantity = est.groupby("quantity_id")["source_id"].nunique()
    assert len(per_quantity) >= 8
    disputed = per_quantity[per_quantity >= 2]
    assert len(disputed) >= 6, per_quantity.to_dict()
    for quantity in ["red_terror_deaths", "civil_war_deaths", "famine_deaths_1921_22", "priests_killed_1922"]:
        assert per_quantity.get(quantity, 0) >= 2, quantity


def test_constituent_assembly_sources_disagree(tables):
    ca = tables["constituent_assembly_1917"]
    assert ca["source_id"].nunique() >= 2
    bolsheviks = ca[ca["party_id"] == "bolsheviks"]
    assert bolsheviks["vote_share_pct"].nunique() >= 2 or bolsheviks["votes"].nunique() >= 2


def test_coverage(tables):
    events = tables["events"]
    assert len(events) >= 150
    assert set(events["theme"].astype(str)) == {
        "power",
        "economy",
        "terror",
        "civil_war",
        "foreign_policy",
        "succession",
        "society",
    }
    assert len(tables["people"]) >= 40
    assert len(tables["places"]) >= 40
    assert len(tables["glossary"]) >= 40
    offices = tables["offices"]
    assert {"sovnarkom_chair", "general_secretary", "cheka_chair", "politburo_member"} <= set(offices["office_id"])


SEED_DECREES = [
    "land",
    "peace",
    "press",
    "eight-hour",
    "education",
    "rights of the peoples",
    "workers' control",
    "national economy",
    "bank",
    "constitutional democrat",
    "socialisation of the land",
    "debt|loan",
    "foreign trade",
    "nationalisation",
    "red terror",
    "court",
    "tribunal",
    "calendar",
    "orphan",
    "church",
    "valuables",
    "poor peasants",
    "ranks",
]


@pytest.mark.parametrize("words", SEED_DECREES)
def test_every_decree_the_seed_names_is_a_decree_event(tables, words):
    decrees = tables["events"]
    # the seed calls the Declaration of the Rights of the Peoples a declaration, not a decree
    kinds = ["decree", "law", "declaration"] if words == "rights of the peoples" else ["decree", "law"]
    decrees = decrees[decrees["kind"].isin(kinds)]
    text = (decrees["title"] + " " + decrees["summary"]).str.lower()
    assert text.str.contains(words, regex=True).any(), f"no decree event mentions {words!r}"


SEED_PLACES = [
    "Petrograd",
    "Moscow",
    "Smolny",
    "Halila",
    "Brest-Litovsk",
    "Dvinsk",
    "Kursk",
    "Orel",
    "Perm",
    "Irkutsk",
    "Yekaterinburg",
    "Samara",
    "Kazan",
    "Sviyazhsk",
    "Murmansk",
    "Kandalaksha",
    "Vladivostok",
    "Penza",
    "Tambov",
    "Kronstadt",
    "Warsaw",
    "Riga",
    "Genoa",
    "Rapallo",
    "Kislovodsk",
    "Narym",
    "Pechora",
    "Ukhta",
    "Sokolniki",
    "Gorki",
    "Kiev",
    "Kamchatka",
    "Crimea",
]


@pytest.mark.parametrize("place", SEED_PLACES)
def test_every_place_the_seed_names_is_a_place(tables, place):
    places = tables["places"]
    names = set(places["name"]) | set(places["modern_name"])
    assert any(place.lower() in n.lower() for n in names), place


SEED_PEOPLE = [
    "lenin",
    "trotsky",
    "stalin",
    "zinoviev",
    "kamenev",
    "bukharin",
    "rykov",
    "sverdlov",
    "dzerzhinsky",
    "kalinin",
    "krupskaya",
    "joffe",
    "sokolnikov",
    "kerensky",
    "kornilov",
    "alekseyev",
    "denikin",
    "kolchak",
    "kaledin",
    "kaplan",
    "blumkin",
    "mirbach",
    "platten",
    "kautsky",
    "luxemburg",
    "kropotkin",
    "gorky",
    "tikhon",
    "hoover",
    "kun",
    "rakovsky",
    "balabanoff",
    "bogdanov",
    "kursky",
    "bazhanov",
    "armand",
    "bubnov",
    "krasin",
    "sklyansky",
    "maria_ulyanova",
    "nicholas_ii",
    "wilhelm_ii",
]


def test_everyone_the_seed_names_is_a_person(tables):
    missing = set(SEED_PEOPLE) - set(tables["people"]["person_id"])
    assert not missing, missing


# Figures the seed article gives, and where each must be found (table, column, value).
SEED_FIGURES = [
    ("party_membership", "members", 23600),
    ("party_membership", "members", 250000),
    ("party_membership", "members", 730000),
    ("camps", "camps", 84),
    ("camps", "prisoners", 50000),
    ("camps", "camps", 315),
    ("camps", "prisoners", 70000),
    ("brest_litovsk_losses", "share_lost_pct", 26),
    ("brest_litovsk_losses", "share_lost_pct", 37),
    ("brest_litovsk_losses", "share_lost_pct", 28),
    ("estimates", "low", 50000),
    ("estimates", "high", 140000),
    ("estimates", "point", 13000000),
    ("estimates", "low", 14000),
    ("estimates", "high", 20000),
    ("estimates", "point", 512),
    ("estimates", "point", 35000),
    ("foreign_intervention", "troops", 4000),
    ("foreign_intervention", "troops", 10000),
    ("foreign_intervention", "troops", 70000),
]


@pytest.mark.parametrize("table, column, value", SEED_FIGURES)
def test_every_seed_figure_is_in_the_data_with_the_seed_as_source(tables, table, column, value):
    frame = tables[table]
    rows = frame[frame[column] == value]
    assert len(rows), f"{value} is not in {table}.{column}"
    assert (rows["source_id"] == "seed").any() or rows["source_id"].isin(
        tables["sources"].loc[tables["sources"]["reported_in"] == "seed", "source_id"]
    ).any()


def test_seed_errors_are_corrected_with_a_note(tables):
    places = tables["places"].set_index("place_id")
    assert places.loc["irkutsk", "name"] == "Irkutsk" and "Irtutsk" in places.loc["irkutsk", "note"]
    people = tables["people"].set_index("person_id")
    assert "Bubhov" in people.loc["bubnov", "note"]
    events = tables["events"]
    tenth = events[events["title"].str.contains("Tenth Party Congress|10th Party Congress", regex=True)]
    assert (tenth["date"].dt.month == 3).all() and len(tenth)
    noted = events["note"].str.contains("Seed", case=False, na=False)
    assert noted.sum() >= 10, "corrections of the seed say what it said"


def seed_check_problems(events: pd.DataFrame) -> list[str]:
    """Rows whose `seed_check` disagrees with what their note says about the seed article."""
    problems = []
    for row in events.itertuples(index=False):
        note = row.note if isinstance(row.note, str) else ""
        check = str(row.seed_check)
        about_seed = re.search(r"\bseed\b", note, flags=re.IGNORECASE) is not None
        if check in ("corrects", "clarifies", "confirms", "seed_only") and not about_seed:
            problems.append(f"{row.event_id}: '{check}', but the note says nothing about the seed")
        if check == "not_compared" and about_seed:
            problems.append(f"{row.event_id}: 'not_compared', but the note compares the row with the seed")
        if check == "seed_only" and row.source_id != "seed":
            problems.append(f"{row.event_id}: 'seed_only', but its source is {row.source_id}")
        if check == "not_in_seed" and row.source_id == "seed":
            problems.append(f"{row.event_id}: 'not_in_seed', but its source is the seed")
        if re.search(r"not in the seed", note, flags=re.IGNORECASE) and check != "not_in_seed":
            problems.append(f"{row.event_id}: the note says 'not in the seed', but seed_check is '{check}'")
        if re.search(r"\bcorrect\b", note) and check not in ("confirms", "corrects"):
            problems.append(f"{row.event_id}: the note calls the seed correct, but seed_check is '{check}'")
    return problems


def test_seed_check_agrees_with_every_note(tables):
    events = tables["events"]
    assert events["seed_check"].notna().all()
    assert seed_check_problems(events) == []
    counts = events["seed_check"].value_counts()
    assert counts["corrects"] >= 20 and counts["confirms"] >= 20, "both corrections and confirmations are counted"


@pytest.mark.parametrize(
    ("event_id", "wrong"),
    [
        ("lenin_death", "clarifies"),  # "Seed: 'on 21 January 1924' (correct)."
        ("kadets_outlawed", "not_compared"),  # "Seed: 'On 1 December, ...' - neither calendar matches."
        ("ninth_party_congress", "confirms"),  # "... Not in the seed; added so that ..."
        ("october_revolution", "seed_only"),  # its source is Figes
        ("libraries_memorandum", "not_in_seed"),  # its only source is the seed
        ("armistice_signed", "corrects"),  # the note says nothing about the seed
    ],
)
def test_seed_check_problems_are_found(tables, event_id, wrong):
    events = tables["events"].copy()
    events["seed_check"] = events["seed_check"].astype(str)
    events.loc[events["event_id"] == event_id, "seed_check"] = wrong
    found = seed_check_problems(events)
    assert len(found) == 1 and found[0].startswith(event_id), found


def test_loader_types_and_copies():
    events = load("events")
    assert str(events["date"].dtype).startswith("datetime64")
    assert isinstance(events["theme"].dtype, pd.CategoricalDtype)
    assert str(load("party_membership")["members"].dtype) == "Int64"
    events.loc[0, "title"] = "changed"
    assert load("events").loc[0, "title"] != "changed", "a lesson must not change the cached table"


def test_loader_works_from_any_working_directory(tmp_path, monkeypatch, root):
    import subprocess
    import sys

    monkeypatch.chdir(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", "import leningov; print(len(leningov.load('events')))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert int(out.stdout) == len(load("events"))


def test_lenin_chairs_sovnarkom_from_its_formation_to_his_death(tables):
    offices = tables["offices"]
    lenin = offices[(offices["person_id"] == "lenin") & (offices["office_id"] == "sovnarkom_chair")]
    assert lenin["start"].min() == pd.Timestamp("1917-11-08") or lenin["start"].min() == pd.Timestamp("1917-11-09")
    assert lenin["end"].max() == pd.Timestamp(dt.date(1924, 1, 21))
