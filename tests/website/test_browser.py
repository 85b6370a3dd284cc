"""The site as a teacher's browser sees it: accessibility, safety with hostile text, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_harness import Server, new_page
from oerbank.pipeline import build as build_site

from .conftest import REPO, SCREENSHOTS, copy_project

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "resource": "resources/castlegate-gallery/pattern-and-repeat-geometric-design/",
    "organisation": "organisations/castlegate-gallery/",
    "browse": "key-stages/ks2/",
    "browse-index": "subjects/",
    "search": "search/?q=masks",
    "insight": "insight/",
    "insight-organisation": "insight/organisations/harbourlight-maritime-museum/",
}


def _axe(page: object) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violations(browser: object, site_url: str, name: str) -> None:
    # axe is injected by script evaluation, which the site's CSP would otherwise forbid.
    with new_page(browser, bypass_csp=True) as page:
        page.goto(site_url + PAGES[name])
        page.wait_for_load_state("networkidle")
        violations = _axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


@pytest.mark.parametrize("width,label", [(1280, "desktop"), (390, "phone")])
def test_screenshots(browser: object, site_url: str, width: int, label: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shots = {"home": "", "search-with-filters": "search/?q=masks&key_stage=ks2&cost=free",
             "resource": PAGES["resource"], "organisation": PAGES["organisation"]}
    with new_page(browser, viewport={"width": width, "height": 900}) as page:
        for name, path in shots.items():
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
            target = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000


@pytest.mark.parametrize("name", sorted(PAGES))
def test_nothing_runs_off_the_side_of_a_phone(browser: object, site_url: str, name: str) -> None:
    """At 390 px the page scrolls down only: nothing wider than the screen (a chart, a table without its box)."""
    with new_page(browser, viewport={"width": 390, "height": 844}) as page:
        page.goto(site_url + PAGES[name])
        page.wait_for_load_state("networkidle")
        wide = page.evaluate("""() => [document.documentElement.scrollWidth, [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.md-typeset__scrollwrap')
                     && getComputedStyle(e).visibility !== 'hidden')
            .slice(0, 3).map((e) => e.tagName + '.' + (e.getAttribute('class') || ''))]""")
    assert wide[0] <= 390, wide


def test_a_phone_header_shows_the_whole_name_and_its_search_button_opens_search(browser: object, site_url: str) -> None:
    with new_page(browser, viewport={"width": 390, "height": 844}) as page:
        page.goto(site_url + PAGES["resource"])
        title = page.locator(".md-header__title .oer-lean-title")
        assert title.inner_text() == "Open Arts Resource Bank"
        assert title.evaluate("e => e.scrollWidth <= e.clientWidth")  # not cut short with an ellipsis
        page.get_by_role("button", name="Search").click()
        page.wait_for_url("**/search/**")
        assert page.get_by_role("searchbox", name="Search resources").is_visible()


@pytest.mark.parametrize("path", ["about/", "contributing/fields/", PAGES["resource"]])
def test_one_skip_link_that_lands_on_the_content(browser: object, site_url: str, path: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + path)
        page.keyboard.press("Tab")
        focused = page.evaluate("() => [document.activeElement.classList.contains('md-skip'),"
                                " document.activeElement.textContent.trim()]")
        assert focused == [True, "Skip to content"]
        assert page.locator("a.md-skip:visible").count() == 1
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # the next stop is inside the content, past the header and menu
        assert page.evaluate("() => !!document.activeElement.closest('article, .md-content')")  # not the menus


def test_no_console_errors_or_blocked_scripts(browser: object, site_url: str) -> None:
    errors: list[str] = []
    with new_page(browser) as page:
        page.on("console", lambda m: errors.append(m.text)
                if m.type == "error" and "ERR_NAME_NOT_RESOLVED" not in m.text else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in ("", PAGES["resource"], PAGES["organisation"]):
            page.goto(site_url + path)
            page.wait_for_load_state("networkidle")
    assert errors == []


def test_hostile_text_never_runs(browser: object, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", REPO / "tests/fixtures/xss")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      root: .\n", "      root: .\n      require_valid: false\n"))
    out = tmp_path / "site"
    build_site(project, out, config=config)
    dialogs: list[str] = []
    # Without the CSP, so that escaping and sanitising alone are what is tested.
    with Server(out) as server, new_page(browser, bypass_csp=True) as page:
        url = server.url + "/"
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("resources/evil-org/attack/", "organisations/evil-org/", "", "key-stages/ks2/",
                     "organisations/"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            for link in page.locator("a").all():
                href = link.get_attribute("href") or ""
                assert not href.strip().lower().startswith(("javascript:", "data:")), href
        page.goto(url + "resources/evil-org/attack/")
        heading = page.locator("h1").first.inner_text()
        assert heading == "<script>alert('title')</script> Masks & Mischief"
        assert "<img src=x onerror=alert('summary')>" in page.locator(".oer-lede").first.inner_text()
        assert page.locator("iframe").count() == 0
        assert page.locator("article img").count() == 0  # the javascript: image is dropped
        assert "Masks &amp; Mischief" in page.title() or "Masks & Mischief" in page.title()
    assert dialogs == []
