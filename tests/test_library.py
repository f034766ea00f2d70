"""The learners' library: one date formatter, one way to cite, one rule for offices, the shared figure primitives."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from leningov import load
from leningov.dates import date_span, format_date, format_dates
from leningov.figures import (
    draw_dated_events,
    draw_estimates,
    estimate_range,
    estimate_text,
    new_figure,
    plot_with_gaps,
    sort_by_period,
)
from leningov.offices import body_label, body_labels, held_on
from leningov.sources import short_citation, source_line


# ------------------------------------------------------------------------------------------------ dates
@pytest.mark.parametrize(
    ("value", "precision", "old", "long", "expected"),
    [
        ("1918-03-03", "day", None, False, "3 Mar 1918"),
        ("1918-03-01", "month", None, False, "Mar 1918"),
        ("1918-01-01", "year", None, False, "1918"),
        ("1917-11-07", "day", "1917-10-25", False, "7 Nov 1917 (O.S. 25 Oct)"),
        ("1918-01-05", "day", "1917-12-23", False, "5 Jan 1918 (O.S. 23 Dec 1917)"),
        ("1924-01-21", "day", None, True, "21 January 1924"),
        ("1918-03-01", "month", "1918-02-16", False, "Mar 1918"),  # an Old Style day means nothing for a month
    ],
)
def test_format_date_writes_only_what_is_known(value, precision, old, long, expected):
    assert format_date(value, precision, old, long=long) == expected


def test_format_date_prints_blanks_not_nat():
    assert format_date(pd.NaT) == ""
    assert format_date(None) == ""
    assert format_dates([pd.Timestamp("1921-03-21"), pd.NaT], ["day", None]) == ["21 Mar 1921", ""]


def test_format_date_refuses_an_unknown_precision():
    with pytest.raises(ValueError, match="precision must be one of day, month, year"):
        format_date("1918-03-01", "week")


def test_partial_dates_span_their_whole_period():
    assert date_span("1918-03-01", "month") == (pd.Timestamp("1918-03-01"), pd.Timestamp("1918-03-31"))
    assert date_span("1920-01-01", "year") == (pd.Timestamp("1920-01-01"), pd.Timestamp("1920-12-31"))
    assert date_span("1918-03-03", "day") == (pd.Timestamp("1918-03-03"),) * 2


def test_a_month_precision_event_sorts_after_the_days_of_its_month():
    frame = pd.DataFrame(
        {
            "event": ["left SRs resign (March)", "treaty signed", "treaty ratified", "April decree"],
            "date": pd.to_datetime(["1918-03-01", "1918-03-03", "1918-03-15", "1918-04-02"]),
            "date_precision": ["month", "day", "day", "day"],
        }
    )
    order = sort_by_period(frame)["event"].tolist()
    assert order == ["treaty signed", "treaty ratified", "left SRs resign (March)", "April decree"]


# ------------------------------------------------------------------------------------------------ sources
def test_short_citations_follow_one_rule():
    sources = load("sources").set_index("source_id")
    assert short_citation("seed") == "Seed article"
    assert short_citation("harrison_markevich2012") == "Harrison and Markevich 2012"
    assert short_citation("yarov2013") == "Iarov et al. 2013"
    wiki = sources[sources["publisher"].fillna("").str.startswith("Wikipedia")].index.drop("seed")[0]
    assert short_citation(wiki) == f"Wikipedia, “{sources.loc[wiki, 'title']}”"
    assert short_citation("lenin_cw") == "Lenin, Collected Works"  # not "Lenin 1960", the edition's year
    for source_id, row in sources.iterrows():
        text = short_citation(source_id)
        assert text and "(" not in text.split("“")[0], f"{source_id}: {text!r}"
        if row["kind"] != "encyclopedia" and not text.startswith("Lenin, "):
            assert re.search(rf"{row['year']}[a-j]?$", text), f"{source_id}: {text!r} does not end with its year"


def test_unknown_source_is_a_clear_error():
    with pytest.raises(KeyError, match="not a source_id in data/sources.csv"):
        short_citation("no_such_work")


def test_source_line_lists_each_work_once_in_order_of_first_use():
    line = source_line(["radkey1989", "seed", "radkey1989", None])
    assert line == f"Sources: {short_citation('radkey1989')}; Seed article."
    assert source_line(["seed"]) == "Source: Seed article."


def test_a_long_source_line_is_summarised_with_the_most_used_works():
    ids = load("sources")["source_id"].tolist()[:10] + ["seed"] * 5
    line = source_line(ids, limit=6)
    assert line.startswith("Sources: 10 works")
    assert "Seed article (6 rows)" in line


# ------------------------------------------------------------------------------------------------ offices
OFFICES = pd.DataFrame(
    {
        "person_id": ["a", "a", "b", "c"],
        "office_id": ["chair", "chair", "chair", "member"],
        "body": ["sovnarkom"] * 4,
        "start": pd.to_datetime(["1917-11-08", "1918-03-10", "1917-11-08", "1917-11-08"]),
        "end": pd.to_datetime(["1918-03-10", "1919-01-01", "1917-12-01", None]),
    }
)


def test_held_on_states_the_rule_for_an_unknown_end():
    day = "1918-06-01"
    assert set(held_on(day, OFFICES, open_end="exclude")["person_id"]) == {"a"}
    assert set(held_on(day, OFFICES, open_end="include")["person_id"]) == {"a", "c"}
    with pytest.raises(TypeError):
        held_on(day, OFFICES)  # the rule must be said
    with pytest.raises(ValueError, match="open_end must be"):
        held_on(day, OFFICES, open_end="maybe")


def test_held_on_counts_an_office_once_on_the_day_of_a_new_term():
    held = held_on("1918-03-10", OFFICES, open_end="exclude")
    assert held[held["person_id"] == "a"]["start"].tolist() == [pd.Timestamp("1918-03-10")]


def test_held_on_reads_a_date_known_only_to_the_month_by_the_same_rule():
    # joined "in December 1917", left "in March 1918": certainly in office from 31 Dec to 1 Mar, possibly 1 Dec-31 Mar
    offices = pd.DataFrame({
        "person_id": ["d"], "office_id": ["justice"], "body": ["sovnarkom"],
        "start": pd.to_datetime(["1917-12-01"]), "end": pd.to_datetime(["1918-03-01"]),
        "start_precision": ["month"], "end_precision": ["month"],
    })
    for day, certainly, possibly in [("1917-12-01", False, True), ("1917-12-31", True, True),
                                     ("1918-03-01", True, True), ("1918-03-20", False, True),
                                     ("1918-04-01", False, False)]:
        assert len(held_on(day, offices, open_end="exclude")) == certainly, day
        assert len(held_on(day, offices, open_end="include")) == possibly, day
    # a table without precision columns is read as exact to the day
    assert set(held_on("1917-12-01", OFFICES, open_end="exclude")["person_id"]) == {"a", "b"}


def test_held_on_with_the_course_data():
    held = held_on("1922-05-01", open_end="exclude")
    assert "general_secretary" in set(held.loc[held["person_id"] == "stalin", "office_id"])
    assert not held["end"].isna().any()


def test_every_body_has_one_label():
    labels = body_labels()
    assert set(load("offices")["body"]) <= set(labels)
    assert body_label("vtsik") == labels["vtsik"]
    with pytest.raises(KeyError, match="bodies.csv"):
        body_label("duma")


# ------------------------------------------------------------------------------------------------ figures
def test_estimate_range_and_text():
    row = pd.Series({"low": 2000.0, "high": 5000.0, "point": 3000.0})
    assert estimate_range(row) == (2000.0, 5000.0)
    assert estimate_text(row) == "2,000–5,000; 3,000"
    assert estimate_text(pd.Series({"low": 50000.0, "high": None, "point": None})) == "at least 50,000"
    assert estimate_text(pd.Series({"low": None, "high": 12000.0, "point": None})) == "up to 12,000"
    millions = pd.Series({"low": 10_500_000.0, "high": None, "point": 140_000.0})
    assert estimate_text(millions, scale=1e6) == "at least 10.5; 0.14"


def test_draw_estimates_draws_one_row_per_source():
    rows = load("estimates").query("quantity_id == 'red_terror_deaths'")
    fig, ax = new_figure(9, 5)
    draw_estimates(ax, rows)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(labels) == len(rows)
    assert labels[0] == short_citation(rows["source_id"].iloc[0]).replace("\n", " ")
    low, high = ax.get_xlim()
    assert low == 0 and high >= rows[["low", "high", "point"]].max().max()


def test_month_options_and_axis_labels_do_not_depend_on_the_locale():
    from leningov.dates import month_axis, month_options

    assert month_options("1917-11-01", "1918-03-01", step=2) == [
        ("Nov 1917", "1917-11-01"), ("Jan 1918", "1918-01-01"), ("Mar 1918", "1918-03-01")
    ]
    fig, ax = new_figure()
    ax.plot(pd.to_datetime(["1918-01-15", "1918-12-15"]), [0, 1])
    month_axis(ax.xaxis, every=3)
    fig.draw_without_rendering()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels[:3] == ["Jan 1918", "Apr 1918", "Jul 1918"]


def test_mark_dates_labels_each_day():
    from leningov.figures import mark_dates

    fig, ax = new_figure()
    ax.plot(pd.to_datetime(["1921-01-01", "1921-12-31"]), [0, 1])
    mark_dates(ax, {"NEP": "1921-03-21", "famine": "1921-07-01"}, at="bottom")
    assert [t.get_text() for t in ax.texts] == ["NEP", "famine"]
    assert all(t.xy[1] == 0.0 for t in ax.texts)
    with pytest.raises(ValueError, match="at must be"):
        mark_dates(ax, {}, at="middle")


def test_partial_dates_are_drawn_as_spans():
    fig, ax = new_figure()
    draw_dated_events(ax, pd.to_datetime(["1918-03-03", "1918-03-01"]), ["day", "month"], [0, 1], ["k", "k"])
    from matplotlib.collections import LineCollection, PathCollection
    from matplotlib.dates import num2date

    bars = [c for c in ax.collections if isinstance(c, LineCollection)]
    segments = [seg for c in bars for seg in c.get_segments()]
    assert len(segments) == 1  # only the month-precision event gets a bar
    (x0, y0), (x1, _) = segments[0]
    assert (num2date(x0).date().isoformat(), num2date(x1).date().isoformat(), y0) == ("1918-03-01", "1918-03-31", 1)
    dots = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert sum(len(c.get_offsets()) for c in dots) == 2  # one dot per event, hollow for the month


def test_a_vertical_timeline_runs_time_down_the_y_axis():
    fig, ax = new_figure()
    draw_dated_events(ax, pd.to_datetime(["1922-01-01"]), ["year"], [0], ["k"], vertical=True)
    from matplotlib.collections import LineCollection
    from matplotlib.dates import num2date

    (x0, y0), (_, y1) = next(c for c in ax.collections if isinstance(c, LineCollection)).get_segments()[0]
    assert x0 == 0 and (num2date(y0).year, num2date(y1).month, num2date(y1).day) == (1922, 12, 31)


def test_series_lines_never_cross_a_missing_year():
    fig, ax = new_figure()
    plot_with_gaps(ax, [1913, 1920, 1921, 1922], [100, 20, 25, 40], "k")
    joined = [tuple(line.get_xdata()) for line in ax.get_lines() if len(line.get_xdata()) == 2]
    assert joined == [(1920, 1921), (1921, 1922)]


# ------------------------------------------------------------------------------------------------ widgets
def _bars(ax, year=1917, scale="linear"):
    ax.bar(["a", "b"], [year - 1900, 3])
    ax.set_yscale(scale)
    ax.set_title(f"bars in {year}")


def test_explore_builds_controls_from_abbreviations_and_starts_at_the_defaults():
    from ipywidgets import Dropdown, IntSlider

    from leningov.widgets import LIVE, explore

    explorer = explore(_bars, year=(1917, 1924), scale=["linear", "log"])
    assert isinstance(explorer.controls["year"], IntSlider) and explorer.controls["year"].value == 1917
    assert isinstance(explorer.controls["scale"], Dropdown) and explorer.controls["scale"].value == "linear"
    assert explorer in LIVE
    first = explorer.png
    assert first.startswith(b"\x89PNG")
    assert explorer.set(year=1920) != first, "changing a control redraws the figure"
    assert explorer.figure.axes[0].get_title("left") == "bars in 1920"


def test_explore_keeps_the_first_layout():
    from leningov.widgets import explore

    explorer = explore(_bars, year=(1917, 1924))
    position = explorer.figure.axes[0].get_position().bounds
    explorer.set(year=1923)
    assert explorer.figure.get_layout_engine() is None
    assert explorer.figure.axes[0].get_position().bounds == position


def test_a_live_figure_keeps_its_canvas_renderer_and_layout_across_redraws():
    import gc

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from leningov.widgets import LiveFigure

    gc.unfreeze()
    live = LiveFigure((6, 3))
    assert gc.get_freeze_count() > 0  # what existed when the figure was made is out of the full sweeps
    first = live.redraw(_bars, 1917)
    canvas, renderer = live.figure.canvas, live.figure.canvas.get_renderer()
    position = live.figure.axes[0].get_position().bounds
    second = live.redraw(_bars, 1923, scale="log")
    assert first != second and second.startswith(b"\x89PNG")
    assert isinstance(canvas, FigureCanvasAgg) and live.figure.canvas is canvas
    assert canvas.get_renderer() is renderer  # the renderer (and its cache of text sizes) is reused
    assert live.figure.axes[0].get_position().bounds == position
    assert live.figure.axes[0].get_title("left") == "bars in 1923"


def test_explore_says_what_a_draw_function_must_look_like():
    from leningov.widgets import explore

    def no_axes(year):
        pass

    with pytest.raises(TypeError, match=r"first argument"):
        explore(no_axes, year=(1917, 1924))
    with pytest.raises(TypeError, match="no argument for the control"):
        explore(_bars, month=(1, 12))


def test_drive_reports_dead_and_broken_controls():
    from leningov.widgets import drive, explore

    def draw(ax, year=1917, unused="a"):
        if year == 1924:
            raise ValueError("no data for 1924")
        ax.plot([0, 1], [0, year])

    report = drive(explore(draw, year=(1917, 1924), unused=["a", "b"]))
    assert report["year"]["new_views"] >= 3
    assert any("no data for 1924" in e for e in report["year"]["errors"])
    assert report["unused"]["new_views"] == 0  # a control that changes nothing is caught


def test_the_static_note_appears_only_when_outputs_are_stored(monkeypatch):
    from IPython.core.interactiveshell import InteractiveShell

    from leningov.widgets import STATIC_ENV, STATIC_NOTE, explore

    shell = InteractiveShell.instance()
    explorer = explore(_bars, year=(1917, 1924))

    def shown():
        with __import__("IPython").utils.capture.capture_output() as captured:
            shell.display_formatter  # noqa: B018
            explorer._ipython_display_()
        return "".join(str(o.data.get("text/markdown", "")) for o in captured.outputs)

    monkeypatch.delenv(STATIC_ENV, raising=False)
    assert STATIC_NOTE not in shown()
    monkeypatch.setenv(STATIC_ENV, "1")
    assert STATIC_NOTE in shown()


def test_an_explorer_jupyterlab_cannot_draw_says_how_to_make_it_live():
    """An untrusted notebook (a student's fresh copy) shows an output's plain text instead of the widget: a
    sentence, not the widget's repr."""
    import ipywidgets as widgets

    from leningov.widgets import CONTROLS_TEXT, LiveVBox, explore

    box = LiveVBox([widgets.Dropdown(options=["a", "b"])])
    bundle = box._repr_mimebundle_()
    assert bundle["text/plain"] == CONTROLS_TEXT
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == box.model_id
    assert explore(_bars, year=(1917, 1924)).box._repr_mimebundle_()["text/plain"] == CONTROLS_TEXT
    assert "VBox(" in widgets.VBox()._repr_mimebundle_()["text/plain"], "plain widgets keep their repr"


def test_a_static_note_only_in_stored_outputs(monkeypatch):
    from leningov.widgets import STATIC_ENV, STATIC_NOTE, static_note

    monkeypatch.delenv(STATIC_ENV, raising=False)
    assert static_note() == []
    monkeypatch.setenv(STATIC_ENV, "1")
    assert [STATIC_NOTE in n.value for n in static_note()] == [True]


def test_dropdowns_and_checkboxes_are_as_wide_as_their_longest_label():
    import ipywidgets as widgets

    from leningov.widgets import explore

    def draw(ax, scale="linear", mark=True, other="a"):
        ax.bar(["x"], [1])

    checkbox = widgets.Checkbox(description="mark Lenin's strokes and death")
    fixed = widgets.Dropdown(options=["a"], layout=widgets.Layout(width="200px"))
    explorer = explore(draw, scale=["linear", "log"], mark=checkbox, other=fixed)
    assert explorer.controls["scale"].layout.width == "max-content"
    assert checkbox.layout.width == "max-content" and checkbox.layout.max_width == "100%", "a ready-made control too"
    assert fixed.layout.width == "200px", "a width the lesson chose is kept"
    assert fixed.description == "other", "a ready-made control without a label is named after its argument"
    assert checkbox.description == "mark Lenin's strokes and death", "a label the lesson chose is kept"


def test_two_works_of_one_author_and_year_are_told_apart():
    labels = {short_citation(s) for s in ["smele2015", "smele2015_civil_wars"]}
    assert labels == {"Smele 2015a", "Smele 2015b"}


def test_on_a_months_last_day_the_dated_event_comes_first():
    frame = pd.DataFrame(
        {"date": pd.to_datetime(["1918-03-01", "1918-03-31"]), "date_precision": ["month", "day"], "e": ["m", "d"]}
    )
    assert sort_by_period(frame)["e"].tolist() == ["d", "m"]


def test_a_lone_lower_bound_stays_inside_the_axes():
    rows = pd.DataFrame({"low": [5000.0], "high": [None], "point": [None], "source_id": ["seed"], "scope": ["x"]})
    fig, ax = new_figure()
    draw_estimates(ax, rows)
    arrow_end = max(a.xy[0] for a in ax.texts if hasattr(a, "xy"))
    assert ax.get_xlim()[1] > arrow_end


# ------------------------------------------------------------------------------------------------ voices
def test_a_paraphrase_is_never_shown_as_words_spoken():
    from leningov.quotes import quote_markdown

    quotes = load("quotations")
    for row in quotes.itertuples():
        shown = quote_markdown(row.quote_id)
        if row.wording == "paraphrase":
            assert "“" not in shown.splitlines()[0] and "not the words spoken" in shown, row.quote_id
        else:
            assert shown.startswith(f"> “{row.text}”"), row.quote_id
        if row.translation == "own":
            assert "Translated by the course" in shown, row.quote_id


def test_documents_come_with_their_provenance():
    from leningov.documents import document_text, provenance, show_document

    documents = load("documents")
    for row in documents.itertuples():
        text = document_text(row.document_id)
        assert len(text.split()) > 50, f"{row.document_id} is too short to read as a document"
        line = provenance(row.document_id)
        assert row.title in line and row.licence in line
        if isinstance(row.date_os, pd.Timestamp):
            assert "O.S." in line, f"{row.document_id}: the Old Style date is not given"
    shown = show_document(documents["document_id"].iloc[0]).data
    assert shown.count("\n> ") > 5
    testament = show_document("letter_to_congress_1922").data
    assert "> ### Letter to the Congress" in testament and "> #### Addendum" in testament, (
        "the document's headings sit below the lesson's section (its title an h3)"
    )
    assert not any(line.startswith(("> # ", "> ## ")) for line in testament.splitlines())
    with pytest.raises(KeyError, match="the documents are"):
        document_text("no_such_document")


# ------------------------------------------------------------------------------------------------ layers
LAYERS = [
    ["paths"],
    ["calendar"],
    ["rules"],
    ["data"],
    ["dates"],
    ["sources", "offices"],
    ["alt_text"],
    ["style"],
    ["figures"],
    ["maps", "quotes", "documents"],
    ["widgets"],
    ["selfcheck"],
    ["lessons"],
]


def test_each_module_imports_only_the_layers_below_it():
    import ast
    from pathlib import Path

    import leningov

    package = Path(leningov.__file__).parent
    level = {name: i for i, names in enumerate(LAYERS) for name in names}
    files = sorted(package.glob("*.py")) + sorted((package / "lessons").glob("*.py"))
    listed = {p.stem for p in package.glob("*.py")} - {"__init__"}
    assert listed == set(level) - {"lessons"}, f"modules missing from LAYERS: {listed ^ (set(level) - {'lessons'})}"
    for path in files:
        here = "lessons" if path.parent.name == "lessons" else path.stem
        if here == "__init__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("leningov."):
                imported = [node.module.split(".")[1]]
            elif isinstance(node, ast.ImportFrom) and node.module == "leningov":
                # a submodule by name, or what the package re-exports from data (load) and calendar
                imported = [a.name if a.name in level else "data" for a in node.names]
            else:
                continue
            for name in imported:
                if name == here == "lessons":
                    continue
                assert level[name] < level[here], f"{path.relative_to(package)} imports leningov.{name}, not below it"
