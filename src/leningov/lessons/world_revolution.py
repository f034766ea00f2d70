"""Lesson 06, world revolution and diplomacy: the answers to the lesson's self-checks, computed from the data.

The events table has no column for the other party to a treaty or for the line of policy an event belongs to, so the
lesson adds both to rows of ``events.csv`` from ``LESSON_EVENTS``, which the answers need too. The notebook builds its
table from it with a merge it shows, and prints it, so that learners can see, and dispute, every choice.
"""

from __future__ import annotations

import pandas as pd

from leningov.data import load
from leningov.dates import half_year
from leningov.selfcheck import Exercises

exercises = Exercises.beside(__file__, "06")  # the answers below; their hints are in hints.csv
check = exercises.check

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


def lesson_events(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of events.csv with the lesson's partner, track and label columns (the notebook does the same merge)."""
    events = load("events") if events is None else events
    table = pd.DataFrame(LESSON_EVENTS, columns=["event_id", "partner", "track", "label"])
    missing = sorted(set(table["event_id"]) - set(events["event_id"]))
    if missing:
        raise KeyError(f"LESSON_EVENTS names events that are not in data/events.csv: {', '.join(missing)}")
    return events.merge(table, on="event_id", how="inner", validate="one_to_one")


@exercises.answer("06.2")
def _least_share_of_all_delegates_from_the_former_empire():
    """The seed's 30 residents of the former Empire are of the voting delegates; the others' residence is not
    known, so of all who assembled at least 30 lived there."""
    points = load("estimates").set_index("quantity_id")["point"]
    return round(100 * points["comintern_1919_delegates_former_empire"] / points["comintern_1919_delegates_all"], 1)


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


@exercises.answer("06.6")
def _categories_spread_over_20():
    losses = load("brest_litovsk_losses")
    shares = losses.groupby("category")["share_lost_pct"]
    return int(((shares.max() - shares.min()) > 20).sum())


@exercises.answer("06.7")
def _track_most_often_correcting_the_seed():
    diplomacy = lesson_events()
    share = (diplomacy["seed_check"] == "corrects").groupby(diplomacy["track"]).mean()
    return str(share.idxmax())
