"""The curriculum pages in a browser: a statement's page lists its resources; no serious axe violations."""

from __future__ import annotations

import pytest

from browser_harness import new_page

from .test_browser import _axe
from .test_search_site import _ready

pytestmark = pytest.mark.browser

PAGES = {
    "statement": "curriculum/cfe/exa-2-13a/",
    "statement-empty": "curriculum/cfe/exa-3-19a/",
    "coverage": "curriculum/scotland/",
    "coverage-england": "curriculum/england/",
    "index": "curriculum/",
    "resource-with-links": "resources/ropewalk-theatre/play-in-a-day/",
}


def test_a_statement_page_lists_its_resources_reached_from_a_resource(browser: object, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + PAGES["resource-with-links"])
        page.get_by_role("link", name="Inspired by a range of stimuli, I can express and communicate my ideas, "
                                       "thoughts and feelings through drama.").click()
        page.wait_for_load_state("networkidle")
        assert page.url == site_url + PAGES["statement"]
        assert page.get_by_role("heading", level=1).inner_text().startswith("Inspired by a range of stimuli")
        assert "2 resources for" in page.locator(".oer-lede").inner_text()
        titles = page.locator(".oer-card__title a").all_inner_texts()
        assert sorted(titles) == ["Play in a Day", "The Tide Table: A Play for Schools"]


def test_the_statement_page_opens_search_filtered_to_it(browser: object, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + PAGES["statement"])
        page.get_by_role("link", name="Search and filter these").click()
        _ready(page)
        assert "curriculum_scotland=cfe%3Aexa-2-13a" in page.url
        assert page.locator('#oer-facet-curriculum_scotland input[value="cfe:exa-2-13a"]').is_checked()
        titles = page.locator("#oer-search .oer-result__title a").all_inner_texts()
        assert sorted(titles) == ["Play in a Day", "The Tide Table: A Play for Schools"]
        legends = page.locator("#oer-search fieldset legend").all_inner_texts()
        assert [t for t in legends if t.startswith("Curriculum:")] == [
            "Curriculum: England", "Curriculum: Scotland", "Curriculum: Wales", "Curriculum: Northern Ireland"]
        finders = page.locator("#oer-search .oer-facet__find-label").all_inner_texts()
        assert "Find a curriculum: England" in finders, finders  # the nation keeps its capital


def test_coverage_table_has_a_row_per_statement(browser: object, site_url: str) -> None:
    with new_page(browser) as page:
        page.goto(site_url + PAGES["coverage"])
        table = page.get_by_role("table", name="Curriculum for Excellence: resources for each statement")
        assert table.locator("tbody tr").count() == 13
        row = table.get_by_role("row", name="I have listened to a range of music", exact=False)
        assert row.locator("td").last.inner_text() == "none"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_serious_accessibility_violations(browser: object, site_url: str, name: str) -> None:
    with new_page(browser, bypass_csp=True) as page:
        page.goto(site_url + PAGES[name])
        page.wait_for_load_state("networkidle")
        violations = _axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
