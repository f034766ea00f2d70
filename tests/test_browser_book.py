"""The built book as a learner sees it, in a real Chromium with the network closed to everything but localhost."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import PageWatch, serve

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
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


def test_every_page_loads_offline_without_errors(site, browser):
    url, html_dir = site
    pages = content_pages(html_dir)
    assert len(pages) >= 4
    problems = {}
    for rel in pages:
        page, watch = open_page(browser, f"{url}/{rel}")
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        found = watch.problems() + [f"image did not load: {src[:80]}" for src in broken]
        if found:
            problems[rel] = found
        page.close()
    assert not problems, json.dumps(problems, indent=1)[:4000]


def test_every_image_has_meaningful_alt_text(site, browser):
    url, html_dir = site
    missing = {}
    for rel in content_pages(html_dir):
        page, _ = open_page(browser, f"{url}/{rel}")
        page.wait_for_timeout(300)
        alts = page.evaluate("Array.from(document.querySelectorAll('main img')).map(i => i.getAttribute('alt'))")
        bad = [a for a in alts if not a or GENERIC_ALT.match(a.strip())]
        if bad:
            missing[rel] = bad
        page.close()
    assert not missing, missing


def test_embedded_widgets_render_as_controls(site, browser):
    url, html_dir = site
    widget_pages = [
        rel
        for rel in content_pages(html_dir)
        if "application/vnd.jupyter.widget-state+json" in (html_dir / rel).read_text(encoding="utf-8")
    ]
    assert widget_pages, "no page embeds widget state"
    for rel in widget_pages:
        page, watch = open_page(browser, f"{url}/{rel}")
        page.wait_for_selector(".jupyter-widgets, .widget-inline-hbox, .widget-text", timeout=20000)
        views = page.evaluate(
            "document.querySelectorAll('script[type=\"application/vnd.jupyter.widget-view+json\"]').length"
        )
        rendered = page.evaluate("document.querySelectorAll('.jupyter-widgets').length")
        assert views >= 1 and rendered >= views, f"{rel}: {rendered} rendered widgets for {views} views"
        assert not watch.problems(), watch.problems()
        page.close()


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


def test_no_serious_accessibility_violations(site, browser):
    url, html_dir = site
    axe = AXE.read_text(encoding="utf-8")
    serious = {}
    for rel in content_pages(html_dir):
        page, _ = open_page(browser, f"{url}/{rel}")
        page.add_script_tag(content=axe)
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            serious[rel] = bad
        page.close()
    assert not serious, json.dumps(serious, indent=1)[:4000]
