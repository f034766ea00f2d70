"""Load the shared CSVs as typed DataFrames, checked against ``data/datapackage.json``.

The data package is the single source of truth: types, constraints and keys come from it, so the loader, the
codebook and the Frictionless validation cannot disagree. Bad input stops with an error naming the file, the line
and the column; nothing is coerced or dropped silently.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from leningov import paths
from leningov.rules import table_rules

BOM = b"\xef\xbb\xbf"
MAX_LISTED = 25


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, row or file."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a CSV does not match its schema; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:MAX_LISTED])
        more = len(self.problems) - MAX_LISTED
        tail = f"\n  ... and {more} more" if more > 0 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the course data:\n{shown}{tail}")


# ---------------------------------------------------------------------------------------------- cell parsing
_INT = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EXPECTED = {
    "integer": "a whole number such as 1917",
    "number": "a number such as 23.5 (a dot for decimals, no thousands separators)",
    "date": "an ISO date YYYY-MM-DD (Gregorian)",
    "boolean": "true or false",
    "year": "a four-digit year",
}


def parse_cell(raw: str, field: dict):
    """Convert one non-empty cell to its schema type; raise ValueError saying what was expected."""
    kind = field.get("type", "string")
    if kind == "string":
        return raw
    if kind in ("integer", "year"):
        if not _INT.fullmatch(raw) or (kind == "year" and len(raw) != 4):
            raise ValueError(f"{raw!r} is not {_EXPECTED[kind]}")
        return int(raw)
    if kind == "number":
        if not _NUMBER.fullmatch(raw):
            raise ValueError(f"{raw!r} is not {_EXPECTED[kind]}")
        return float(raw)
    if kind == "date":
        if not _DATE.fullmatch(raw):
            raise ValueError(f"{raw!r} is not {_EXPECTED[kind]}")
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"{raw!r} is not a real calendar date (expected {_EXPECTED[kind]})") from None
    if kind == "boolean":
        if raw not in ("true", "false"):
            raise ValueError(f"{raw!r} is not {_EXPECTED[kind]}")
        return raw == "true"
    raise ValueError(f"the schema uses type {kind!r}, which this loader does not know")


def check_constraints(value, raw: str, field: dict) -> str | None:
    """The first constraint a parsed value breaks, as a sentence, or None."""
    c = field.get("constraints", {})
    if "enum" in c and raw not in c["enum"]:
        return f"{raw!r} is not one of the allowed values: {', '.join(c['enum'])}"
    if "pattern" in c and not re.fullmatch(c["pattern"], raw):
        return f"{raw!r} does not match the pattern {c['pattern']} ({field.get('description', '').split('.')[0]})"
    for bound, op, word in (("minimum", lambda v, b: v < b, "below"), ("maximum", lambda v, b: v > b, "above")):
        if bound in c:
            limit = c[bound]
            if field.get("type") == "date":
                limit = dt.date.fromisoformat(limit)
            if op(value, limit):
                return f"{raw} is {word} the {bound} {c[bound]}"
    if "maxLength" in c and len(raw) > c["maxLength"]:
        return f"is {len(raw)} characters long, more than the maximum {c['maxLength']}"
    return None


# ---------------------------------------------------------------------------------------------- the package
class DataPackage:
    """The course's data package: a folder with ``datapackage.json`` and the CSVs it describes."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory is not None else paths.data_dir()
        descriptor_path = self.directory / "datapackage.json"
        try:
            self.descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DataValidationError([Problem(str(descriptor_path), None, None, "file not found")]) from None
        except json.JSONDecodeError as err:
            raise DataValidationError(
                [Problem(str(descriptor_path), err.lineno, None, f"not valid JSON: {err.msg}")]
            ) from None
        self.resources = {r["name"]: r for r in self.descriptor["resources"]}
        self._raw_cache: dict[str, tuple[list[str], list[list[str]], list[Problem]]] = {}

    @property
    def names(self) -> list[str]:
        return list(self.resources)

    def resource(self, name: str) -> dict:
        try:
            return self.resources[name]
        except KeyError:
            raise KeyError(f"no table {name!r} in the course data; the tables are: {', '.join(self.names)}") from None

    def fields(self, name: str) -> list[dict]:
        return self.resource(name)["schema"]["fields"]

    def path(self, name: str) -> Path:
        return self.directory / self.resource(name)["path"]

    # -- reading -------------------------------------------------------------------------------------------
    def read_raw(self, name: str) -> tuple[list[str], list[list[str]], list[Problem]]:
        """Header, rows of strings and file-level problems (encoding, shape, columns) of one CSV."""
        if name in self._raw_cache:
            return self._raw_cache[name]
        path = self.path(name)
        label = f"data/{path.name}"
        problems: list[Problem] = []
        header: list[str] = []
        rows: list[list[str]] = []
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            problems.append(Problem(label, None, None, "file not found"))
            data = None
        if data is not None and not data.strip():
            expected = ", ".join(f["name"] for f in self.fields(name))
            problems.append(Problem(label, None, None, f"the file is empty; expected a header row: {expected}"))
        elif data is not None and data.startswith(BOM):
            problems.append(
                Problem(label, 1, None, "starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
            )
        elif data is not None:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as err:
                line = data[: err.start].count(b"\n") + 1
                problems.append(
                    Problem(label, line, None, f"is not valid UTF-8 (byte 0x{data[err.start]:02x}); save as UTF-8")
                )
            else:
                header, rows, shape = self._split(label, text, name)
                problems.extend(shape)
        self._raw_cache[name] = (header, rows, problems)
        return header, rows, problems

    def _split(self, label: str, text: str, name: str):
        problems: list[Problem] = []
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            table = list(reader)
        except csv.Error as err:
            return [], [], [Problem(label, reader.line_num, None, f"is not well-formed CSV: {err}")]
        header, body = table[0], table[1:]
        expected = [f["name"] for f in self.fields(name)]
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        for col in missing:
            problems.append(Problem(label, 1, col, "column is missing from the header"))
        for col in extra:
            problems.append(Problem(label, 1, col, f"unknown column; the schema's columns are: {', '.join(expected)}"))
        if len(set(header)) != len(header):
            problems.append(Problem(label, 1, None, "the header repeats a column name"))
        rows = []
        for i, row in enumerate(body, start=2):
            if row == []:
                problems.append(Problem(label, i, None, "blank line inside the table"))
                continue
            if len(row) != len(header):
                problems.append(Problem(label, i, None, f"has {len(row)} cells but the header has {len(header)}"))
                continue
            rows.append(row)
        if not body:
            problems.append(Problem(label, None, None, "has a header but no data rows"))
        return header, rows, problems

    # -- checking ------------------------------------------------------------------------------------------
    def _typed_rows(self, name: str):
        """Rows as dicts of typed values plus every cell-level problem."""
        header, rows, problems = self.read_raw(name)
        problems = list(problems)
        if any(p.line in (None, 1) and p.message != "has a header but no data rows" for p in problems):
            return [], problems
        label = f"data/{self.path(name).name}"
        fields = {f["name"]: f for f in self.fields(name)}
        typed = []
        for line, row in enumerate(rows, start=2):
            record = {"_line": line}
            for col, raw in zip(header, row, strict=True):
                field = fields[col]
                if raw != raw.strip():
                    problems.append(Problem(label, line, col, f"{raw!r} has spaces at its start or end"))
                if raw == "":
                    if field.get("constraints", {}).get("required"):
                        problems.append(Problem(label, line, col, "is empty but required"))
                    record[col] = None
                    continue
                try:
                    value = parse_cell(raw, field)
                except ValueError as err:
                    problems.append(Problem(label, line, col, str(err)))
                    record[col] = None
                    continue
                broken = check_constraints(value, raw, field)
                if broken:
                    problems.append(Problem(label, line, col, broken))
                record[col] = value
            typed.append(record)
        problems.extend(self._key_problems(name, label, typed))
        problems.extend(table_rules(name, label, typed, self.resource(name), Problem))
        return typed, problems

    def _key_problems(self, name: str, label: str, typed: list[dict]) -> list[Problem]:
        schema = self.resource(name)["schema"]
        problems = []
        keys = [schema["primaryKey"]] if "primaryKey" in schema else []
        keys += [[f["name"]] for f in schema["fields"] if f.get("constraints", {}).get("unique")]
        for key in keys:
            key = [key] if isinstance(key, str) else key
            seen: dict[tuple, int] = {}
            for rec in typed:
                value = tuple(rec.get(k) for k in key)
                if value in seen:
                    problems.append(
                        Problem(
                            label,
                            rec["_line"],
                            ", ".join(key),
                            f"duplicate key {value if len(value) > 1 else value[0]!r} (first on line {seen[value]})",
                        )
                    )
                else:
                    seen[value] = rec["_line"]
        for fk in schema.get("foreignKeys", []):
            fields = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            target = fk["reference"]["resource"] or name
            ref_fields = fk["reference"]["fields"]
            ref_fields = ref_fields if isinstance(ref_fields, list) else [ref_fields]
            allowed = self._key_values(target, ref_fields)
            for rec in typed:
                value = tuple(rec.get(f) for f in fields)
                if any(v is None for v in value):
                    continue
                if value not in allowed:
                    shown = value[0] if len(value) == 1 else value
                    problems.append(
                        Problem(
                            label,
                            rec["_line"],
                            ", ".join(fields),
                            f"{shown!r} is not a {'/'.join(ref_fields)} in data/{self.path(target).name}",
                        )
                    )
        for field in schema["fields"]:
            ref = field.get("x-listOf")
            if not ref:
                continue
            allowed = {v[0] for v in self._key_values(ref["resource"], [ref["field"]])}
            for rec in typed:
                if rec.get(field["name"]):
                    for item in rec[field["name"]].split(ref.get("delimiter", ";")):
                        if item not in allowed:
                            problems.append(
                                Problem(
                                    label,
                                    rec["_line"],
                                    field["name"],
                                    f"{item!r} is not a {ref['field']} in data/{self.path(ref['resource']).name}",
                                )
                            )
        return problems

    def _key_values(self, name: str, fields: list[str]) -> set[tuple]:
        header, rows, _ = self.read_raw(name)
        if not all(f in header for f in fields):
            return set()
        idx = [header.index(f) for f in fields]
        return {tuple(row[i] for i in idx) for row in rows}

    def problems(self, name: str | None = None) -> list[Problem]:
        """Every problem in one table, or in the whole package when no name is given."""
        names = [name] if name else self.names
        found: list[Problem] = []
        for n in names:
            found.extend(self._typed_rows(n)[1])
        return found

    def validate(self) -> None:
        """Raise DataValidationError listing every problem in the package."""
        found = self.problems()
        if found:
            raise DataValidationError(found)

    # -- loading -------------------------------------------------------------------------------------------
    def load(self, name: str) -> pd.DataFrame:
        """One table as a typed DataFrame; raises DataValidationError on any problem."""
        typed, problems = self._typed_rows(name)
        if problems:
            raise DataValidationError(problems)
        columns = [f["name"] for f in self.fields(name)]
        frame = pd.DataFrame.from_records([{c: r.get(c) for c in columns} for r in typed], columns=columns)
        for field in self.fields(name):
            frame[field["name"]] = _as_dtype(frame[field["name"]], field)
        return frame


def _as_dtype(series: pd.Series, field: dict) -> pd.Series:
    kind = field.get("type", "string")
    if kind == "date":
        return pd.to_datetime(series.astype("object").where(series.notna(), None))
    if kind in ("integer", "year"):
        return series.astype("Int64")
    if kind == "number":
        return series.astype("Float64")
    if kind == "boolean":
        return series.astype("boolean")
    enum = field.get("constraints", {}).get("enum")
    if enum:
        return pd.Series(pd.Categorical(series, categories=enum), index=series.index, name=series.name)
    return series.astype("string")


@functools.cache
def _default_package() -> DataPackage:
    return DataPackage()


@functools.cache
def _cached(name: str) -> pd.DataFrame:
    return _default_package().load(name)


def load(name: str) -> pd.DataFrame:
    """A table of the course data as a typed DataFrame (dates as datetimes, enums as categoricals).

    Loaded once per process; each call returns a fresh copy, so changing it in a lesson cannot change it for
    the next cell.
    """
    return _cached(name).copy()


def load_all() -> dict[str, pd.DataFrame]:
    """Every table, by name."""
    return {name: load(name) for name in _default_package().names}


def table_names() -> list[str]:
    return _default_package().names


def event_date(event_id: str) -> pd.Timestamp:
    """The (New Style) date of one event of the timeline, by its id."""
    events = load("events").set_index("event_id")
    if event_id not in events.index:
        raise KeyError(f"{event_id!r} is not an event_id in data/events.csv")
    return events.loc[event_id, "date"]
