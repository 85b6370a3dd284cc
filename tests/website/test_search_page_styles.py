"""The search page loads its cut of Material's stylesheet (oerbank.render.page_styles), and looks
exactly as it would with the whole of it."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest

from browser_harness import new_page
from oerbank.render.page_styles import SEARCH_STYLESHEET


def test_the_search_page_links_its_cut_and_every_other_page_materials_whole_sheet(sample_site: Path) -> None:
    search = (sample_site / "search" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', search)
    assert links[0] == "../" + SEARCH_STYLESHEET and not any("stylesheets/main." in h for h in links)
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    whole = re.search(r'href="(assets/stylesheets/main\.[0-9a-f]+\.min\.css)"', home)
    assert whole, "the home page should load Material's stylesheet"
    full, cut = ((sample_site / p).read_bytes() for p in (whole.group(1), SEARCH_STYLESHEET))
    assert len(gzip.compress(cut)) < len(gzip.compress(full)) / 4
    # the header and the typeset the page is made of are styled, the navigation tree it lacks is not
    text = cut.decode()
    assert ".md-header{" in text and ".md-typeset h1{" in text and ".md-nav__link" not in text


# Every element's computed style, and its ::before's and ::after's, as one string per element (custom
# properties left out: those that no rule uses are what the cut leaves out).
STYLES = """() => [...document.querySelectorAll('*')].map((el) => [null, '::before', '::after'].map((pseudo) => {
  const s = getComputedStyle(el, pseudo);
  return [...s].filter((name) => !name.startsWith('--')).map((name) => name + ':' + s.getPropertyValue(name)).join(';');
}).join('|'))"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_page_looks_the_same_with_materials_whole_stylesheet(browser: Any, site_url: str,
                                                                      width: int) -> None:
    with new_page(browser, viewport={"width": width, "height": 900}) as page:
        page.goto(site_url + "search/?q=music&key_stage=ks2")
        page.wait_for_function("() => window.oerSearch !== undefined")
        page.evaluate("() => window.oerSearch.ready")
        page.wait_for_function("() => !document.querySelector('#oer-search .oer-search__results[aria-busy]') && "
                               "!document.querySelector('#oer-search .oer-facet--loading')")
        if width < 600:
            page.click("#oer-search .oer-search__open")  # the drawer, open
        cut = page.evaluate(STYLES)
        whole = re.search(r'assets/stylesheets/main\.[0-9a-f]+\.min\.css',
                          page.evaluate("() => fetch('../').then((r) => r.text())"))
        assert whole
        page.evaluate("""(href) => new Promise((done) => {
          const link = document.querySelector('link[href$="search-material.css"]');
          link.addEventListener('load', done);
          link.href = '../' + href;
        })""", whole.group(0))
        assert page.evaluate("() => document.querySelector('link[href*=\"stylesheets/main.\"]') !== null")
        different = [i for i, (a, b) in enumerate(zip(cut, page.evaluate(STYLES), strict=True)) if a != b]
        if different:
            element = page.evaluate("(i) => [...document.querySelectorAll('*')][i].outerHTML.slice(0, 200)", different[0])
            raise AssertionError(f"{len(different)} elements look different, the first: {element}")
