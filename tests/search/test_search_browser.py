"""The search page in headless Chromium, on the fixture catalogue, as a teacher would use it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from browser_harness import Server
from catalogues import altered
from search_harness import (CSP, build_site, facet_box, facet_count, results, settle, wait_counts, wait_ready,
                            watch_csp)

pytestmark = pytest.mark.browser

ALL = 8  # resources in tests/fixtures/search


def open_search(page: Any, server: Any, query: str = "") -> list[str]:
    problems = watch_csp(page)
    page.goto(server.url + "/search/" + query)
    wait_ready(page)
    return problems


def type_query(page: Any, text: str) -> None:
    page.locator("#oer-q").fill("")
    page.locator("#oer-q").press_sequentially(text)
    settle(page)


def status(page: Any) -> str:
    return page.locator("#oer-status").inner_text()


def test_a_title_word_finds_the_resource_and_shows_what_a_teacher_needs(page: Any, server: Any) -> None:
    problems = open_search(page, server, "?q=shanty")
    assert results(page) == ["Compose a Sea Shanty"]
    item = page.locator(".oer-result").first
    assert item.locator(".oer-result__org").inner_text() == "Glen Chamber Orchestra"
    assert "call and response" in item.locator(".oer-result__summary").inner_text()
    assert item.locator(".oer-result__stages").inner_text() == "Key Stage 2 (ages 7–11)"  # the vocabulary's label
    assert item.locator(".oer-result__cost").inner_text() == "Free"
    assert item.locator(".oer-result__types").inner_text() == "Lesson plan"
    assert item.locator(".oer-result__meta").inner_text() == "Lesson plan · Key Stage 2 (ages 7–11) · Free"
    href = item.locator("a").evaluate("a => a.href")
    assert href == server.url + "/resources/glen-orchestra/compose-a-sea-shanty/"
    assert status(page).startswith("1 resource for “shanty”")
    assert problems == []


def test_a_word_only_in_the_description_is_found_as_you_type(page: Any, server: Any) -> None:
    problems = open_search(page, server)
    assert len(results(page)) == ALL
    type_query(page, "bowli")  # still typing: the start of a word is enough
    assert results(page) == ["Knots and Sailors"]
    type_query(page, "bowline")
    assert results(page) == ["Knots and Sailors"]
    assert problems == []


@pytest.mark.parametrize(("word", "expected"), [
    ("key", {"Masks of the Mummers"}),
    ("play", {"Shadow Puppet Play", "Masks of the Mummers", "Measuring the Rope Walk"}),
    ("day", {"Shadow Puppet Play", "Listening to the Sea"}),
])
def test_words_python_lunr_used_to_stem_differently_are_found(page: Any, server: Any, word: str,
                                                              expected: set[str]) -> None:
    open_search(page, server, f"?q={word}")
    assert set(results(page)) == expected


def test_several_words_must_all_match(page: Any, server: Any) -> None:
    open_search(page, server, "?q=sea+shanty")
    assert results(page) == ["Compose a Sea Shanty"]
    # the art form and subject "Music" are words of a resource too, not only its text
    open_search(page, server, "?q=sea+music")
    assert results(page) == ["Listening to the Sea", "Compose a Sea Shanty"]


# value to tick in each facet, and another single-valued facet whose counts must add up to the results
FACETS = [
    ("key_stage", "ks1", "cost"), ("subject", "music", "cost"), ("art_form", "craft", "cost"),
    ("resource_type", "lesson-plan", "cost"), ("cost", "paid", "licence"), ("licence", "CC-BY-4.0", "cost"),
    ("delivery", "online", "cost"), ("audience", "families", "cost"), ("accessibility", "transcript", "cost"),
    ("language", "cy", "cost"), ("organisation", "tern-theatre", "cost"), ("region", "scotland", "licence"),
]


@pytest.mark.parametrize(("param", "key", "other"), FACETS)
def test_each_facet_narrows_the_results_to_its_count_and_other_counts_follow(
        page: Any, server: Any, param: str, key: str, other: str) -> None:
    problems = open_search(page, server)
    wait_counts(page)
    expected = facet_count(page, param, key)
    assert expected is not None and 0 < expected < ALL
    facet_box(page, param, key).check()
    settle(page)
    assert len(results(page)) == expected
    assert status(page).startswith(f"{expected} resource")
    assert f"{param}={key}" in page.url
    # every result has one value of a single-valued facet, so its counts now add up to the results
    counts = page.locator(f"#oer-facet-{other} .oer-facet__count").all_inner_texts()
    assert sum(int(c.strip("()")) for c in counts if c) == expected
    assert problems == []


def test_or_within_a_facet_and_across_facets(page: Any, server: Any) -> None:
    open_search(page, server)
    wait_counts(page)
    facet_box(page, "key_stage", "ks1").check()
    settle(page)
    assert sorted(results(page)) == ["Knots and Sailors", "Shadow Puppet Play"]
    # another value of the same facet widens; its count says by how much, before and after
    assert facet_count(page, "key_stage", "ks4") == 1
    facet_box(page, "key_stage", "ks4").check()
    settle(page)
    assert sorted(results(page)) == ["Devising for GCSE Drama", "Knots and Sailors", "Shadow Puppet Play"]
    # a second facet narrows
    assert facet_count(page, "cost", "free") == 2
    facet_box(page, "cost", "free").check()
    settle(page)
    assert sorted(results(page)) == ["Devising for GCSE Drama", "Knots and Sailors"]
    assert facet_count(page, "cost", "paid") == 1  # what ticking it as well would add


def test_labels_come_from_the_vocabularies_and_language_names(page: Any, server: Any) -> None:
    open_search(page, server)
    legend = page.locator("#oer-facet-key_stage legend").inner_text()
    assert legend == "Key stage"
    assert page.locator('label[for="oer-f-key_stage-0"]').inner_text().startswith("Key Stage 1 (ages 5–7)")
    assert "Welsh" in page.locator("#oer-facet-language").inner_text()
    assert "National (UK-wide)" not in page.locator("#oer-facet-region").inner_text()  # only regions in use
    assert "Wales" in page.locator("#oer-facet-region").inner_text()


def test_sort_orders(page: Any, server: Any) -> None:
    open_search(page, server)
    assert results(page)[:2] == ["Devising for GCSE Drama", "Listening to the Sea"]  # newest first
    page.select_option("#oer-sort", "title")
    settle(page)
    assert results(page) == sorted(results(page), key=str.casefold)
    assert "sort=title" in page.url


def test_query_filters_and_sort_survive_a_reload(page: Any, server: Any) -> None:
    open_search(page, server, "?q=sea&key_stage=ks2&key_stage=ks3&sort=title")
    def check() -> None:
        assert page.locator("#oer-q").input_value() == "sea"
        assert page.locator("header input[name=q]").input_value() == "sea"
        assert facet_box(page, "key_stage", "ks2").is_checked()
        assert facet_box(page, "key_stage", "ks3").is_checked()
        assert not facet_box(page, "key_stage", "ks1").is_checked()
        assert page.locator("#oer-sort").input_value() == "title"
        assert results(page) == ["Compose a Sea Shanty", "Listening to the Sea"]
    check()
    page.reload()
    wait_ready(page)
    check()


def test_back_button_steps_through_searches(page: Any, server: Any) -> None:
    open_search(page, server)
    type_query(page, "sea")
    assert re.search(r"[?&]q=sea(&|$)", page.url)
    assert len(results(page)) == 2
    facet_box(page, "key_stage", "ks3").check()
    settle(page)
    assert results(page) == ["Listening to the Sea"]
    page.select_option("#oer-sort", "title")
    settle(page)

    page.go_back()
    settle(page)
    assert page.locator("#oer-sort").input_value() == "relevance"
    assert facet_box(page, "key_stage", "ks3").is_checked()
    page.go_back()
    settle(page)
    assert not facet_box(page, "key_stage", "ks3").is_checked()
    assert page.locator("#oer-q").input_value() == "sea"  # one entry for the whole burst of typing
    assert len(results(page)) == 2
    page.go_back()
    settle(page)
    assert page.locator("#oer-q").input_value() == ""
    assert len(results(page)) == ALL


def test_no_results_says_which_filter_to_drop(page: Any, server: Any) -> None:
    problems = open_search(page, server, "?q=bowline&cost=paid")
    assert results(page) == []
    help_box = page.locator(".oer-search__help")
    assert help_box.is_visible()
    assert status(page).startswith("No resources for “bowline”")
    button = help_box.get_by_role("button", name="Remove the “Cost” filter (1 resource)")
    button.click()
    settle(page)
    assert results(page) == ["Knots and Sailors"]
    assert not facet_box(page, "cost", "paid").is_checked()
    assert not help_box.is_visible()
    assert page.evaluate("() => document.activeElement.id") == "oer-status"
    assert problems == []


def test_no_results_for_a_word_suggests_spelling_and_clearing_the_words(page: Any, server: Any) -> None:
    # a word found nowhere among words that are found is left out (test_search_understanding_browser.py);
    # alone, it finds nothing and the page helps
    open_search(page, server, "?q=xyzzy")
    help_box = page.locator(".oer-search__help")
    assert help_box.is_visible()
    assert "Check the spelling" in help_box.inner_text()
    assert page.locator("#oer-note").inner_text() == "No resource has “xyzzy”."
    # with no filter on, clearing the words is starting again: one way, not two
    assert page.get_by_role("button", name=re.compile("Clear the search words")).count() == 0
    page.get_by_role("link", name=f"Start again with all {ALL} resources").click()
    wait_ready(page)
    assert len(results(page)) == ALL
    # with a filter on, clearing the words keeps it
    open_search(page, server, "?q=xyzzy&key_stage=ks2")
    page.get_by_role("button", name=re.compile("Clear the search words")).click()
    settle(page)
    assert 0 < len(results(page)) < ALL
    assert facet_box(page, "key_stage", "ks2").is_checked()


def test_keyboard_alone_reaches_a_filter_and_space_ticks_it(page: Any, server: Any) -> None:
    open_search(page, server)
    target = "oer-f-key_stage-0"
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == target:
            break
    else:
        pytest.fail("Tab never reached the first key stage checkbox")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    page.keyboard.press("Space")
    settle(page)
    assert facet_box(page, "key_stage", "ks1").is_checked()
    assert sorted(results(page)) == ["Knots and Sailors", "Shadow Puppet Play"]
    assert page.evaluate("() => document.activeElement.id") == target  # focus stays put


def test_controls_are_labelled_and_the_count_is_announced(page: Any, server: Any) -> None:
    open_search(page, server)
    assert page.get_by_role("searchbox", name="Search resources").count() == 1
    assert page.get_by_role("combobox", name="Sort by").count() == 1
    for fieldset in page.locator("#oer-search fieldset").all():
        assert fieldset.locator("legend").inner_text().strip()
    # Twelve filters and "Where do you teach?"; the other nations' stage filters wait, hidden.
    assert page.locator("#oer-search fieldset:visible").count() == 13
    assert page.locator("#oer-search fieldset").count() == 16
    assert page.get_by_role("checkbox", name=re.compile(r"^Key Stage 2 \(ages 7–11\) \(\d+\)$")).count() == 1
    live = page.locator("#oer-search [aria-live=polite]")
    type_query(page, "sea")
    page.wait_for_function("() => document.querySelector('#oer-live').textContent.includes('2 resources')")
    assert live.inner_text() == "2 resources for “sea”"


def test_the_header_search_box_searches_in_place(page: Any, server: Any) -> None:
    open_search(page, server)
    header = page.locator("header input[name=q]")
    header.fill("puppet")
    header.press("Enter")
    settle(page)
    assert results(page) == ["Shadow Puppet Play"]
    assert page.locator("#oer-q").input_value() == "puppet"
    assert "q=puppet" in page.url


def test_the_header_form_from_another_page_opens_the_search(page: Any, server: Any) -> None:
    page.goto(server.url + "/")
    page.locator("header input[name=q]").fill("rope walk")
    page.locator("header input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=rope\+walk"))
    wait_ready(page)
    assert results(page) == ["Measuring the Rope Walk"]


def test_contributed_text_is_shown_as_text(page: Any, tmp_path: Path, fixture_catalogue: Any) -> None:
    catalogue = altered(fixture_catalogue, "ropemakers-museum/masks-of-the-mummers",
                        title='<img src=x onerror="window.pwned=1">Masks')
    site = build_site(catalogue, tmp_path / "site")
    with Server(site, csp=CSP) as other:
        page.goto(other.url + "/search/?q=masks")
        wait_ready(page)
        assert any("<img" in t for t in results(page))
        assert page.locator("#oer-search img").count() == 0
        assert page.evaluate("() => window.pwned") is None


@pytest.mark.parametrize("query", ["?q=sea&key_stage=ks2", "?q=bowline&cost=paid"])
def test_axe_finds_no_accessibility_problems(page: Any, server: Any, query: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_search(page, server, query)
    results_ = Axe().run(page, context="#oer-search")
    problems = [(v["id"], [n["target"] for n in v["nodes"]]) for v in results_.response["violations"]]
    assert problems == []


def test_on_a_narrow_screen_the_filters_are_a_drawer_that_opens_from_the_keyboard(browser: Any, server: Any) -> None:
    context = browser.new_context(viewport={"width": 380, "height": 800})
    page = context.new_page()
    try:
        # closed at first, with or without a filter in the address (chips show what is on)
        for query in ("?q=sea", "?q=sea&key_stage=ks2"):
            page.goto(server.url + "/search/" + query)
            wait_ready(page)
            assert not facet_box(page, "key_stage", "ks2").is_visible()
        page.locator(".oer-search__open").focus()
        page.keyboard.press("Enter")
        assert facet_box(page, "key_stage", "ks2").is_visible()
        assert page.evaluate("() => document.activeElement.className") == "oer-search__close"
        page.keyboard.press("Enter")
        assert not facet_box(page, "key_stage", "ks2").is_visible()
        assert page.evaluate("() => document.activeElement.className") == "oer-search__open"
    finally:
        context.close()


def test_a_cold_search_fetches_only_the_shards_it_needs(page: Any, tmp_path: Path) -> None:
    from synthetic_catalogue import synthetic_catalogue

    site = build_site(synthetic_catalogue(1000, seed=2), tmp_path / "site")
    shards = len(list((site / "search" / "index").glob("*.json")))
    with Server(site, csp=CSP) as big:
        page.goto(big.url + "/search/?q=music+school")
        wait_ready(page)
        assert len(results(page)) == 20
        fetched = [p for p in big.requested if "/search/index/" in p]
        assert 1 <= len(fetched) <= 3 < shards
        wait_counts(page)
        assert big.gzipped_bytes([p for p in big.requested if "/search/" in p]) < 150_000


def test_a_long_organisation_list_can_be_searched_by_name(page: Any, tmp_path: Path) -> None:
    """With hundreds of organisations, typing part of a name shows just those (case and accents ignored)."""
    from synthetic_catalogue import synthetic_catalogue

    catalogue = synthetic_catalogue(300, seed=3, organisations=30)
    catalogue.organisations[0].data["name"] = "Théâtre Clwyd Learning"
    names = sorted(o.data["name"] for o in catalogue.organisations)
    site = build_site(catalogue, tmp_path / "site")
    with Server(site, csp=CSP) as big:
        page.goto(big.url + "/search/")
        wait_ready(page)
        wait_counts(page)
        values = page.locator("#oer-facet-organisation .oer-facet__value")
        visible = lambda: [t.rsplit(" (", 1)[0] for t in values.evaluate_all(  # noqa: E731
            "els => els.filter(e => !e.hidden).map(e => e.innerText)")]
        assert len(visible()) == 8  # collapsed, as before
        assert page.locator("#oer-facet-key_stage .oer-facet__find").count() == 0  # short facets have no box
        page.get_by_label("Find an organisation").fill("THEATRE clw")
        assert visible() == ["Théâtre Clwyd Learning"]
        assert page.locator("#oer-facet-organisation .oer-facet__toggle").is_hidden()
        page.get_by_label("Théâtre Clwyd Learning").check()
        settle(page)
        assert "Organisation: Théâtre Clwyd Learning" in status(page)
        page.get_by_label("Find an organisation").fill("")
        shown = visible()
        assert "Théâtre Clwyd Learning" in shown and len(shown) <= 9  # the chosen one stays in view
        page.get_by_label("Find an organisation").fill(names[5][:4].lower())
        expected = [n for n in names if names[5][:4].lower() in n.lower()]
        assert sorted(visible()) == sorted(set(expected) | {"Théâtre Clwyd Learning"})
        from axe_playwright_python.sync_playwright import Axe

        found = Axe().run(page, context="#oer-facet-organisation").response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []


def test_show_more_says_how_many_come_next(page: Any, tmp_path: Path) -> None:
    from synthetic_catalogue import synthetic_catalogue

    site = build_site(synthetic_catalogue(45, seed=4), tmp_path / "site")
    with Server(site, csp=CSP) as small:
        page.goto(small.url + "/search/")
        wait_ready(page)
        more = page.locator(".oer-search__more")
        assert len(results(page)) == 20
        assert more.inner_text() == "Show 20 more results (25 not shown yet)"
        more.click()
        settle(page)
        assert len(results(page)) == 40 and more.inner_text() == "Show the last 5 results"
        more.click()
        settle(page)
        assert len(results(page)) == 45 and more.is_hidden() and more.text_content() == ""


def test_first_js_asks_for_the_addresss_shard_by_itself_and_the_filters_come_after(page: Any, server: Any) -> None:
    """The page's first module names the query's index shard on its own, without the engine and the
    page's other modules (held back here); the filters' values are not asked for before the first results."""
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url.removeprefix(server.url)))
    page.route(re.compile(r"/assets/oerbank/search(/ui|/engine)?\.js$"), lambda route: route.abort())
    problems = watch_csp(page)
    page.goto(server.url + "/search/?q=shanty")
    page.wait_for_function("() => performance.getEntriesByType('resource').some((e) => e.name.includes('/index/'))")
    assert [a for a in asked if "/search/index/" in a] == ["/search/index/0.json?v=" + build_of(server)]
    assert not any("filters.json" in a or "/facets/" in a for a in asked)
    assert [p for p in problems if "Content Security Policy" in p] == []

    page.unroute(re.compile(r"/assets/oerbank/search(/ui|/engine)?\.js$"))
    asked.clear()
    open_search(page, server, "?q=shanty")
    assert results(page) == ["Compose a Sea Shanty"]
    first_row = next(i for i, a in enumerate(asked) if "/search/docs/" in a)
    filters = [i for i, a in enumerate(asked) if "filters.json" in a]
    assert filters and all(i > first_row for i in filters)  # asked for, and only after the first rows


def build_of(server: Any) -> str:
    import json
    import urllib.request

    with urllib.request.urlopen(server.url + "/search/docs.json") as answer:
        return str(json.load(answer)["build"])
