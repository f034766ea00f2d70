"""Lesson 00: the calendar converter's callback and figures."""

from leningov.lessons import start


def test_converter_callback_both_directions():
    assert start.convert_date("1917-10-25", "os_to_ns").startswith("7 November 1917 (New Style)")
    assert "1 February 1918 (Old Style)" in start.convert_date("1918-02-14", "ns_to_os")
    assert "Gregorian" in start.convert_date("1918-02-14", "ns_to_os")


def test_converter_explains_bad_input():
    assert start.convert_date("1918-02-30", "ns_to_os").startswith("Cannot read '1918-02-30'")
    assert start.convert_date("25 October", "os_to_ns").startswith("Cannot read")


def test_converter_widget_updates_its_answer():
    box = start.calendar_converter()
    box.controls["text"].value = "1924-01-21"
    box.controls["direction"].value = "ns_to_os"
    assert box.answer.value.startswith("21 January 1924 (New Style) = 8 January 1924 (Old Style)")


def test_figures_have_titles_and_sources():
    gap = start.calendar_gap_figure()
    assert gap.axes[0].get_title(loc="left").startswith("Why the 'October' Revolution")
    events = start.events_per_year_figure()
    texts = [t.get_text() for t in events.texts]
    assert any(t.startswith("Source") for t in texts), "the figure names its sources"
    heights = [p.get_height() for p in events.axes[0].patches]
    assert sum(heights) > 100
