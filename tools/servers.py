"""Local web servers the course starts for a browser: the built book from a plain static server, Voila or
JupyterLab, each on a free localhost port.

Shared by the browser tests (tests/browser.py), the site audit (tools/audit.py) and the JupyterLab latency
measurement (tools/lab_latency.py).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder) -> Iterator[str]:
    """A plain static server for ``folder`` on 127.0.0.1 (a free port), for the duration of the block: no
    compression, no caching headers."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    """End a process started for the browser: politely, then by force."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def server(command: list[str], port: int, cwd, env=None, timeout: float = 90) -> Iterator[str]:
    """Start a local web server (Voila, JupyterLab) on ``port``, wait until it answers, and stop it afterwards."""
    log = tempfile.TemporaryFile("w+", encoding="utf-8")  # a file, not a pipe: a chatty server never blocks on it
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"{command[0]} stopped: {log.read()[-3000:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError(f"{command[0]} did not answer on port {port} within {timeout} s")
        yield f"http://127.0.0.1:{port}/"
    finally:
        stop(proc)
        log.close()
