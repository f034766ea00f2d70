"""Bad input gets a clear error naming the file, the line and the column; nothing is coerced or dropped.

Each test copies the real data package to a temporary folder, breaks one thing, and checks the loader's message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from leningov.data import DataPackage, DataValidationError


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


def edit_cell(path, column, value, row_filter=lambda row: True):
    """Set one cell (the first row passing row_filter) and return its line number in the file."""
    rows = read(path)
    col = rows[0].index(column)
    for i, row in enumerate(rows[1:], start=1):
        if row_filter(dict(zip(rows[0], row, strict=True))):
            row[col] = value
            write(path, rows)
            return i + 1
    raise AssertionError("no row matched")


def problems_of(pkg_dir, table):
    with pytest.raises(DataValidationError) as info:
        DataPackage(pkg_dir).load(table)
    return str(info.value), info.value.problems


def test_the_real_data_loads_without_problems(root):
    pkg = DataPackage(root / "data")
    assert pkg.problems() == []
    for name in pkg.names:
        lines = read(pkg.path(name))
        assert len(pkg.load(name)) == len(lines) - 1, f"{name}: rows were dropped"


def test_missing_column(pkg_dir):
    rows = read(pkg_dir / "events.csv")
    col = rows[0].index("theme")
    write(pkg_dir / "events.csv", [r[:col] + r[col + 1 :] for r in rows])
    message, _ = problems_of(pkg_dir, "events")
    assert "data/events.csv, line 1, column 'theme': column is missing" in message


def test_unknown_extra_column(pkg_dir):
    rows = read(pkg_dir / "events.csv")
    write(pkg_dir / "events.csv", [r + (["colour"] if i == 0 else ["red"]) for i, r in enumerate(rows)])
    message, _ = problems_of(pkg_dir, "events")
    assert "data/events.csv, line 1, column 'colour': unknown column" in message


@pytest.mark.parametrize(
    "bad, expected", [("1917-13-45", "not a real calendar date"), ("7 Nov 1917", "not an ISO date YYYY-MM-DD")]
)
def test_bad_date(pkg_dir, bad, expected):
    line = edit_cell(pkg_dir / "events.csv", "date", bad)
    message, _ = problems_of(pkg_dir, "events")
    assert f"data/events.csv, line {line}, column 'date': '{bad}' is {expected}" in message


def test_date_os_off_by_a_day(pkg_dir):
    rows = read(pkg_dir / "events.csv")
    header = rows[0]
    i, row = next(
        (i, r) for i, r in enumerate(rows) if i and r[header.index("date_os")] and r[header.index("date")] > "1917"
    )
    os_date = dt.date.fromisoformat(row[header.index("date_os")]) + dt.timedelta(days=1)
    row[header.index("date_os")] = os_date.isoformat()
    write(pkg_dir / "events.csv", rows)
    message, _ = problems_of(pkg_dir, "events")
    assert f"data/events.csv, line {i + 1}, column 'date_os': {os_date} (Old Style) is" in message
    assert "12 days apart where the calendars differed by 13" in message


def test_missing_old_style_date_before_the_switch(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "date_os", "", lambda r: r["date_os"] != "")
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'date_os': is empty, but" in message


def test_duplicate_id(pkg_dir):
    rows = read(pkg_dir / "events.csv")
    rows.append(list(rows[1]))
    write(pkg_dir / "events.csv", rows)
    message, _ = problems_of(pkg_dir, "events")
    assert (
        f"data/events.csv, line {len(rows)}, column 'event_id': duplicate key '{rows[1][0]}' (first on line 2)"
        in message
    )


def test_dangling_source_id(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "source_id", "nobody1999")
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'source_id': 'nobody1999' is not a source_id in data/sources.csv" in message


def test_dangling_place_id(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "place_id", "atlantis", lambda r: r["place_id"] != "")
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'place_id': 'atlantis' is not a place_id in data/places.csv" in message


def test_dangling_person_in_a_list(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "person_ids", "lenin;nobody", lambda r: True)
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'person_ids': 'nobody' is not a person_id in data/people.csv" in message


def test_negative_count(pkg_dir):
    line = edit_cell(pkg_dir / "camps.csv", "prisoners", "-5")
    message, _ = problems_of(pkg_dir, "camps")
    assert f"data/camps.csv, line {line}, column 'prisoners': -5 is below the minimum 0" in message


def test_low_greater_than_high(pkg_dir):
    line = edit_cell(pkg_dir / "estimates.csv", "low", "99999999999", lambda r: r["high"] != "" and r["point"] == "")
    message, _ = problems_of(pkg_dir, "estimates")
    assert f"data/estimates.csv, line {line}, column 'low': low 1e+11 is greater than high" in message


def test_unknown_theme(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "theme", "sport")
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'theme': 'sport' is not one of the allowed values: power, economy" in message


def test_number_with_thousands_separator_is_not_coerced(pkg_dir):
    line = edit_cell(pkg_dir / "party_membership.csv", "members", "23,600")
    message, _ = problems_of(pkg_dir, "party_membership")
    assert f"line {line}, column 'members': '23,600' is not a whole number" in message


def test_month_precision_must_be_the_first(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "date", "1919-05-17", lambda r: r["date_precision"] == "month")
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'date': 1919-05-17 has month precision" in message


def test_vote_shares_over_100(pkg_dir):
    edit_cell(pkg_dir / "constituent_assembly_1917.csv", "vote_share_pct", "99", lambda r: r["vote_share_pct"] != "")
    message, _ = problems_of(pkg_dir, "constituent_assembly_1917")
    assert "add up to" in message and "over 100%" in message


def test_date_outside_the_period_needs_a_note(pkg_dir):
    undated_note = lambda r: r["date_precision"] == "month" and not r["note"]  # noqa: E731
    line = edit_cell(pkg_dir / "events.csv", "date", "1950-06-01", undated_note)
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'date': 1950-06-01 lies outside 1870-1924; the note must say why" in message


def test_died_before_born(pkg_dir):
    line = edit_cell(pkg_dir / "people.csv", "died", "1850-01-01", lambda r: r["born"] > "1851" and r["died"] != "")
    message, _ = problems_of(pkg_dir, "people")
    assert f"line {line}, column 'died': died 1850-01-01 comes before born" in message


def test_office_of_an_unknown_body(pkg_dir):
    line = edit_cell(pkg_dir / "offices.csv", "body", "duma")
    message, _ = problems_of(pkg_dir, "offices")
    assert f"line {line}, column 'body': 'duma' is not a body_id in data/bodies.csv" in message


def test_required_cell_empty(pkg_dir):
    line = edit_cell(pkg_dir / "events.csv", "title", "")
    message, _ = problems_of(pkg_dir, "events")
    assert f"line {line}, column 'title': is empty but required" in message


def test_ragged_row(pkg_dir):
    path = pkg_dir / "events.csv"
    path.write_text(path.read_text(encoding="utf-8") + "extra_event,1918-01-01\n", encoding="utf-8")
    message, _ = problems_of(pkg_dir, "events")
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert f"data/events.csv, line {lines}: has 2 cells but the header has" in message


def test_empty_file(pkg_dir):
    (pkg_dir / "camps.csv").write_text("", encoding="utf-8")
    message, _ = problems_of(pkg_dir, "camps")
    assert "data/camps.csv: the file is empty; expected a header row: date, date_precision, camps" in message


def test_byte_order_mark(pkg_dir):
    path = pkg_dir / "camps.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    message, _ = problems_of(pkg_dir, "camps")
    assert "data/camps.csv, line 1: starts with a byte-order mark (BOM)" in message


def test_wrong_encoding(pkg_dir):
    path = pkg_dir / "people.csv"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("utf-8") + "broken_row,Béla\n".encode("latin-1"))
    message, _ = problems_of(pkg_dir, "people")
    assert f"data/people.csv, line {text.count(chr(10)) + 1}: is not valid UTF-8 (byte 0xe9)" in message


def test_every_problem_is_reported_not_just_the_first(pkg_dir):
    edit_cell(pkg_dir / "events.csv", "theme", "sport")
    edit_cell(pkg_dir / "events.csv", "kind", "party", lambda r: r["theme"] != "sport")
    _, problems = problems_of(pkg_dir, "events")
    assert {p.column for p in problems} >= {"theme", "kind"}


def test_unknown_table_names_the_tables():
    from leningov import load

    with pytest.raises(KeyError, match="the tables are: sources, places"):
        load("evnts")
