"""Widgets with a real kernel: Voila serves a lesson on localhost, Chromium changes a control, the output changes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from browser import free_port, server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def voila(request):
    port = free_port()
    command = [
        str(Path(sys.executable).parent / "voila"),
        str(ROOT / "notebooks" / request.param),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--ServerApp.port_retries=0",
    ]
    with server(command, port, cwd=ROOT, timeout=60) as url:
        yield url


@pytest.mark.parametrize("voila", ["00-start-here.ipynb"], indirect=True)
def test_calendar_converter_answers_with_a_real_kernel(voila, browser):
    page = browser.new_page()
    page.goto(voila, wait_until="networkidle", timeout=120000)
    box = page.locator(".widget-text input").first
    box.wait_for(timeout=120000)
    answer = page.locator(".widget-html-content", has_text="New Style").first
    before = answer.inner_text()
    assert "7 November 1917" in before
    box.fill("1918-01-31")
    box.press("Enter")
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('.widget-html-content'))"
        ".some(e => e.innerText.includes('13 February 1918'))",
        timeout=30000,
    )
    page.close()


@pytest.mark.parametrize("voila", ["07-capstone-explorer.ipynb"], indirect=True)
def test_capstone_dashboard_filters_with_a_real_kernel(voila, browser):
    """`make app` serves this notebook: choosing a person must refilter the events and redraw the figures."""
    page = browser.new_page()
    page.goto(voila, wait_until="networkidle", timeout=180000)
    summary = page.locator(".widget-html-content", has_text="event(s) match").first
    summary.wait_for(timeout=180000)
    before = summary.inner_text()
    person = page.locator(".widget-dropdown", has_text="Person").locator("select").first
    person.select_option(index=2)  # the third person in the list (the first entry is "anyone")
    page.wait_for_function(
        "before => Array.from(document.querySelectorAll('.widget-html-content'))"
        ".some(e => e.innerText.includes('event(s) match') && e.innerText !== before)",
        arg=before,
        timeout=60000,
    )
    after = page.locator(".widget-html-content", has_text="event(s) match").first.inner_text()
    assert after != before
    page.close()
