"""A minimal site around the search page, a local server and a browser, for the search tests.

The page follows the markup contract the real site uses (see oerbank.search), so the same
tests can drive the full built site: pass its directory to `Server` instead.

    site = build_site(catalogue, tmp_path)
    with Server(site) as server, chromium() as browser:
        page = browser.new_page()
        page.goto(server.url + "/search/?q=masks")
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import json
import shutil
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path
from typing import Any, Iterator

import oerbank
from oerbank.search import write_search

PROJECT = Path(__file__).resolve().parents[2]
ASSETS = Path(oerbank.__file__).parent / "assets"
FIXTURE = PROJECT / "tests" / "fixtures" / "search"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
# The site's policy: scripts only from files on the site (no inline code, no eval).
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'")

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Search</title>
<link rel="stylesheet" href="{root}assets/oerbank/search.css">
<script src="{root}assets/oerbank/vendor/lunr.min.js" defer></script>
<link rel="modulepreload" href="{root}assets/oerbank/search/engine.js">
<link rel="modulepreload" href="{root}assets/oerbank/search/state.js">
<link rel="modulepreload" href="{root}assets/oerbank/search/ui.js">
<script type="module" src="{root}assets/oerbank/search.js"></script>
</head>
<body>
<header><form action="{root}search/" role="search"><label>Search the catalogue <input name="q"></label></form></header>
<main>
<h1>Search</h1>
<div id="oer-search" data-root="{root}"></div>
<noscript><p>Search needs JavaScript. You can browse every resource by key stage, subject and art form instead.</p></noscript>
</main>
</body>
</html>
"""


def build_site(catalogue: Any, out: Path) -> Path:
    """A site with the search page at /search/, a plain home page, and the search's data and assets."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ASSETS, out / "assets" / "oerbank", dirs_exist_ok=True)
    write_search(catalogue, out)
    (out / "search" / "index.html").write_text(PAGE.format(root="../"), encoding="utf-8")
    (out / "index.html").write_text(PAGE.replace('<div id="oer-search" data-root="{root}"></div>', "")
                                    .format(root="./").replace("<title>Search", "<title>Home"), encoding="utf-8")
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections open, as any static host does
    disable_nagle_algorithm = True  # else small responses wait for delayed ACKs (40 ms each)

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.server.requested.append(self.path)  # type: ignore[attr-defined]
        super().do_GET()


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):  # a browser hanging up is fine
            super().handle_error(request, client_address)


class Server:
    """Serves a directory on 127.0.0.1 (a free port) in a thread; records the paths requested."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.httpd = _HTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(directory)))
        self.httpd.requested = []  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def requested(self) -> list[str]:
        return self.httpd.requested  # type: ignore[attr-defined]

    def gzipped_bytes(self, paths: list[str]) -> int:
        """What these responses weigh gzip-compressed, as a static host would send them."""
        total = 0
        for p in dict.fromkeys(p.split("?")[0] for p in paths):
            f = self.directory / p.lstrip("/")
            if f.is_dir():
                f = f / "index.html"
            if f.is_file():
                total += len(gzip.compress(f.read_bytes(), 6))
        return total

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watch_csp(page: Any) -> list[str]:
    """Collect Content-Security-Policy violations and script errors on a page."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def results(page: Any) -> list[str]:
    """Titles of the results on screen, in order."""
    return page.locator("#oer-search .oer-result__title a").all_inner_texts()


def wait_ready(page: Any) -> None:
    page.wait_for_function("() => window.oerSearch !== undefined")
    page.evaluate("() => window.oerSearch.ready")
    page.wait_for_function("() => !document.querySelector('#oer-search .oer-search__results[aria-busy]')")


def settle(page: Any) -> None:
    """Wait until the search has caught up with the last change."""
    page.wait_for_timeout(30)
    page.wait_for_function("() => !document.querySelector('#oer-search .oer-search__results[aria-busy]')")


def wait_counts(page: Any) -> None:
    """Wait until every filter shows its counts (their data arrives after the first results)."""
    page.wait_for_function("() => document.querySelectorAll('#oer-search fieldset').length && "
                           "!document.querySelector('#oer-search .oer-facet--loading')")


def facet_box(page: Any, param: str, key: str) -> Any:
    return page.locator(f'#oer-facet-{param} input[value="{key}"]')


def facet_count(page: Any, param: str, key: str) -> int | None:
    text = page.locator(f'#oer-facet-{param} li:has(input[value="{key}"]) .oer-facet__count').inner_text()
    return int(text.strip("()").replace(",", "")) if text.strip() else None


# --- Node: lunr.js outside the browser -----------------------------------------------------

NODE_HELP = ("These tests run lunr.js 2.3.9 under Node. Install Node (apt-get install nodejs npm) and "
             "run `npm ci --no-audit --no-fund --ignore-scripts` in the project folder (`make test` does).")


def node(script: str, payload: Any) -> Any:
    """Run tests/search/js/<script> with `payload` as JSON on stdin; return its JSON output."""
    if shutil.which("node") is None or not (PROJECT / "node_modules" / "lunr" / "lunr.js").is_file():
        raise AssertionError(NODE_HELP)
    out = subprocess.run(["node", str(PROJECT / "tests" / "search" / "js" / script)], input=json.dumps(payload),
                         capture_output=True, text=True, check=False, timeout=300)
    if out.returncode:
        raise AssertionError(f"node {script} failed:\n{out.stderr}")
    return json.loads(out.stdout)
