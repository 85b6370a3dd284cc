"""Where do you teach? The search page's stage facet follows the nation a teacher chooses, which the
address and the browser remember; browse pages per nation work without JavaScript."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from browser_harness import new_page

pytestmark = pytest.mark.browser


def _ready(page: object) -> None:
    page.wait_for_function("() => window.oerSearch !== undefined")  # type: ignore[attr-defined]
    page.evaluate("() => window.oerSearch.ready")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('#oer-search .oer-search__results[aria-busy]')")


def _stage_facet(page: object) -> tuple[str, list[str]]:
    """The legend and value labels of the stage facet a teacher sees."""
    shown = page.locator(  # type: ignore[attr-defined]
        "#oer-search fieldset.oer-facet:visible:not(#oer-nation)").first
    labels = shown.locator(".oer-facet__value label").all_inner_texts()
    return shown.locator("legend").inner_text(), [re.sub(r"\s*\(\d+\)$", "", t) for t in labels]


def _axe(page: object) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def test_choosing_scotland_relabels_the_stage_facet_and_is_remembered(browser: object, site_url: str) -> None:
    with new_page(browser, bypass_csp=True) as page:
        page.goto(site_url + "search/?q=music")
        _ready(page)
        legend, values = _stage_facet(page)
        assert legend == "Key stage" and "Key Stage 2 (ages 7–11)" in values
        assert page.get_by_role("group", name="Where do you teach?").is_visible()

        page.get_by_role("radio", name="Scotland").check()
        page.wait_for_url(re.compile(r"[?&]nation=scotland"))
        legend, values = _stage_facet(page)
        assert legend == "Curriculum for Excellence level"
        assert values[:3] == ["Early level (pre-school and P1)", "First level (P2–P4)", "Second level (P5–P7)"]
        assert not page.locator("#oer-facet-key_stage").is_visible()
        stages = page.locator("#oer-search .oer-result__stages").first.inner_text()
        assert "level" in stages and "Key Stage" not in stages

        page.get_by_label("Second level (P5–P7)").check()
        page.wait_for_url(re.compile(r"scotland_stage=scotland-second-level"))
        assert "q=music" in page.url and "nation=scotland" in page.url
        assert _axe(page) == []

        page.reload()
        _ready(page)
        assert page.get_by_role("radio", name="Scotland").is_checked()
        assert _stage_facet(page)[0] == "Curriculum for Excellence level"
        assert page.get_by_label("Second level (P5–P7)").is_checked()

        # A later visit without the choice in the address: the browser remembered it.
        page.goto(site_url + "search/?q=drama")
        _ready(page)
        assert "nation=scotland" in page.url
        assert page.get_by_role("radio", name="Scotland").is_checked()
        assert _stage_facet(page)[0] == "Curriculum for Excellence level"
        # With no filter in the address, Scotland's stages (in the manifest) come before the other
        # filters (filters.json): the boxes still stand in the manifest's order.
        with urllib.request.urlopen(site_url + "search/docs.json") as answer:
            titles = [f["title"] for f in json.load(answer)["facets"]]
        legends = page.locator("#oer-search fieldset.oer-facet:not(#oer-nation) > legend").all_inner_texts()
        assert legends == titles

        page.get_by_role("radio", name="Wales").check()
        page.wait_for_url(re.compile(r"nation=wales"))
        assert _stage_facet(page)[0] == "Progression step"


def test_a_nations_stage_page_lists_resources_without_javascript(browser: object, site_url: str) -> None:
    with new_page(browser, java_script_enabled=False) as page:
        page.goto(site_url)
        page.get_by_role("navigation", name="Where do you teach?").get_by_role("link", name="Wales").click()
        page.wait_for_url(re.compile(r"/browse/wales/$"))
        page.get_by_role("link", name="Progression step 3 (around age 11)").click()
        page.wait_for_url(re.compile(r"/browse/wales/progression-step-3/$"))
        assert page.locator("h1").inner_text() == "Progression step 3 (around age 11)"
        assert page.locator(".oer-card").count() > 0
        assert "Progression step 3" in page.locator(".oer-card__meta").first.inner_text()


@pytest.mark.parametrize("path", ["browse/", "browse/northern-ireland/", "browse/scotland/second-level/",
                                  "vocab/stages/"])
def test_nation_and_vocabulary_pages_have_no_serious_accessibility_violations(
        browser: object, site_url: str, path: str) -> None:
    with new_page(browser, bypass_csp=True) as page:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        violations = _axe(page)
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
