"""Quotations checked against full texts, and the collection of whole documents.

Every quotation says whether its words were checked against a full text (``wording`` verbatim) or are the course's
summary of a reported phrase (paraphrase), where it was checked, and which English it is. The rules below hold every
row to that; each rule is shown to fail on a broken copy of the data, read through the loader.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pandas as pd
import pytest

from leningov.data import DataPackage, DataValidationError

# Places that collect sayings without their texts: a quotation checked only there is not checked.
QUOTATION_SITES = (
    "goodreads",
    "azquotes",
    "brainyquote",
    "quotefancy",
    "quotes.net",
    "wikiquote",
    "quotekg",
    "quotation",
    "libquotes",
    "izquotes",
    "quoteslyfe",
)
# Double quotation marks of any kind, and a single quote opening a word (an apostrophe inside a word is fine).
QUOTE_MARKS = re.compile(r"[\"“”„«»]|(^|[\s(\[])['‘]\w")
WRONG_FIGURE = re.compile(r"hundreds?\s+(of\s+)?billions?", re.IGNORECASE)


def quotation_problems(quotes: pd.DataFrame, sources: pd.DataFrame) -> list[str]:
    """What breaks the quotation rules, one sentence per broken cell, naming the file line and the column."""
    src = sources.set_index("source_id")
    found = []

    def add(i, row, column, message):
        found.append(f"quotations.csv line {i + 2} ({row['quote_id']}), column '{column}': {message}")

    def filled(value) -> bool:
        return isinstance(value, str) and value.strip() != ""

    for i, row in quotes.reset_index(drop=True).iterrows():
        wording = row["wording"]
        if wording not in ("verbatim", "paraphrase"):
            add(i, row, "wording", f"{wording!r} is neither verbatim nor paraphrase")
        for column in ("checked_source_id", "checked_locator"):
            if not filled(row[column]):
                add(i, row, column, "is empty: say where the words (or the claim) were checked")
        for column in ("text", "original", "context", "note"):
            if filled(row[column]) and WRONG_FIGURE.search(row[column]):
                add(i, row, column, "speaks of hundreds of billions; the Russian reads «несколько миллиардов»")
        if row["translation"] == "own" and not (filled(row["original"]) and filled(row["original_language"])):
            add(i, row, "original", "is empty, but the translation is the course's own: give the original words")
        if wording == "paraphrase":
            if QUOTE_MARKS.search(row["text"]):
                add(i, row, "text", "a paraphrase must not be set in quotation marks")
            if row["translation"] != "summary":
                add(i, row, "translation", "a paraphrase is the course's summary: translation must be 'summary'")
        if wording == "verbatim":
            if row["translation"] == "summary":
                add(i, row, "translation", "verbatim words need the translation they are in, not 'summary'")
            if row["translation"] in ("collected_works", "published") and not filled(row["translator"]):
                add(i, row, "translator", "is empty: name the published translation")
            checked = row["checked_source_id"]
            if checked in src.index:
                info = src.loc[checked]
                if checked == "seed" or filled(info["reported_in"]) or info["kind"] == "encyclopedia":
                    add(i, row, "checked_source_id", f"{checked!r} reports the words; it is not a full text")
                where = f"{row['checked_locator']} {info['url'] if filled(info['url']) else ''}".lower()
            else:
                where = str(row["checked_locator"]).lower()
            for site in QUOTATION_SITES:
                if site in where:
                    add(i, row, "checked_locator", f"points to a quotation site ({site}), not to a full text")
            if row["source_id"] == "seed":
                add(i, row, "source_id", "a verbatim quotation cites the edition it was checked in, not the seed")
    return found


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def pkg(root):
    return DataPackage(root / "data")


@pytest.fixture
def pkg_dir(root, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(root / "data", target, ignore=shutil.ignore_patterns("_incoming", "README.md"))
    return target


def read(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write(path, rows):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def edit(path, key, changes):
    """Change cells of the row whose first column is ``key``; return the row's line number in the file."""
    rows = read(path)
    header = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        if row[0] == key:
            for column, value in changes.items():
                row[header.index(column)] = value
            write(path, rows)
            return i
    raise AssertionError(f"no row {key!r}")


def loader_problems(pkg_dir, table):
    with pytest.raises(DataValidationError) as info:
        DataPackage(pkg_dir).load(table)
    return info.value.problems


# ---------------------------------------------------------------------------------------------- quotations
def test_every_quotation_meets_the_rules(pkg):
    assert quotation_problems(pkg.load("quotations"), pkg.load("sources")) == []


def test_both_kinds_of_wording_occur_and_verbatim_rows_name_an_edition(pkg):
    quotes = pkg.load("quotations")
    assert set(quotes["wording"]) == {"verbatim", "paraphrase"}
    verbatim = quotes[quotes["wording"] == "verbatim"]
    assert len(verbatim) >= 20, "most quotations are checked against a full text"
    assert {"lenin_cw", "lenin_pss"} <= set(verbatim["checked_source_id"])


def test_every_quote_a_lesson_shows_exists(root, pkg):
    ids = set(pkg.load("quotations")["quote_id"])
    shown = set()
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        code = "".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"])
        shown |= set(re.findall(r'show_quote\("([a-z0-9_]+)"\)', code))
    assert shown, "the lessons show quotations"
    assert shown <= ids, f"lessons show quotations that are not in the data: {sorted(shown - ids)}"


def test_the_church_valuables_letter_reads_several_billion(pkg):
    row = pkg.load("quotations").set_index("quote_id").loc["lenin_church_valuables"]
    assert "несколько миллиардов" in row["original"]
    assert "several billion" in row["text"]


@pytest.mark.parametrize(
    "changes, column, expected",
    [
        ({"wording": "quoted"}, "wording", "not one of the allowed values"),
        ({"translation": "memory"}, "translation", "not one of the allowed values"),
        ({"checked_locator": ""}, "checked_locator", "required"),
        ({"checked_source_id": "no_such_book"}, "checked_source_id", "no_such_book"),
        ({"date_os": "1917-11-22"}, "date_os", "Old Style"),
        ({"original_language": "Russian"}, "original_language", "does not match the pattern"),
    ],
)
def test_the_loader_rejects_a_bad_quotation_cell(pkg_dir, changes, column, expected):
    line = edit(pkg_dir / "quotations.csv", "lenin_state_violence", changes)
    problems = loader_problems(pkg_dir, "quotations")
    hits = [p for p in problems if p.column == column]
    assert hits, [str(p) for p in problems]
    assert hits[0].line == line and hits[0].file.endswith("quotations.csv")
    assert expected.lower() in hits[0].message.lower(), hits[0].message


@pytest.mark.parametrize(
    "quote_id, changes, column",
    [
        # a summary set in quotation marks, double or single
        ("kropotkin_burial", {"text": "Kropotkin called it “the burial of the Russian Revolution”."}, "text"),
        ("kropotkin_burial", {"text": "Kropotkin called it 'the burial of the Russian Revolution'."}, "text"),
        # words checked only in the seed, or only on a quotation site, are not verbatim
        (
            "kropotkin_burial",
            {"wording": "verbatim", "translation": "published", "translator": "x"},
            "checked_source_id",
        ),
        ("lenin_kursky_reprisals", {"checked_locator": "https://www.goodreads.com/quotes/12345"}, "checked_locator"),
        ("lenin_electrification", {"source_id": "seed"}, "source_id"),
        # the course's own translation shows the original
        ("lenin_electrification", {"original": ""}, "original"),
        ("lenin_penza_hang", {"translator": ""}, "translator"),
        ("lenin_electrification", {"translation": "summary"}, "translation"),
        ("shub_freest_election", {"translation": "own", "original": "x", "original_language": "en"}, "translation"),
        # the mistranslated figure of the church valuables letter
        ("lenin_church_valuables", {"text": "a fund of several hundred billion gold rubles"}, "text"),
        ("lenin_church_valuables", {"note": "the English says hundreds of billions"}, "note"),
    ],
)
def test_the_rules_catch_a_bad_quotation(pkg_dir, quote_id, changes, column):
    line = edit(pkg_dir / "quotations.csv", quote_id, changes)
    broken = DataPackage(pkg_dir)
    found = quotation_problems(broken.load("quotations"), broken.load("sources"))
    assert any(f"line {line} ({quote_id}), column '{column}'" in p for p in found), found


# ---------------------------------------------------------------------------------------------- documents
OMISSION = re.compile(r"\[(…|\.\.\.)\]")


def document_problems(data_dir, documents: pd.DataFrame) -> list[str]:
    """What is wrong with the text files of the documents table, one sentence per problem."""
    folder = data_dir / "documents"
    found = []
    listed = set()
    for i, row in documents.reset_index(drop=True).iterrows():
        where = f"documents.csv line {i + 2} ({row['document_id']})"
        names = [("file", row["file"])]
        if isinstance(row["original_file"], str):
            names.append(("original_file", row["original_file"]))
        elif row["translation_kind"] == "own":
            found.append(f"{where}, column 'original_file': is empty, but the translation is the course's own")
        for column, name in names:
            listed.add(name)
            path = folder / name
            if not path.is_file():
                found.append(f"{where}, column '{column}': data/documents/{name} does not exist")
                continue
            try:
                text = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError as err:
                found.append(f"{where}, column '{column}': data/documents/{name} is not UTF-8 ({err.reason})")
                continue
            if len(text.split()) < 50:
                found.append(f"{where}, column '{column}': data/documents/{name} is empty or only a few words")
            elif not text.startswith("# "):
                found.append(f"{where}, column '{column}': data/documents/{name} must begin with a '# ' title")
            if column == "file" and row["excerpt"] == "excerpt" and not OMISSION.search(text):
                found.append(f"{where}, column 'excerpt': an excerpt must mark its omissions with […]")
            if column == "file" and row["excerpt"] == "whole" and OMISSION.search(text):
                found.append(f"{where}, column 'excerpt': the text marks omissions, so it is not whole")
        if row["translation_kind"] == "own" and row["licence"] != "CC-BY-4.0":
            found.append(f"{where}, column 'licence': the course's own translations are CC-BY-4.0")
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.name not in listed:
                found.append(f"data/documents/{path.name} is not listed in documents.csv (file or original_file)")
    return found


def test_the_documents_table_loads_and_is_a_collection(pkg):
    docs = pkg.load("documents")
    assert len(docs) >= 8
    assert docs["licence"].notna().all() and docs["licence_note"].str.len().gt(20).all()
    assert {"decree", "declaration", "resolution", "letter", "telegram"} <= set(docs["kind"])
    assert {"own", "published", "collected_works"} <= set(docs["translation_kind"])
    events = set(pkg.load("events")["event_id"])
    assert set(docs["event_id"].dropna()) <= events


def test_every_document_has_its_text_and_every_text_is_listed(root, pkg):
    assert document_problems(root / "data", pkg.load("documents")) == []


def test_documents_dated_before_the_calendar_change_carry_the_old_style_date(pkg):
    docs = pkg.load("documents")
    early = docs[docs["date"] < pd.Timestamp("1918-02-14")]
    assert len(early) >= 4 and early["date_os"].notna().all()
    assert ((early["date"] - early["date_os"]).dt.days == 13).all()


# Quotations taken from a document of the collection must read as the document does.
QUOTED_IN_DOCUMENTS = [
    ("lenin_penza_mass_terror", "penza_telegram_1918"),
    ("lenin_penza_hang", "penza_hanging_order_1918"),
    ("lenin_penza_tougher", "penza_hanging_order_1918"),
    ("lenin_testament_stalin", "letter_to_congress_1922"),
    ("lenin_testament_trotsky", "letter_to_congress_1922"),
    ("lenin_testament_bukharin", "letter_to_congress_1922"),
    ("lenin_testament_addendum_rude", "letter_to_congress_1922"),
    ("decree_on_peace_no_annexations", "decree_on_peace_1917"),
    ("declaration_no_place_for_exploiters", "declaration_working_people_1918"),
    ("bolsheviks_leave_constituent_assembly", "bolshevik_declaration_1918"),
]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("quote_id, document_id", QUOTED_IN_DOCUMENTS)
def test_a_quotation_from_a_document_reads_as_the_document(root, pkg, quote_id, document_id):
    quote = pkg.load("quotations").set_index("quote_id").loc[quote_id]
    doc = pkg.load("documents").set_index("document_id").loc[document_id]
    folder = root / "data" / "documents"
    assert _flat(quote["text"]) in _flat((folder / doc["file"]).read_text(encoding="utf-8"))
    if isinstance(doc["original_file"], str):
        assert _flat(quote["original"]) in _flat((folder / doc["original_file"]).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "breakage, expected",
    [
        (lambda d: (d / "documents" / "decree_on_peace_1917.md").unlink(), "decree_on_peace_1917.md does not exist"),
        (lambda d: (d / "documents" / "decree_on_land_1917.md").write_text("", encoding="utf-8"), "empty"),
        (lambda d: (d / "documents" / "tsyurupa_letter_1922.md").write_bytes(b"# L\n\xff\xfe caf\xe9"), "not UTF-8"),
        (lambda d: (d / "documents" / "stray.md").write_text("# Stray\n", encoding="utf-8"), "stray.md is not listed"),
        (lambda d: edit(d / "documents.csv", "decree_on_peace_1917", {"original_file": ""}), "course's own"),
        (lambda d: edit(d / "documents.csv", "letter_to_congress_1922", {"excerpt": "excerpt"}), "omissions"),
        (lambda d: edit(d / "documents.csv", "cheka_draft_decree_1917", {"licence": "public-domain"}), "CC-BY-4.0"),
    ],
)
def test_the_file_checks_catch_a_broken_collection(pkg_dir, breakage, expected):
    breakage(pkg_dir)
    found = document_problems(pkg_dir, DataPackage(pkg_dir).load("documents"))
    assert any(expected in p for p in found), found


@pytest.mark.parametrize(
    "key, changes, column, expected",
    [
        ("decree_on_peace_1917", {"date_os": "1917-10-27"}, "date_os", "Old Style"),
        ("decree_on_peace_1917", {"date_os": ""}, "date_os", "before 1918-02-14"),
        ("penza_telegram_1918", {"date_os": "1918-07-27"}, "date_os", "after Russia's switch"),
        ("tsyurupa_letter_1922", {"date_precision": "month"}, "date", "1st of the month"),
        ("decree_on_land_1917", {"licence": ""}, "licence", "required"),
        ("decree_on_land_1917", {"licence": "free"}, "licence", "not one of the allowed values"),
        ("decree_on_land_1917", {"excerpt": "part"}, "excerpt", "not one of the allowed values"),
        ("decree_on_land_1917", {"event_id": "no_such_event"}, "event_id", "no_such_event"),
        ("decree_on_land_1917", {"file": "Decree on land.txt"}, "file", "does not match the pattern"),
    ],
)
def test_the_loader_rejects_a_bad_document_cell(pkg_dir, key, changes, column, expected):
    line = edit(pkg_dir / "documents.csv", key, changes)
    problems = loader_problems(pkg_dir, "documents")
    hits = [p for p in problems if p.column == column]
    assert hits, [str(p) for p in problems]
    assert hits[0].line == line and hits[0].file.endswith("documents.csv")
    assert expected.lower() in hits[0].message.lower(), hits[0].message


def test_leningov_load_stops_on_a_bad_row_in_a_copy_named_by_leningov_root(root, tmp_path):
    """The error a lesson would see: leningov.load on a broken copy of the data, found through LENINGOV_ROOT."""
    import os
    import subprocess
    import sys

    shutil.copytree(root / "data", tmp_path / "data", ignore=shutil.ignore_patterns("_incoming", "README.md"))
    line = edit(tmp_path / "data" / "quotations.csv", "kropotkin_burial", {"wording": "quoted"})
    edit(tmp_path / "data" / "documents.csv", "decree_on_land_1917", {"date_os": "1917-10-25"})
    script = (
        "import leningov\n"
        "for t in ('quotations', 'documents'):\n"
        "    try:\n"
        "        leningov.load(t)\n"
        "    except ValueError as e:\n"
        "        print(e)\n"
    )
    env = {**os.environ, "LENINGOV_ROOT": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True).stdout
    assert f"quotations.csv, line {line}, column 'wording': 'quoted' is not one of the allowed values" in out, out
    assert "documents.csv, line 3, column 'date_os'" in out, out
