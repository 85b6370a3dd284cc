"""The teacher's site in Chromium: filters that behave, the place kept on Back, pages that say
what a resource is, and the same header menu on every page, on a phone (390×844) and a desktop."""

from __future__ import annotations

import re
from typing import Any

import pytest

from browser_harness import new_page, settle, wait_ready

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
GREEK = "resources/old-laundry-arts/greek-theatre-chorus-and-masks/"
MENU = ["Search", "Browse", "Organisations", "Open data", "Contribute", "About"]


def open_search(page: Any, url: str) -> None:
    page.goto(url)
    wait_ready(page)


def chips(page: Any) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(".oer-search__chips button").all_inner_texts()]


def titles(page: Any) -> list[str]:
    return page.locator("#oer-search .oer-result__title a").all_inner_texts()


def found(page: Any) -> int:
    """The number of results the status line gives ("12 resources for ...")."""
    return int(page.locator("#oer-status").inner_text().split()[0].replace(",", ""))


def _axe(page: Any) -> list[Any]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found if v["impact"] in ("serious", "critical")]


def test_on_a_phone_the_filters_are_a_drawer_and_the_first_result_is_on_the_first_screen(
        browser: Any, site_url: str) -> None:
    with new_page(browser, viewport=PHONE, bypass_csp=True) as page:
        open_search(page, site_url + "search/?q=masks&key_stage=ks2")
        assert not page.locator("#oer-filters").is_visible()  # closed at first, even with a filter on
        assert chips(page) == ["Remove filter: Key stage, Key Stage 2 (ages 7–11) ×"]
        first = page.locator(".oer-result__title").first.bounding_box()
        assert first is not None and first["y"] + first["height"] <= PHONE["height"]
        count = len(titles(page))
        opener = page.get_by_role("button", name="Filters (1 on)")
        opener.click()
        drawer = page.get_by_role("dialog", name="Filter results")
        assert drawer.is_visible()
        assert page.evaluate("() => document.activeElement.textContent") == "Close"
        assert _axe(page) == []
        show = drawer.locator(".oer-search__show")
        assert show.is_visible() and show.inner_text() == f"Show {count} results"
        drawer.locator("#oer-facet-cost input[value=free]").check()
        settle(page)
        narrowed = len(titles(page))
        assert 0 < narrowed < count and show.inner_text() == f"Show {narrowed} results"
        show.click()
        assert not page.locator("#oer-filters").is_visible()
        assert page.evaluate("() => document.activeElement.id") == "oer-status"
        assert chips(page)[1] == "Remove filter: Cost, Free ×"
        opener = page.get_by_role("button", name="Filters (2 on)")
        opener.click()
        page.keyboard.press("Escape")
        assert not page.locator("#oer-filters").is_visible()
        assert _axe(page) == []


def test_chips_above_the_results_take_filters_off(browser: Any, site_url: str) -> None:
    with new_page(browser, viewport=DESKTOP) as page:
        open_search(page, site_url + "search/?key_stage=ks2&cost=free")
        assert chips(page) == ["Remove filter: Key stage, Key Stage 2 (ages 7–11) ×", "Remove filter: Cost, Free ×"]
        both = found(page)
        page.get_by_role("button", name="Remove filter: Key stage, Key Stage 2 (ages 7–11)", exact=True).click()
        settle(page)
        assert chips(page) == ["Remove filter: Cost, Free ×"]
        assert "key_stage" not in page.url and "cost=free" in page.url
        assert not page.locator("#oer-facet-key_stage input[value=ks2]").is_checked()
        assert found(page) > both
        page.get_by_role("button", name="Remove filter: Cost, Free", exact=True).click()
        settle(page)
        assert chips(page) == [] and "cost" not in page.url
        assert page.evaluate("() => document.activeElement.id") == "oer-status"


def test_a_new_query_drops_the_filters_the_site_added_but_keeps_the_teachers(browser: Any, site_url: str) -> None:
    with new_page(browser, viewport=DESKTOP) as page:
        open_search(page, site_url + "search/")
        # No resource's text says "paid" (key stages, subjects and art forms are words of the text
        # and need no filter), so Enter reads it as the cost filter.
        page.locator("#oer-q").fill("paid masks")
        page.locator("#oer-q").press("Enter")
        settle(page)
        assert re.search(r"[?&]cost=paid(&|$)", page.url)  # the site read "paid" as the filter
        assert page.locator("#oer-q").input_value() == "masks"
        page.locator("#oer-q").fill("masks carnival")  # a refinement keeps it
        settle(page)
        assert "cost=paid" in page.url
        page.locator("#oer-q").fill("orchestra")  # a new query drops it
        page.locator("#oer-q").press("Enter")
        settle(page)
        assert "cost" not in page.url and chips(page) == []
        assert titles(page), "a new query must not be emptied by the last one's filter"
        # A filter the teacher ticks stays on for the next query.
        page.locator("#oer-facet-key_stage input[value=ks2]").check()
        settle(page)
        page.locator("#oer-q").fill("masks")
        page.locator("#oer-q").press("Enter")
        settle(page)
        assert "key_stage=ks2" in page.url


def test_back_from_a_resource_restores_show_more_and_the_scroll_position(browser: Any, site_url: str) -> None:
    with new_page(browser, viewport=DESKTOP) as page:
        # An unload listener keeps the page out of the back-forward cache, so Back loads it afresh
        # and the place must come from history, not from a page kept whole in memory.
        page.add_init_script("addEventListener('unload', () => {}); addEventListener('pageshow', (e) => {"
                             " window.__restored = e.persisted; });")
        open_search(page, site_url + "search/")
        page.locator(".oer-search__more").click()
        settle(page)
        page.locator(".oer-search__more").click()
        settle(page)
        assert len(titles(page)) == 60
        link = page.locator("#oer-search .oer-result__title a").nth(45)
        target = link.inner_text()
        link.scroll_into_view_if_needed()
        y = page.evaluate("() => window.scrollY")
        assert y > 2000
        link.click()
        page.wait_for_url(re.compile(r"/resources/"))
        page.go_back()
        page.wait_for_function("() => window.oerSearch !== undefined")
        page.evaluate("() => window.oerSearch.ready")
        page.wait_for_function("(y) => Math.abs(window.scrollY - y) < 5", arg=y)
        assert page.evaluate("() => window.__restored") is False
        assert len(titles(page)) == 60
        assert page.locator("#oer-search .oer-result__title a").nth(45).inner_text() == target


def test_a_resource_page_says_what_it_is_above_its_button_with_uk_dates(browser: Any, site_url: str) -> None:
    with new_page(browser, viewport=PHONE, bypass_csp=True) as page:
        page.goto(site_url + GREEK)
        line = page.locator(".oer-summary-line")
        assert " ".join(line.inner_text().split()) == (
            "Workshop, Lesson plan · Key Stage 3 (ages 11–14), Key Stage 4 (ages 14–16) · 1 hour 40 minutes · "
            "Paid: £4 per pupil (bursaries for schools in Sussex) · From The Old Laundry Arts Centre")
        button = page.get_by_role("link", name="Go to the resource").bounding_box()
        box = line.bounding_box()
        assert box is not None and button is not None
        assert box["y"] + box["height"] <= button["y"] and button["y"] + button["height"] <= PHONE["height"]
        paid = page.locator(".oer-summary-line .oer-cost")
        free_colour = "rgb(227, 241, 230)"
        assert paid.evaluate("e => getComputedStyle(e).backgroundColor") != free_colour
        assert page.locator("time[datetime='2020-11-09']").inner_text() == "9 November 2020"
        assert page.locator("time[datetime='2023-11-13']").inner_text() == "13 November 2023"
        assert "2020-11-09" not in page.locator("main").inner_text()
        assert _axe(page) == []
        page.goto(site_url + "resources/castlegate-gallery/pattern-and-repeat-geometric-design/")
        assert page.locator(".oer-summary-line .oer-cost").evaluate(
            "e => getComputedStyle(e).backgroundColor") == free_colour


@pytest.mark.parametrize("path", ["about/", GREEK, "search/?q=masks", ""])
def test_every_page_has_the_same_header_menu_on_a_phone(browser: Any, site_url: str, path: str) -> None:
    with new_page(browser, viewport=PHONE, bypass_csp=True) as page:
        page.goto(site_url + path)
        menu = page.get_by_role("navigation", name="Menu")
        assert not menu.is_visible()
        page.locator("label.oer-menu__button").click()
        assert menu.is_visible()
        assert menu.get_by_role("link").all_inner_texts() == MENU
        assert _axe(page) == []
        menu.get_by_role("link", name="Contribute").click()
        page.wait_for_url(re.compile(r"/contributing/$"))


def test_the_header_menu_is_a_row_of_links_on_a_desktop(browser: Any, site_url: str) -> None:
    with new_page(browser, viewport=DESKTOP) as page:
        for path in ("about/", GREEK):
            page.goto(site_url + path)
            assert page.get_by_role("navigation", name="Menu").get_by_role("link").all_inner_texts() == MENU
            assert not page.locator("label.oer-menu__button").is_visible()
