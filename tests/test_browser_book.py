"""The built book as a learner sees it, in a real Chromium with the network closed to everything but localhost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import PageWatch, serve

from tools import audit

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_MANAGER = "/_static/widgets/embed.js"
PAGE_BYTES = audit.GOALS["initial_bytes"]
GENERIC_ALT = re.compile(r"^(image|figure|img|picture|png|\S+\.(png|svg|jpe?g))$", re.IGNORECASE)


def content_pages(html_dir: Path) -> list[str]:
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        rel = path.relative_to(html_dir).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")) or rel in ("genindex.html", "search.html"):
            continue
        pages.append(rel)
    return pages


@pytest.fixture(scope="module")
def site(built_book):
    html_dir, _ = built_book
    with serve(html_dir) as url:
        yield url, html_dir


def open_page(browser, url):
    page = browser.new_page()
    watch = PageWatch(page)
    page.goto(url, wait_until="networkidle")
    return page, watch


@pytest.fixture(scope="module")
def visits(site, browser) -> dict[str, dict]:
    """Every content page opened once and read to its end, as a reader scrolls through it: what went wrong, what
    it weighed when opened and once read, which widget scripts it fetched and how many widgets it drew, its
    images' alt text, and its axe violations with the widgets drawn.

    One visit per page serves the page-wide tests below (a page load is what costs the time).
    """
    url, html_dir = site
    axe = AXE.read_text(encoding="utf-8")
    found = {}
    for rel in content_pages(html_dir):
        html = (html_dir / rel).read_text(encoding="utf-8")
        page = browser.new_page()
        watch = PageWatch(page)
        traffic = audit.Traffic(page)
        page.goto(f"{url}/{rel}", wait_until="networkidle")
        opened = traffic.responses()
        audit.read_to_the_end(page, settle_ms=300)
        views = page.evaluate(f"document.querySelectorAll('script[type=\"{WIDGET_VIEW}\"]').length")
        if views:
            page.wait_for_selector(".jupyter-widgets", timeout=20000)
            page.wait_for_timeout(300)  # let the widget manager draw the rest
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        alts = page.evaluate("Array.from(document.querySelectorAll('main img')).map(i => i.getAttribute('alt'))")
        icon = page.evaluate(
            "async () => { const l = document.querySelector('link[rel~=icon]');"
            " return l ? [l.getAttribute('href'), (await fetch(l.href)).status] : null; }"
        )
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        responses = traffic.responses()
        found[rel] = {
            "problems": watch.problems() + [f"image did not load: {src[:80]}" for src in broken],
            "alts": alts,
            "violations": result["violations"],
            "http_errors": traffic.errors(),
            "icon": icon,
            "opened_bytes": sum(r["bytes"] for r in opened),
            "read_bytes": sum(r["bytes"] for r in responses),
            "widget_manager_bytes": sum(r["bytes"] for r in responses if WIDGET_MANAGER in r["url"]),
            "widget_scripts": [r["url"] for r in responses if "/_static/widgets/" in r["url"]],
            "has_widget_state": WIDGET_STATE in html,
            "views": views,
            "rendered": page.evaluate("document.querySelectorAll('.jupyter-widgets').length"),
        }
        page.close()
    return found


def test_every_page_loads_offline_without_errors(visits):
    assert len(visits) >= 4
    problems = {rel: v["problems"] for rel, v in visits.items() if v["problems"]}
    assert not problems, json.dumps(problems, indent=1)[:4000]


def test_every_image_has_meaningful_alt_text(visits):
    assert sum(len(v["alts"]) for v in visits.values()) > 0, "no page has an image"
    missing = {}
    for rel, v in visits.items():
        bad = [a for a in v["alts"] if not a or GENERIC_ALT.match(a.strip())]
        if bad:
            missing[rel] = bad
    assert not missing, missing


def test_embedded_widgets_render_as_controls(visits):
    widget_pages = {rel: v for rel, v in visits.items() if v["has_widget_state"]}
    assert widget_pages, "no page embeds widget state"
    for rel, v in widget_pages.items():
        assert v["views"] >= 1 and v["rendered"] >= v["views"], f"{rel}: {v['rendered']} widgets for {v['views']} views"


def test_no_widget_script_on_a_page_without_widgets(visits):
    assert any(v["widget_scripts"] for v in visits.values()), "no page fetched the widget scripts"
    stray = {rel: v["widget_scripts"] for rel, v in visits.items() if v["widget_scripts"] and not v["has_widget_state"]}
    assert not stray, stray


def test_no_request_is_answered_with_an_error_and_every_page_has_its_icon(visits):
    errors = {rel: v["http_errors"] for rel, v in visits.items() if v["http_errors"]}
    assert not errors, json.dumps(errors, indent=1)[:4000]
    no_icon = {rel: v["icon"] for rel, v in visits.items() if not v["icon"] or v["icon"][1] != 200}
    assert not no_icon, f"pages without a favicon that loads (href, status): {no_icon}"


def test_pages_are_light(visits):
    """At most 2.5 MB when a page is opened, and once it is read to the end, not counting the widget manager
    (fetched when a reader reaches a widget, once for every lesson: the browser keeps it)."""
    heavy = {}
    for rel, v in visits.items():
        if v["opened_bytes"] > PAGE_BYTES:
            heavy[rel] = f"{v['opened_bytes'] / 1e6:.2f} MB when opened"
        elif v["read_bytes"] - v["widget_manager_bytes"] > PAGE_BYTES:
            besides = (v["read_bytes"] - v["widget_manager_bytes"]) / 1e6
            heavy[rel] = f"{besides:.2f} MB read, besides the widget manager"
    assert not heavy, heavy
    lesson = next(v for v in visits.values() if v["has_widget_state"])
    assert lesson["widget_manager_bytes"] > 0 and lesson["opened_bytes"] < lesson["read_bytes"]


def test_next_and_previous_navigation(site, browser):
    url, _ = site
    page, _ = open_page(browser, f"{url}/book/how-to-use.html")
    page.click("a.right-next")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("notebooks/00-start-here.html")
    page.click("a.left-prev")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("book/how-to-use.html")
    page.close()


def test_search_finds_the_cheka(site, browser):
    url, _ = site
    page, watch = open_page(browser, f"{url}/search.html?q=Cheka")
    page.wait_for_selector("#search-results ul.search li", timeout=30000)
    results = page.inner_text("#search-results")
    assert "Cheka" in results or "cheka" in results.lower()
    assert not watch.problems(), watch.problems()
    page.close()


def test_launch_buttons_open_each_lesson_on_binder(site, browser):
    url, html_dir = site
    lessons = sorted((html_dir / "notebooks").glob("*.html"))
    assert lessons
    for lesson in lessons:
        page, _ = open_page(browser, f"{url}/notebooks/{lesson.name}")
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
        binder = [h for h in hrefs if h.startswith("https://mybinder.org/v2/gh/")]
        assert binder, f"{lesson.name}: no Binder launch button"
        assert any(f"urlpath=lab/tree/notebooks/{lesson.stem}.ipynb" in h for h in binder), binder
        page.close()


def test_no_serious_accessibility_violations(visits):
    serious = {}
    for rel, v in visits.items():
        bad = [
            f"{x['id']} ({x['impact']}): {x['nodes'][0]['target']}"
            for x in v["violations"]
            if x["impact"] in ("serious", "critical")
        ]
        if bad:
            serious[rel] = bad
    assert not serious, json.dumps(serious, indent=1)[:4000]
