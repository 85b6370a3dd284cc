"""Search on the built sample site, through the header form and the real /search/ page."""

from __future__ import annotations

import re

import pytest

from oerbank.pipeline import check

from .conftest import REPO

pytestmark = pytest.mark.browser


def _ready(page: object) -> None:
    page.wait_for_function("() => window.oerSearch !== undefined")  # type: ignore[attr-defined]
    page.evaluate("() => window.oerSearch.ready")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('#oer-search .oer-search__results[aria-busy]')")


def _titles(page: object) -> list[str]:
    return page.locator("#oer-search .oer-result__title a").all_inner_texts()  # type: ignore[attr-defined]


def test_header_form_searches_from_a_resource_page(page: object, site_url: str) -> None:
    page.goto(site_url + "resources/castlegate-gallery/pattern-and-repeat-geometric-design/")  # type: ignore[attr-defined]
    page.fill("#oer-header-q", "key")  # type: ignore[attr-defined]
    page.press("#oer-header-q", "Enter")  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/search/\?q=key$"))  # type: ignore[attr-defined]
    _ready(page)
    titles = _titles(page)
    for title in ("Key Signatures Made Simple", "Unlocking the Key Scenes of Macbeth", "The Key to the Castle"):
        assert title in titles


def test_a_word_only_in_a_body_finds_its_resource(page: object, site_url: str) -> None:
    page.goto(site_url + "search/?q=tessellation")  # type: ignore[attr-defined]
    _ready(page)
    assert _titles(page) == ["Pattern and Repeat: Geometry in Art"]
    link = page.locator("#oer-search .oer-result__title a").first  # type: ignore[attr-defined]
    link.click()
    page.wait_for_url(re.compile(r"/resources/castlegate-gallery/pattern-and-repeat-geometric-design/$"))  # type: ignore[attr-defined]


def test_filters_from_the_url_narrow_and_survive_reload(page: object, site_url: str) -> None:
    catalogue, _ = check(REPO)
    expected = {r.data["title"] for r in catalogue.resources
                if "ks1" in r.data["key_stages"] and r.data["cost"] == "free"}
    page.goto(site_url + "search/?key_stage=ks1&cost=free&sort=title")  # type: ignore[attr-defined]
    _ready(page)
    titles = _titles(page)
    assert set(titles) <= expected and titles == sorted(titles, key=str.lower)
    status = page.locator("#oer-status").inner_text()  # type: ignore[attr-defined]
    assert str(len(expected)) in status
    assert page.locator('#oer-facet-key_stage input[value="ks1"]').is_checked()  # type: ignore[attr-defined]
    page.reload()  # type: ignore[attr-defined]
    _ready(page)
    assert page.locator('#oer-facet-cost input[value="free"]').is_checked()  # type: ignore[attr-defined]
    assert _titles(page) == titles


def test_browse_page_link_opens_the_filtered_search(page: object, site_url: str) -> None:
    page.goto(site_url + "key-stages/ks2/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Search and filter these").click()  # type: ignore[attr-defined]
    _ready(page)
    assert page.locator('#oer-facet-key_stage input[value="ks2"]').is_checked()  # type: ignore[attr-defined]


def test_keyboard_users_can_skip_the_filters(page: object, site_url: str) -> None:
    page.goto(site_url + "search/?q=masks")  # type: ignore[attr-defined]
    _ready(page)
    page.focus("#oer-q")  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]  (the search button)
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    focused = page.evaluate("() => document.activeElement.textContent")  # type: ignore[attr-defined]
    assert focused == "Skip to results"
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    presses = 0
    while presses < 4:
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        presses += 1
        if page.evaluate("() => !!document.activeElement.closest('.oer-result__title')"):  # type: ignore[attr-defined]
            break
    else:
        raise AssertionError("the first result is not within three Tab presses of the skip link")


def test_a_key_stage_typed_as_a_word_finds_that_key_stage_and_offers_the_filters(page: object, site_url: str) -> None:
    """'KS2 music' finds the Key Stage 2 resources about music as typed (key stages are words of each
    resource), and offers the filters its words name."""
    catalogue, _ = check(REPO)
    ks2 = {r.data["title"] for r in catalogue.resources if "ks2" in r.data["key_stages"]}
    page.goto(site_url + "search/?q=KS2+music")  # type: ignore[attr-defined]
    _ready(page)
    assert page.url.endswith("/search/?q=KS2+music")  # type: ignore[attr-defined]
    titles = _titles(page)
    assert titles and set(titles) <= ks2
    note = page.locator("#oer-search .oer-search__rewrite")  # type: ignore[attr-defined]
    assert note.is_hidden()
    hints = page.locator("#oer-search .oer-search__suggestion")  # type: ignore[attr-defined]
    assert hints.all_inner_texts() == ["Key stage: Key Stage 2 (ages 7–11)", "Subject: Music", "Art form: Music"]
    hints.nth(1).click()  # Subject: Music, which takes "music" out of the words
    page.wait_for_url(re.compile(r"/search/\?q=KS2&subject=music$"))  # type: ignore[attr-defined]
    _ready(page)
    assert page.locator('#oer-facet-subject input[value="music"]').is_checked()  # type: ignore[attr-defined]
    page.go_back()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/search/\?q=KS2\+music$"))  # type: ignore[attr-defined]
    page.goto(site_url + "search/?q=pattern")  # type: ignore[attr-defined]
    _ready(page)
    assert page.locator("#oer-search .oer-search__suggest").is_hidden()  # type: ignore[attr-defined]
    assert note.is_hidden()
