"""Printing lesson cells to A4 PDF: the HTML, the print stylesheet, the check for clipped content, and Chromium.

A printed edition is a list of blocks (rendered markdown, a code cell's input, its outputs) laid out in one HTML
page. Before it is printed, the page is measured in Chromium at the width of the text block: any element wider
than the block, any scrollbar, any ``overflow`` that hides content, and any NaN/NaT left in an output is a
problem, and ``print_pages`` reports it instead of printing a page that loses something.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from tools import chromium

#: A4 with these margins (mm); the text block is what is left, and the page is measured at its width.
PAGE_MM = (210, 297)
MARGIN_MM = {"top": 14, "bottom": 16, "left": 16, "right": 16}
BLOCK_PX = int((PAGE_MM[0] - MARGIN_MM["left"] - MARGIN_MM["right"]) / 25.4 * 96)  # CSS px, rounded down
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
#: What pandas and Python print for a missing value; an edition prints a blank instead.
MISSING = re.compile(r"(?<![\w.])(NaN|NaT|<NA>|nan)(?![\w(])")
_MISSING_CELL = re.compile(r"(<t[dh][^>]*>)\s*(?:NaN|NaT|None|nan|&lt;NA&gt;)\s*(</t[dh]>)")

PAGE_CSS = "@page {{ size: A4; margin: {top}mm {right}mm {bottom}mm {left}mm; }}".format(**MARGIN_MM)
CSS = (
    PAGE_CSS
    + """
html { font-family: "DejaVu Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.4; color: #111; }
body { margin: 0; }
main { width: 100%; }
h1 { font-size: 18pt; line-height: 1.2; margin: 0 0 4mm; }
h2 { font-size: 13.5pt; margin: 6mm 0 2mm; break-after: avoid; }
h3 { font-size: 11.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
h4, h5 { font-size: 10.5pt; break-after: avoid; }
p, li { orphans: 2; widows: 2; }
a { color: inherit; text-decoration: none; }
code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 8.2pt; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; margin: 1mm 0; }
.input { break-after: avoid; }
.input pre { box-decoration-break: clone; background: #f4f4f4; border-left: 2px solid #bbb; padding: 1.5mm 2mm; }
.output pre { padding: 0 2mm; }
.output { margin: 1mm 0 3mm; }
.output img { display: block; width: 100%; height: auto; max-height: 225mm; object-fit: contain;
  break-inside: avoid; margin: 2mm 0; }
table { border-collapse: collapse; font-size: 8.2pt; line-height: 1.25; margin: 2mm 0; max-width: 100%;
  break-inside: auto; }
th, td { border-bottom: 0.4pt solid #bbb; padding: 0.6mm 1.4mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 0.8pt solid #444; }
tr { break-inside: avoid; }
td.short, th.short { white-space: nowrap; }
table.fit-3 .short { white-space: normal; }
caption { caption-side: top; text-align: left; font-size: 7pt; font-style: italic; color: #444; }
table.fit-1 { font-size: 7.2pt; } table.fit-2 { font-size: 6.4pt; }
table.fit-3 { font-size: 6pt; } table.fit-3 th, table.fit-3 td { overflow-wrap: anywhere; padding: 0.4mm 0.8mm; }
blockquote { margin: 2mm 0 2mm 4mm; padding-left: 3mm; border-left: 2px solid #999; }
.box { border: 0.6pt solid #888; border-radius: 1.5mm; padding: 0 3mm; margin: 3mm 0; box-decoration-break: clone; }
.box > .box-title { font-weight: bold; margin: 2mm 0 1mm; }
.box.instructor { background: #f3f0e6; }
.banner { font-style: italic; border-bottom: 0.6pt solid #888; padding-bottom: 2mm; margin-bottom: 4mm; }
.exercise { break-inside: avoid; margin: 3mm 0 4mm; }
.exercise .prompt p:first-child { margin-top: 0; }
.ruled { margin-top: 1mm; }
.ruled div { height: 8.5mm; border-bottom: 0.5pt solid #777; }
.name-line { display: flex; gap: 8mm; margin: 0 0 4mm; }
.name-line span { flex: 1; border-bottom: 0.5pt solid #777; padding-top: 5mm; font-size: 9pt; color: #444; }
.worksheet .output img { max-height: 150mm; }
.appendix { break-before: page; }
.works-cited li { margin-bottom: 1mm; }
.solution-of { font-weight: bold; margin: 4mm 0 1mm; break-after: avoid; }
"""
)

#: Measures the page as it will print (print media, at the text block's width); returns a list of problems.
MEASURE_JS = r"""
() => {
  const block = document.querySelector('main').getBoundingClientRect();
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ?
      '.' + el.className.trim().split(/\s+/).join('.') : '');
  const where = el => { const b = el.closest('[data-where]'); return b ? b.dataset.where : '?'; };
  const problems = [];
  const reported = new Set();
  for (const el of document.querySelectorAll('main *')) {
    let up = el.parentElement, inside = false;
    while (up) { if (reported.has(up)) { inside = true; break; } up = up.parentElement; }
    if (inside) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const cs = getComputedStyle(el);
    const say = (what) => { problems.push(`${where(el)}: ${name(el)} ${what}`); reported.add(el); };
    if (r.right > block.right + 0.5 || r.left < block.left - 0.5) {
      say(`is ${Math.round(r.width)}px wide, wider than the text block (${Math.round(block.width)}px)`);
      continue;
    }
    const scrolls = ['auto', 'scroll'];
    if (cs.overflowX === 'scroll' || cs.overflowY === 'scroll') {
      say('prints a scrollbar (overflow: scroll)'); continue;
    }
    const over = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (over && (scrolls.includes(cs.overflowX) || scrolls.includes(cs.overflowY))) {
      say(`prints a scrollbar (overflow: auto, content ${el.scrollWidth}x${el.scrollHeight}px)`); continue;
    }
    if (over && ['hidden', 'clip'].some(v => cs.overflowX === v || cs.overflowY === v)) {
      say(`hides content (overflow: hidden, content ${el.scrollWidth}x${el.scrollHeight}px in ` +
          `${el.clientWidth}x${el.clientHeight}px)`); continue;
    }
    if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) { say('cuts its text (ellipsis)'); }
  }
  for (const cell of document.querySelectorAll('.output td, .output th')) {
    const t = cell.textContent.trim();
    if (['NaN', 'NaT', 'None', '<NA>', 'nan'].includes(t)) problems.push(`${where(cell)}: a table cell prints ${t}`);
  }
  return problems;
}
"""

#: Fits the tables that are wider than the text block: a smaller font first; then, for a plain table (no merged
#: cells), its columns in groups one under the other, each repeating the index; last, a smaller font still and words
#: broken anywhere.
FIT_JS = r"""
() => {
  const width = document.querySelector('main').getBoundingClientRect().width;
  const wide = t => t.getBoundingClientRect().width > width + 0.5;
  for (const cell of document.querySelectorAll('main td, main th')) {
    if (cell.textContent.trim().length <= 12) cell.classList.add('short');  // a date or a number: one line
  }
  const split = table => {
    const rows = [...table.rows];
    const n = rows[0].cells.length;
    if (rows.some(r => r.cells.length !== n || [...r.cells].some(c => c.colSpan > 1 || c.rowSpan > 1))) return false;
    const body = [...table.tBodies].flatMap(b => [...b.rows]);
    let k = 0;
    while (k < n - 1 && body.every(r => r.cells[k].tagName === 'TH')) k++;
    const widths = [...Array(n).keys()].map(j => Math.max(...rows.map(r => r.cells[j].getBoundingClientRect().width)));
    const index = widths.slice(0, k).reduce((a, b) => a + b, 0);
    const groups = [];
    let group = [], used = index;
    for (let j = k; j < n; j++) {
      if (group.length && used + widths[j] > width - 4) { groups.push(group); group = []; used = index; }
      group.push(j); used += widths[j];
    }
    groups.push(group);
    if (groups.length < 2) return false;
    const parts = groups.map((g, p) => {
      const part = table.cloneNode(true);
      for (const r of part.rows) for (let j = n - 1; j >= k; j--) if (!g.includes(j)) r.deleteCell(j);
      const caption = part.createCaption();
      caption.textContent = `columns ${g[0] - k + 1}-${g[g.length - 1] - k + 1} of ${n - k}`;
      return part;
    });
    table.replaceWith(...parts);
    return true;
  };
  for (const table of [...document.querySelectorAll('main table')]) {
    if (!wide(table)) continue;
    table.classList.add('fit-1');
    if (!wide(table) || split(table)) continue;
    for (let level = 2; level <= 3 && wide(table); level++) {
      table.classList.remove('fit-' + (level - 1));
      table.classList.add('fit-' + level);
    }
  }
}
"""


@dataclass
class Block:
    """One piece of a printed edition: ``html`` already rendered, and where it comes from (for error messages)."""

    html: str
    where: str = ""


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    footer: str = ""
    cited: list[str] = field(default_factory=list)  # the sources its text cites, in order
    kind: str = ""  # a class on <body>: "worksheet" keeps figures short enough to sit with their questions

    def add(self, html_text: str, where: str = "") -> None:
        self.blocks.append(Block(html_text, where))

    def to_html(self) -> str:
        body = "\n".join(
            f'<section data-where="{html.escape(b.where)}">{b.html}</section>' if b.where else b.html
            for b in self.blocks
        )
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(self.title)}</title>'
            f"<style>{CSS}{HtmlFormatter(style='default').get_style_defs('.highlight')}</style></head>"
            f'<body class="{self.kind}"><main>{body}</main></body></html>'
        )


# Rendering cells


def markdown2html(text: str) -> str:
    """Markdown as nbconvert renders it, without the heading anchors (a "¶" has no use on paper)."""
    return MarkdownWithMath(renderer=IPythonRenderer(escape=False, exclude_anchor_links=True)).render(text)


_FENCE_OPEN = re.compile(r"^(:{3,})\{(\w[\w-]*)\}\s*(.*)$")


def myst_boxes(text: str) -> str:
    """MyST colon fences (``:::{admonition} Title`` ... ``:::``, ``{dropdown}``, ``{note}``) as HTML boxes that the
    markdown renderer leaves alone, with their body rendered as markdown; their ``:class:`` options are dropped."""
    out: list[str] = []
    stack: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        opened = _FENCE_OPEN.match(line.strip())
        if opened:
            colons, kind, title = opened.groups()
            stack.append(colons)
            i += 1
            while i < len(lines) and re.match(r"^:\w[\w-]*:", lines[i].strip()):
                i += 1  # :class: dropdown and the like
            title_html = f'<p class="box-title">{markdown_inline(title)}</p>' if title else ""
            out += ["", f'<div class="box {kind}">{title_html}', ""]
            continue
        if stack and line.strip() == stack[-1]:
            stack.pop()
            out += ["", "</div>", ""]
            i += 1
            continue
        out.append(line)
        i += 1
    out += ["", "</div>", ""] * len(stack)
    return "\n".join(out)


def markdown_inline(text: str) -> str:
    rendered = markdown2html(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)


_CITE = re.compile(r"\{cite(?::[pt])?\}`([^`]+)`")


@functools.cache
def _sources() -> dict[str, tuple[str, str]]:
    """Each source id with its short form (author's surname and year) and its full citation."""
    from leningov import load

    table = load("sources")
    short = {}
    for row in table.itertuples(index=False):
        authors = str(row.author).split("; ")
        name = authors[0].split(", ")[0] + (" et al." if len(authors) > 2 else "")
        if len(authors) == 2:
            name += " and " + authors[1].split(", ")[0]
        short[row.source_id] = (f"{name} {row.year}", row.citation)
    return short


def cite(text: str, cited: list[str] | None = None) -> str:
    """MyST citations (``{cite:p}`key1,key2```) as the book prints them, "(Service 2000; Volkogonov 1994)"; the keys
    are added to ``cited``, for the edition's list of works cited."""

    def one(match: re.Match) -> str:
        keys = [k.strip() for k in match.group(1).split(",")]
        sources = _sources()
        unknown = [k for k in keys if k not in sources]
        if unknown:
            raise KeyError(f"citation of an unknown source {unknown} (not in data/sources.csv)")
        if cited is not None:
            cited.extend(k for k in keys if k not in cited)
        return "(" + "; ".join(sources[k][0] for k in keys) + ")"

    return _CITE.sub(one, text)


def works_cited(cited: list[str]) -> str:
    items = "".join(f"<li>{html.escape(_sources()[k][1])}</li>" for k in cited)
    return f'<h2>Works cited</h2><ul class="works-cited">{items}</ul>' if cited else ""


def markdown(text: str, box_class: str = "", cited: list[str] | None = None) -> str:
    rendered = markdown2html(myst_boxes(cite(text, cited)))
    if box_class:  # the boxes of an instructor cell say so in their style
        rendered = rendered.replace('<div class="box ', f'<div class="box {box_class} ', 1)
    return rendered


def code_input(source: str) -> str:
    return f'<div class="input">{highlight(source, PythonLexer(), HtmlFormatter(cssclass="highlight"))}</div>'


def blank_missing(text: str) -> str:
    """Plain text as printed: NaN, NaT and <NA> become blanks of the same width, so columns stay aligned."""
    return MISSING.sub(lambda m: " " * len(m.group(0)), text)


def outputs(cell, widget_sentence: str | None, cited: list[str] | None = None) -> str:
    """A code cell's outputs as HTML: figures, tables (missing values blank), text; a widget becomes
    ``widget_sentence`` (or nothing when it is None)."""
    parts = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream":
            parts.append(f"<pre>{html.escape(blank_missing(output.get('text', '')))}</pre>")
            continue
        if kind == "error":
            parts.append(f"<pre>{html.escape(output.get('ename', ''))}: {html.escape(output.get('evalue', ''))}</pre>")
            continue
        data = output.get("data", {})
        if WIDGET_MIME in data:
            if widget_sentence:
                parts.append(f"<p><em>{html.escape(widget_sentence)}</em></p>")
        elif "image/png" in data:
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "Figure")
            parts.append(f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data["image/png"]}">')
        elif "image/svg+xml" in data:
            svg = base64.b64encode(data["image/svg+xml"].encode()).decode()
            parts.append(f'<img alt="Figure" src="data:image/svg+xml;base64,{svg}">')
        elif "text/html" in data:
            parts.append(_MISSING_CELL.sub(r"\1\2", data["text/html"]))
        elif "text/markdown" in data:
            parts.append(markdown(data["text/markdown"], cited=cited))
        elif "text/plain" in data:
            parts.append(f"<pre>{html.escape(blank_missing(data['text/plain']))}</pre>")
    return f'<div class="output">{"".join(parts)}</div>' if parts else ""


def has_figure_or_table(cell) -> bool:
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if WIDGET_MIME in data:
            continue
        if "image/png" in data or "image/svg+xml" in data or "<table" in data.get("text/html", ""):
            return True
    return False


# Measuring and printing


@contextlib.contextmanager
def browser() -> Iterator[object]:
    """One headless Chromium (Debian's, under Playwright) for every page printed in a run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=chromium.executable(), args=chromium.FLAGS, headless=True)
        try:
            yield launched
        finally:
            launched.close()


def _footer(text: str) -> str:
    return (
        '<div style="font-size:7pt;color:#555;width:100%;box-sizing:border-box;padding:0 16mm;display:flex;'
        f'justify-content:space-between;font-family:DejaVu Serif,serif"><span>{html.escape(text)}</span>'
        '<span><span class="pageNumber"></span> / <span class="totalPages"></span></span></div>'
    )


def measure(browser_, page_html: str, fit: bool = True) -> list[str]:
    """The problems of a page as it would print: clipped or overflowing elements, scrollbars, missing values
    printed as NaN/NaT. With ``fit``, wide tables are first shrunk as the printed edition shrinks them."""
    page = browser_.new_page(viewport={"width": BLOCK_PX, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.set_content(page_html, wait_until="load")
        if fit:
            page.evaluate(FIT_JS)
        return page.evaluate(MEASURE_JS)
    finally:
        page.close()


def print_pdf(browser_, doc: Document, target: Path) -> list[str]:
    """Measure ``doc`` and print it to ``target``; returns the problems found (the PDF is written either way, so that
    it can be looked at)."""
    page = browser_.new_page(viewport={"width": BLOCK_PX, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.set_content(doc.to_html(), wait_until="load")
        page.evaluate(FIT_JS)
        problems = page.evaluate(MEASURE_JS)
        target.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(
            path=str(target),
            format="A4",
            margin={k: f"{v}mm" for k, v in MARGIN_MM.items()},
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_footer(doc.footer or doc.title),
        )
    finally:
        page.close()
    if not target.exists() or target.stat().st_size == 0:
        raise RuntimeError(f"Chromium did not write {target}")
    return problems
