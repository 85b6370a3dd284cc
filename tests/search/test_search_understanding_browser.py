"""The search page reads a teacher's words while they type, in headless Chromium on the fixture catalogue."""

from __future__ import annotations

from typing import Any

import pytest

from search_harness import results, settle, wait_ready, watch_csp

pytestmark = pytest.mark.browser


def open_search(page: Any, server: Any, query: str = "") -> list[str]:
    problems = watch_csp(page)
    page.goto(server.url + "/search/" + query)
    wait_ready(page)
    return problems


def type_slowly(page: Any, text: str) -> None:
    """Type one key at a time, never pressing Enter."""
    page.locator("#oer-q").fill("")
    page.locator("#oer-q").press_sequentially(text)
    settle(page)


def test_typing_ks2_music_shows_key_stage_2_music_before_enter(page: Any, server: Any) -> None:
    problems = open_search(page, server)
    type_slowly(page, "KS2 music")
    assert sorted(results(page)) == ["Compose a Sea Shanty", "Listening to the Sea"]
    assert page.locator("#oer-status").inner_text().startswith("2 resources for “KS2 music”")
    type_slowly(page, "year 4 music")  # a year group means its key stage
    assert sorted(results(page)) == ["Compose a Sea Shanty", "Listening to the Sea"]
    assert problems == []


def test_a_typo_finds_its_word_and_offers_it(page: Any, server: Any) -> None:
    problems = open_search(page, server)
    type_slowly(page, "bowlne ")
    assert results(page) == ["Knots and Sailors"]
    note = page.locator("#oer-note")
    assert note.inner_text() == "Did you mean bowline?"
    note.get_by_role("link", name="bowline").click()
    settle(page)
    assert page.locator("#oer-q").input_value() == "bowline"
    assert results(page) == ["Knots and Sailors"]
    assert note.is_hidden()
    assert "q=bowline" in page.url
    assert problems == []


def test_words_not_all_in_one_resource_show_those_with_most_of_them_and_say_so(page: Any, server: Any) -> None:
    problems = open_search(page, server, "?q=shanty+puppets")
    assert sorted(results(page)) == ["Compose a Sea Shanty", "Shadow Puppet Play"]
    assert page.locator("#oer-note").inner_text() == (
        "No resource has all of “shanty”, “puppets”; showing those with most of them.")
    open_search(page, server, "?q=bowline+xyzzy")
    assert results(page) == ["Knots and Sailors"]
    assert page.locator("#oer-note").inner_text() == "No resource has “xyzzy”, so it was left out."
    assert problems == []


@pytest.mark.parametrize("query", ["?q=shanty+puppets", "?q=bowlne+"])
def test_axe_finds_no_accessibility_problems_in_the_notes(page: Any, server: Any, query: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    open_search(page, server, query)
    assert page.locator("#oer-note").is_visible()
    found = Axe().run(page, context="#oer-search")
    serious = [(v["id"], [n["target"] for n in v["nodes"]]) for v in found.response["violations"]
               if v.get("impact") in ("serious", "critical")]
    assert serious == []
