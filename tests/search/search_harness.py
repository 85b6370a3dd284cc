"""A minimal site around the search page, and helpers to drive it, for the search tests.

The page follows the markup contract the real site uses (see oerbank.search), so the same
tests can drive the full built site: pass its directory to `Server` instead. The server and
the browser are tests/browser_harness.py's, as for every browser test.

    site = build_site(catalogue, tmp_path)
    with Server(site, csp=CSP) as server, chromium() as browser:
        page = browser.new_page()
        page.goto(server.url + "/search/?q=masks")
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import oerbank
from oerbank.search import write_search

from browser_harness import settle, wait_ready  # noqa: F401 (the search tests' names for them)

PROJECT = Path(__file__).resolve().parents[2]
ASSETS = Path(oerbank.__file__).parent / "assets"
FIXTURE = PROJECT / "tests" / "fixtures" / "search"
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
<link rel="modulepreload" href="{root}assets/oerbank/search/nation.js">
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


def watch_csp(page: Any) -> list[str]:
    """Collect Content-Security-Policy violations and script errors on a page."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def results(page: Any) -> list[str]:
    """Titles of the results on screen, in order."""
    return page.locator("#oer-search .oer-result__title a").all_inner_texts()


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
