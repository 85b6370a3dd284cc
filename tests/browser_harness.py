"""The one local web server and headless Chromium that every browser test (and benchmark) uses.

Servers listen on 127.0.0.1 only, on a free port, so nothing leaves the machine. Chromium is
Debian's (/usr/bin/chromium), or the one OERBANK_CHROMIUM names (tests.yml uses Playwright's on
GitHub's runners); Playwright never downloads a browser.

    with Server(site) as server, chromium() as browser:
        with new_page(browser) as page:
            page.goto(server.url + "/search/?q=masks")

The pytest fixtures built on these (`browser`, `page`, `site_url`, `server`) are in the conftest.py
files beside the tests that use them.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import os
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any, Iterator

CHROMIUM = os.environ.get("OERBANK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open, as any static host does
    disable_nagle_algorithm = True  # else small responses wait for delayed ACKs (40 ms each)
    csp: str | None = None
    gzip = False  # compress text responses for clients that accept it, as GitHub Pages does
    response_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        if self.csp:
            self.send_header("Content-Security-Policy", self.csp)
        for name, value in self.response_headers.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.server.requested.append(self.path)  # type: ignore[attr-defined]
        if self.gzip and "gzip" in self.headers.get("Accept-Encoding", "") and self._send_gzipped():
            return
        super().do_GET()

    def _send_gzipped(self) -> bool:
        """Answer with the file gzipped if it is text; False to leave the request to the default handler."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return False  # the default handler redirects to the folder's address
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or ""
        if not path.is_file() or not (kind.startswith("text/") or kind in _TEXT_TYPES):
            return False
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return True


_TEXT_TYPES = {"application/javascript", "application/json", "application/xml", "image/svg+xml"}


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a browser hanging up is fine
            super().handle_error(request, client_address)


class Server:
    """Serves a folder on 127.0.0.1 (a free port) in a thread and records the paths requested.

    `csp`, when given, is sent as every response's Content-Security-Policy, as a strict host would;
    with `gzip`, text files are sent gzip-compressed to browsers that ask, as GitHub Pages sends them.
    `headers` are sent with every response too (`Access-Control-Allow-Origin: *`, as GitHub Pages
    sends). `url` has no trailing slash.
    """

    def __init__(self, directory: Path, csp: str | None = None, gzip: bool = False,
                 headers: dict[str, str] | None = None) -> None:
        self.directory = Path(directory)
        handler = type("Handler", (_Handler,), {"csp": csp, "gzip": gzip, "response_headers": dict(headers or {})})
        self.httpd = _HTTPServer(("127.0.0.1", 0), partial(handler, directory=str(directory)))
        self.httpd.requested = []  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requested(self) -> list[str]:
        return self.httpd.requested  # type: ignore[attr-defined]

    def file(self, path: str) -> Path | None:
        """The file a request path is answered with, if any."""
        f = self.directory / path.split("?")[0].split("#")[0].lstrip("/")
        f = f / "index.html" if f.is_dir() else f
        return f if f.is_file() else None

    def gzipped_bytes(self, paths: list[str]) -> int:
        """What these responses weigh gzip-compressed, as a static host would send them."""
        files = (self.file(p) for p in dict.fromkeys(p.split("?")[0] for p in paths))
        return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f is not None)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def launch(playwright: Any) -> Any:
    """Headless Chromium from a started Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium through Playwright's sync API (one per process: the API allows no more)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def new_page(browser: Any, **context_options: Any) -> Iterator[Any]:
    """A page in a fresh browser context (its own cache and storage), closed afterwards."""
    context = browser.new_context(**context_options)
    try:
        yield context.new_page()
    finally:
        context.close()


# The search page (assets/search/ui.js) marks its results aria-busy while it works.
def wait_ready(page: Any) -> None:
    page.wait_for_function("() => window.oerSearch !== undefined")
    page.evaluate("() => window.oerSearch.ready")
    page.wait_for_function("() => !document.querySelector('#oer-search .oer-search__results[aria-busy]')")


def settle(page: Any) -> None:
    """Wait until the search has caught up with the last change.

    First every task the change queued (an input or popstate handler runs, and marks the results
    busy), which a frame and a task after it cover; then until the results are no longer busy.
    """
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)))")
    page.wait_for_function("() => !document.querySelector('#oer-search .oer-search__results[aria-busy]')")
