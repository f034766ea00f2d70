"""Helpers for the real-browser tests: local web servers for Chromium to open (the browser is in conftest.py).

``free_port``, ``serve`` (a static folder) and ``server`` (start Voila or JupyterLab and wait for it) live in
``tools.servers``, which the site audit and the JupyterLab latency measurement share with the tests."""

from __future__ import annotations

from urllib.parse import urlparse

from tools.servers import free_port, serve, server  # noqa: F401 - the tests import them from here


class PageWatch:
    """Records console errors, failed requests and any request that leaves this machine."""

    def __init__(self, page):
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda msg: msg.type == "error" and self.console_errors.append(msg.text))
        page.on("pageerror", lambda err: self.console_errors.append(str(err)))
        page.on("requestfailed", lambda req: self.failed.append(f"{req.url} ({req.failure})"))

        def route(route):
            host = urlparse(route.request.url).hostname
            if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
                route.continue_()
            else:
                self.external.append(route.request.url)
                route.abort()

        page.route("**/*", route)

    def problems(self) -> list[str]:
        return (
            [f"console: {e}" for e in self.console_errors]
            + [f"failed: {f}" for f in self.failed]
            + [f"external request: {u}" for u in self.external]
        )
