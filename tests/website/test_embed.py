"""The bank on an organisation's own website: the Embed snippet pasted into a page on another origin
with a strict Content-Security-Policy, with and without JavaScript, and with hostile text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_harness import Server, new_page
from oerbank.pipeline import build as build_site

from .conftest import REPO, copy_project

pytestmark = pytest.mark.browser

SITE_URL = "https://open-arts-resource-bank.github.io/oerbank/"  # mkdocs.yml's, as the snippet carries it
ORG = "castlegate-gallery"
CORS = {"Access-Control-Allow-Origin": "*"}  # as GitHub Pages sends with every file


def _snippet(site: Path, org: str) -> str:
    page = (site / "organisations" / org / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.search(r'<h2 id="embed-heading">Embed</h2>.*?<pre><code>(.*?)</code></pre>',
                                   page, re.S).group(1))


def _host_page(folder: Path, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Our schools page</title>'
        '<link rel="stylesheet" href="host.css"></head><body><main><h1>Learning at the gallery</h1>'
        f"{body}</main></body></html>", encoding="utf-8")
    (folder / "host.css").write_text("body { font-family: Georgia, serif; }\n", encoding="utf-8")


@pytest.fixture(scope="module")
def bank(sample_site: Path) -> Iterator[Server]:
    with Server(sample_site, headers=CORS) as server:
        yield server


def _strict(bank: Server) -> str:
    return f"default-src 'self'; script-src {bank.url}; connect-src {bank.url}"


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory, sample_site: Path, bank: Server) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("host")
    snippet = _snippet(sample_site, ORG).replace(SITE_URL, bank.url + "/")
    chosen = ('<div data-oerbank-organisation="opera-glannau" data-oerbank-resources="'
              'canur-glannau-school-workshop nothing-by-this-name"><p>Opera Glannau</p></div>')
    _host_page(folder, f'<section id="newest">{snippet}</section><section id="chosen">{chosen}</section>')
    with Server(folder, csp=_strict(bank)) as server:
        yield server


def _watch(page: Any) -> tuple[list[str], list[str], list[str]]:
    """Console errors and warnings (a CSP violation is one), every request, and the addresses that failed."""
    problems: list[str] = []
    requests: list[str] = []
    missing: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning")
            and not m.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    return problems, requests, missing


def test_the_widget_shows_the_newest_resources_under_a_strict_csp(browser: Any, bank: Server, host: Server,
                                                                  sample_site: Path) -> None:
    org = json.loads((sample_site / f"api/v1/organisations/{ORG}.json").read_text(encoding="utf-8"))
    with new_page(browser) as page:
        problems, requests, missing = _watch(page)
        page.goto(host.url + "/")
        page.wait_for_selector("#newest [data-oerbank-ready]")
        widget = page.locator("#newest [data-oerbank-organisation]")
        titles = widget.locator("li > a").all_inner_texts()
        assert titles == [r["title"] for r in org["newest"][:5]]
        hrefs = widget.locator("li > a").evaluate_all("links => links.map(a => a.href)")
        assert hrefs == [f"{bank.url}/{r['page']}" for r in org["newest"][:5]]
        band = widget.locator("section > p").first
        assert band.inner_text() == "Castlegate Gallery"
        assert band.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(138, 28, 59)"  # #8a1c3b
        assert band.evaluate("e => getComputedStyle(e.firstChild).color") == "rgb(255, 255, 255)"
        assert widget.evaluate("e => getComputedStyle(e.querySelector('li a')).fontFamily") == "Georgia, serif"
        assert widget.locator("section > p").last.inner_text() == (
            "All 14 resources from Castlegate Gallery in the Open Arts Resource Bank")
        assert page.context.cookies() == []
        page.wait_for_load_state("networkidle")
    assert problems == []  # no CSP violation, no script error
    # one chosen resource does not exist (it is left out); the host has no icon, if the browser asks for one
    assert [u for u in missing if u != f"{host.url}/favicon.ico"] == [
        f"{bank.url}/api/v1/resources/opera-glannau/nothing-by-this-name.json"]
    assert {re.match(r"https?://[^/]+", u).group() for u in requests} == {host.url, bank.url}


def test_chosen_resources_are_shown_and_a_missing_one_is_left_out(browser: Any, host: Server,
                                                                   sample_site: Path) -> None:
    with new_page(browser) as page:
        page.goto(host.url + "/")
        page.wait_for_selector("#chosen [data-oerbank-ready]")
        titles = page.locator("#chosen li > a").all_inner_texts()
    chosen = json.loads((sample_site / "api/v1/resources/opera-glannau/canur-glannau-school-workshop.json")
                        .read_text(encoding="utf-8"))
    assert titles == [chosen["title"]]


def test_without_javascript_the_snippet_is_plain_links(browser: Any, bank: Server, host: Server,
                                                       sample_site: Path) -> None:
    org = json.loads((sample_site / f"api/v1/organisations/{ORG}.json").read_text(encoding="utf-8"))
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(host.url + "/")
        links = page.locator("#newest a")
        assert links.all_inner_texts() == [r["title"] for r in org["newest"][:5]] + [
            "All 14 resources from Castlegate Gallery in the Open Arts Resource Bank"]
        assert links.first.is_visible()
        assert links.first.get_attribute("href") == f"{bank.url}/{org['newest'][0]['page']}"
        assert page.locator("[data-oerbank-ready]").count() == 0


def test_without_connect_src_the_links_stay(browser: Any, tmp_path: Path, sample_site: Path, bank: Server) -> None:
    folder = tmp_path / "stricter"
    _host_page(folder, _snippet(sample_site, ORG).replace(SITE_URL, bank.url + "/"))
    with Server(folder, csp=f"default-src 'self'; script-src {bank.url}") as stricter, new_page(browser) as page:
        page.goto(stricter.url + "/")
        page.wait_for_load_state("networkidle")
        assert page.locator("[data-oerbank-ready]").count() == 0
        assert page.locator("li > a").count() == 5


def test_hostile_text_from_the_api_is_shown_as_text(browser: Any, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", REPO / "tests/fixtures/xss")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      root: .\n", "      root: .\n      require_valid: false\n"))
    site = tmp_path / "site"
    build_site(project, site, config=config)
    org = next((site / "api/v1/organisations").glob("*.json")).stem
    with Server(site, headers=CORS) as evil_bank:
        folder = tmp_path / "host"
        _host_page(folder, _snippet(site, org).replace(SITE_URL, evil_bank.url + "/"))
        with Server(folder, csp=_strict(evil_bank)) as host, new_page(browser) as page:
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(host.url + "/")
            page.wait_for_selector("[data-oerbank-ready]")
            band = page.locator("[data-oerbank-ready] section > p").first.inner_text()
            assert band == "Evil <script>alert('org')</script> Org"
            assert page.locator("[data-oerbank-ready] script, [data-oerbank-ready] img").count() == 0
            hrefs = page.locator("[data-oerbank-ready] a").evaluate_all("links => links.map(a => a.href)")
            assert hrefs and all(h.startswith(evil_bank.url + "/") for h in hrefs)
    assert dialogs == []


def test_the_script_never_puts_data_in_markup() -> None:
    script = (REPO / "src/oerbank/assets/embed.js").read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", script, flags=re.S)
    assert [w for w in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function(",
                        "setAttribute(\"style\"", "cookie") if w in code] == []
    assert "textContent" in code and 'credentials: "omit"' in code


def test_the_widget_on_a_host_page_has_no_serious_accessibility_problems(browser: Any, host: Server) -> None:
    from axe_playwright_python.sync_playwright import Axe

    # axe is injected by script evaluation, which the host's CSP would otherwise forbid (the CSP is tested above).
    with new_page(browser, bypass_csp=True) as page:
        page.goto(host.url + "/")
        page.wait_for_selector("#newest [data-oerbank-ready]")
        page.wait_for_selector("#chosen [data-oerbank-ready]")
        violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
