"""The book's own Sphinx extension (``local_extensions`` in _config.yml): fixes to what other extensions write.

It belongs to the website's build, not to the learners' library, so it lives beside the book's pages.

- sphinx-thebe registers its inline configuration script once per reading pass, so pages can carry it twice and
  the browser reports "Identifier 'THEBE_JS_URL' has already been declared": repeated scripts are dropped.
- docutils marks a bibliography as role="list" whose entries are not list items, which screen readers announce
  wrongly (axe: aria-required-children): the bibliography's roles are removed.
- the toggles of hidden code cells carry an aria-label ("Toggle hidden content") that differs from the text they
  show ("Show code cell source"), so screen-reader users hear something else (axe: label-content-name-mismatch):
  the label is dropped and the visible text names the control.
"""

from __future__ import annotations


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    seen = set()
    unique = []
    for script in context.get("script_files", []):
        # inline scripts come with filename None or "" depending on who added them
        key = (getattr(script, "filename", None) or "", str(getattr(script, "attributes", {}).get("body", "")))
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    context["script_files"] = unique
    if "body" in context:
        context["body"] = context["body"].replace('<summary aria-label="Toggle hidden content">', "<summary>")
    if "body" in context and "citation-list" in context["body"]:
        context["body"] = (
            context["body"]
            .replace('<div role="list" class="citation-list">', '<div class="citation-list">')
            .replace(' role="doc-biblioentry"', "")
        )


def setup(app):
    # run after the theme and other extensions have added their scripts
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
