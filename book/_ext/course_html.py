"""The book's own Sphinx extension (``local_extensions`` in _config.yml): fixes to what other extensions write.

It belongs to the website's build, not to the learners' library, so it lives beside the book's pages. Each page is
fixed while Sphinx writes it (``html-page-context``); what the theme's templates write, and the static files, are
fixed once the build has finished (``build-finished``), in the written files.

Lighter pages (every page at most 2.5 MB with all it loads, ``make audit``):

- the widget manager is loaded only on pages that embed widget state, and only when a reader comes near a widget
  (book/_widgets_src/widgets-loader.js); the widget state itself moves from the page's head to the end of its body,
  so that the text is drawn before half a megabyte of state has arrived;
- scripts the site does not use are dropped: Thebe's (the course does not turn on live code in the page), the tab
  sets' (no page has tabs), the theme's 1.5 MB Font Awesome script (the theme's stylesheet already draws every icon
  with the icon font it ships) and, outside the search page, the search index the theme loads for a
  search-as-you-type box the site does not turn on; the one icon drawn from the brands font (GitHub's) is inline
  SVG, so that font is not loaded;
- figures are loaded lazily, with their size given so the page does not jump, and their PNGs are re-encoded with a
  palette (:func:`optimise_png`), in the pages and in the widget state alike.

Valid HTML (the Nu HTML checker, ``make audit``):

- pandas writes a ``<style scoped>`` block (not valid HTML, and applied to the whole page by every browser) before
  each table: the blocks are removed and book/_assets/course.css holds their rules once;
- the toggles of hidden code cells hold paragraphs inside ``<summary>``: they become spans, styled as before;
- the theme copies its Jinja macro files into ``_static`` (unrendered ``{{ pathto(...) }}`` code no page uses), and
  Jupyter Book's redirect page at the site's root has neither doctype nor title: the first are removed, the second
  rewritten.

Accessibility:

- sphinx-thebe registers its inline configuration script once per reading pass, so pages can carry it twice and
  the browser reports "Identifier 'THEBE_JS_URL' has already been declared": repeated scripts are dropped.
- docutils marks a bibliography as role="list" whose entries are not list items, which screen readers announce
  wrongly (axe: aria-required-children): the bibliography's roles are removed.
- the toggles of hidden code cells carry an aria-label ("Toggle hidden content") that differs from the text they
  show ("Show code cell source"), so screen-reader users hear something else (axe: label-content-name-mismatch):
  the label is dropped and the visible text names the control.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
# pandas' style block before a table, in its two forms: one header row, or several (a MultiIndex of columns)
PANDAS_STYLE = re.compile(
    r"<style scoped>\s*(\.dataframe tbody tr th:only-of-type \{.*?)</style>\s*(<table [^>]*class=\"dataframe)", re.S
)
MULTI_HEADER_RULE = ".dataframe thead tr:last-of-type th"
SUMMARY = re.compile(r"<summary>.*?</summary>", re.S)
TOGGLE_TITLE = re.compile(r'<p class="(collapsed|expanded) admonition-title">(.*?)</p>', re.S)
# pandas writes halign="left" (not an HTML attribute) on the upper header cells of a table with several column levels
PANDAS_HALIGN = re.compile(r'(<th [^>]*?) halign="left"')
IMAGE = re.compile(r'<img (alt="[^"]*" )?src="((?:\.\./)*_images/([^"/]+\.png))"')
PNG_IN_STATE = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")
THEME_ICON_SCRIPT = re.compile(
    r'\s*<!-- So that users can add custom icons -->\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
    r"</script>"
)
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>'
)
PNG_VERSION = b"palette-2"  # part of the cache key: change it when optimise_png changes
THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>\s*', re.S)
GITHUB_ICON = '<i class="fab fa-github"></i>'
# the GitHub mark in the theme's Font Awesome script (Font Awesome Free 6, icons CC BY 4.0): width, height, path
GITHUB_SVG = re.compile(r'github:\[(\d+),(\d+),\[[^\]]*\],"f09b","([^"]+)"\]')
THEME_MACRO_FILES = ("webpack-macros.html", "sbt-webpack-macros.html")
REDIRECT = re.compile(r'^<meta http-equiv="Refresh" content="0; url=([^"]+)" />\s*$')


def _script_name(script) -> str:
    return str(getattr(script, "filename", None) or "")


def _script_attributes(script) -> dict:
    return dict(getattr(script, "attributes", {}) or {})


def _thebe_on(app) -> bool:
    """Whether the book turns on Thebe's live code (``launch_buttons: thebe: true`` in _config.yml)."""
    return bool((app.config.html_theme_options or {}).get("launch_buttons", {}).get("thebe"))


def _fix_scripts(app, context: dict) -> None:
    """Drop repeated and unused scripts; move the widget state to the end of the body."""
    thebe_on = _thebe_on(app)
    body = context.get("body", "")
    seen = set()
    kept = []
    state = []
    for script in context.get("script_files", []):
        name = _script_name(script)
        attributes = _script_attributes(script)
        # inline scripts come with filename None or "" depending on who added them
        key = (name, str(attributes.get("body", "")))
        if key in seen:
            continue
        seen.add(key)
        if not thebe_on and ("sphinx-thebe" in name or "THEBE_JS_URL" in str(attributes.get("body", ""))):
            continue
        if name.endswith("design-tabs.js") and "sd-tab-set" not in body:
            continue
        if attributes.get("type") == WIDGET_STATE:
            state.append(attributes.get("body", ""))
            continue
        kept.append(script)
    if not state:  # no widgets on this page: none of their scripts either
        kept = [s for s in kept if not _script_name(s).startswith("widgets/")]
    context["script_files"] = kept
    if not thebe_on:
        context["css_files"] = [c for c in context.get("css_files", []) if "sphinx-thebe" not in _script_name(c)]
    if state and "body" in context:
        state_json = "".join(state)
        state_json = PNG_IN_STATE.sub(lambda m: _optimised_data_uri(app, m.group(1)), state_json)
        context["body"] += f'\n<script type="{WIDGET_STATE}">{state_json}</script>\n'


def _fix_body(app, context: dict) -> None:
    body = context.get("body")
    if not body:
        return
    body = body.replace('<summary aria-label="Toggle hidden content">', "<summary>")
    body = SUMMARY.sub(lambda m: TOGGLE_TITLE.sub(r'<span class="\1 admonition-title">\2</span>', m.group(0)), body)
    if "citation-list" in body:
        body = body.replace('<div role="list" class="citation-list">', '<div class="citation-list">').replace(
            ' role="doc-biblioentry"', ""
        )
    body = PANDAS_STYLE.sub(_pandas_style_to_class, body)
    body = PANDAS_HALIGN.sub(r"\1", body)
    if not _thebe_on(app):
        body = THEBE_CONFIG.sub("", body)
    sizes = _image_sizes(app)
    body = IMAGE.sub(lambda m: _lazy_image(m, sizes), body)
    context["body"] = body


def _pandas_style_to_class(match: re.Match) -> str:
    # the table after the style block is the one it was written for: a class tells course.css which rules it had
    table = match.group(2)
    return table + " multiheader" if MULTI_HEADER_RULE in match.group(1) else table


def _image_sizes(app) -> dict[str, tuple[int, int]]:
    """Width and height of each figure the pages show, by its name in ``_images``."""
    cached = getattr(app, "_course_image_sizes", None)
    if cached is not None and len(cached) == len(app.builder.images):
        return cached
    from PIL import Image

    sizes = {}
    for src, dest in app.builder.images.items():
        if dest.endswith(".png"):
            try:
                with Image.open(Path(app.srcdir) / src) as image:
                    sizes[dest] = image.size
            except OSError:
                continue
    app._course_image_sizes = sizes
    return sizes


def _lazy_image(match: re.Match, sizes: dict) -> str:
    alt, src, name = match.group(1) or "", match.group(2), match.group(3)
    size = sizes.get(name)
    dims = f'width="{size[0]}" height="{size[1]}" ' if size else ""
    return f'<img {alt}{dims}loading="lazy" decoding="async" src="{src}"'


def _fix_page(app, pagename, templatename, context, doctree):
    _fix_scripts(app, context)
    _fix_body(app, context)


def optimise_png(data: bytes) -> bytes:
    """The same picture in fewer bytes: an 8-bit palette instead of 32-bit colour, where that is smaller.

    The most common colours (up to 224 that cover at least 20 pixels each: lines, bars, markers, text) are kept
    exactly; the shades that anti-aliasing puts on their edges share the other entries of the palette. On the
    course's figures no colour that covers 100 pixels or more moves by more than 7 of 255 levels, and the PNGs shrink
    to a third. A picture with transparency, or whose palette version would be larger, is returned unchanged.
    """
    import numpy as np
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        image.load()
        if image.mode not in ("RGB", "RGBA"):
            return data
        if image.mode == "RGBA" and image.getchannel("A").getextrema()[0] < 255:
            return data
        rgb = image.convert("RGB")
        dpi = image.info.get("dpi")
    counts = rgb.getcolors(maxcolors=rgb.width * rgb.height)
    counts.sort(reverse=True)
    palette = np.array([colour for count, colour in counts[:224] if count >= 20 or len(counts) <= 256], dtype=int)
    if len(counts) > 256:
        # the rest of the palette: colours of the whole picture (octree), unless one already kept stands near them
        octree = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        fill = np.array(octree.getpalette()[: 256 * 3], dtype=int).reshape(-1, 3)
        for colour in fill:
            if len(palette) >= 256:
                break
            if len(palette) == 0 or np.abs(palette - colour).sum(axis=1).min() > 6:
                palette = np.vstack([palette, colour]) if len(palette) else colour[None, :]
    flat = [int(v) for v in palette.reshape(-1)]
    holder = Image.new("P", (1, 1))
    holder.putpalette(flat + flat[:3] * (256 - len(palette)))
    out = io.BytesIO()
    options = {"dpi": dpi} if dpi else {}
    rgb.quantize(palette=holder, dither=Image.Dither.NONE).save(out, "PNG", compress_level=9, **options)
    return out.getvalue() if out.tell() < len(data) else data


def _cached_optimise(app, data: bytes) -> bytes:
    """:func:`optimise_png`, remembered between builds (by the picture's hash, beside the doctrees)."""
    cache = Path(app.doctreedir) / "course-png"
    key = hashlib.sha256(PNG_VERSION + data).hexdigest()
    hit = cache / f"{key}.png"
    if hit.exists():
        return hit.read_bytes()
    result = optimise_png(data)
    cache.mkdir(parents=True, exist_ok=True)
    hit.write_bytes(result)
    return result


def _optimised_data_uri(app, encoded: str) -> str:
    data = base64.b64decode(encoded)
    return "data:image/png;base64," + base64.b64encode(_cached_optimise(app, data)).decode("ascii")


def _finish_site(app, exception) -> None:
    """What the theme's templates and static files put into the written site."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    github = _github_svg(out / "_static" / "scripts" / "fontawesome.js")
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        if rel.startswith(("_static/", "_sources/", "_images/")):
            continue
        html = path.read_text(encoding="utf-8")
        fixed = _finish_page(rel, html, github)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
    for name in THEME_MACRO_FILES:
        (out / "_static" / name).unlink(missing_ok=True)
    for png in sorted((out / "_images").glob("*.png")):
        data = png.read_bytes()
        optimised = _cached_optimise(app, data)
        if optimised != data:
            png.write_bytes(optimised)


def _github_svg(script: Path) -> str | None:
    """The theme's GitHub icon as inline SVG, so that no page loads the 118 kB brands font for that one icon."""
    found = GITHUB_SVG.search(script.read_text(encoding="utf-8")) if script.exists() else None
    if not found:
        return None  # the theme changed: the icon font draws the icon as before
    width, height, path = found.groups()
    return (
        f'<svg class="course-icon" viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false">'
        f'<path fill="currentColor" d="{path}"/></svg>'
    )


def _finish_page(rel: str, html: str, github: str | None = None) -> str:
    redirect = REDIRECT.match(html)
    if redirect:
        target = redirect.group(1)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Redirecting to {target}</title>\n"
            f'<meta http-equiv="refresh" content="0; url={target}">\n<link rel="canonical" href="{target}">\n'
            f'</head>\n<body>\n<p><a href="{target}">{target}</a></p>\n</body>\n</html>\n'
        )
    html = THEME_ICON_SCRIPT.sub("", html)
    if github:
        html = html.replace(GITHUB_ICON, github)
    if rel != "search.html":
        html = SEARCH_SCRIPTS.sub("", html)
    return html


def setup(app):
    # run after the theme and other extensions have added their scripts
    app.connect("html-page-context", _fix_page, priority=900)
    app.connect("build-finished", _finish_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
