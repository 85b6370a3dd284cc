"""Curriculum on the pages: links on a resource page by nation, a page per statement, coverage per nation."""

from __future__ import annotations

import re

import pytest

from catalogues import REPO

from oerbank.pipeline import check
from oerbank.render.site import SiteModel


@pytest.fixture(scope="module")
def model() -> SiteModel:
    catalogue, _ = check(REPO)
    return SiteModel(catalogue)


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_resource_page_lists_its_links_by_nation_with_the_official_statement(model: SiteModel) -> None:
    page = next(p for p in model.resource_pages() if p.src_uri == "resources/ropewalk-theatre/play-in-a-day.md")
    section = page.html.split("<h2>Curriculum links</h2>", 1)[1].split("<section", 1)[0]
    assert re.findall(r"<h3>([^<]+)</h3>", section) == ["England", "Scotland", "Northern Ireland"]
    assert ('<a href="../../../curriculum/cfe/exa-2-13a/">Inspired by a range of stimuli, I can express and '
            'communicate my ideas, thoughts and feelings through drama.</a>') in section
    assert "Curriculum for Excellence, Second level, EXA 2-13a" in section
    assert ('href="https://w3id.org/uk/oak/curriculum/nationalcurriculum/contentdescriptor-speak-confidently-'
            'effectively-improvising-rehearsing-performing-play-scripts" rel="noopener noreferrer">official '
            'statement') in section


def test_a_statement_page_lists_its_resources(model: SiteModel) -> None:
    page = next(p for p in model.pages() if p.kind == "browse-curriculum" and p.key == "cfe:exa-2-13a")
    assert page.src_uri == "curriculum/cfe/exa-2-13a.md"
    text = _text(page.html)
    assert ("2 resources for Inspired by a range of stimuli, I can express and communicate my ideas, thoughts "
            "and feelings through drama.") in text
    listed = re.findall(r'href="\.\./\.\./\.\./resources/([a-z0-9-]+/[a-z0-9-]+)/"', page.html)
    assert sorted(set(listed)) == ["ropewalk-theatre/play-in-a-day", "ropewalk-theatre/the-tide-table-schools-script"]
    assert 'href="../../../search/?curriculum_scotland=cfe%3Aexa-2-13a"' in page.html


def test_a_statement_without_resources_says_so(model: SiteModel) -> None:
    page = next(p for p in model.pages() if p.kind == "browse-curriculum" and p.key == "cfe:exa-3-19a")
    assert "0 resources for" in _text(page.html)
    assert "No resources say they help to teach this yet." in page.html


def test_coverage_shows_every_statement_with_its_count_and_the_gaps(model: SiteModel) -> None:
    page = next(p for p in model.pages() if p.kind == "curriculum-coverage" and p.key == "scotland")
    assert page.src_uri == "curriculum/scotland.md"
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th><td>([^<]*)</td><td>([^<]*)</td>'
                      r'<td>([^<]*)</td></tr>', page.html)
    assert len(rows) == 13
    by_code = {code: count for _, _, code, count in rows}
    assert by_code["EXA 2-13a"] == "2"
    assert by_code["EXA 3-19a"] == "none"
    assert "<caption>Curriculum for Excellence: resources for each statement</caption>" in page.html
    assert '<th scope="col">Resources</th>' in page.html


def test_the_curriculum_index_names_the_four_nations(model: SiteModel) -> None:
    page = next(p for p in model.nav_pages() if p.src_uri == "curriculum/index.md")
    assert re.findall(r'<li><a href="\.\./curriculum/[a-z-]+/">([^<]+)</a>', page.html) == \
        ["England", "Scotland", "Wales", "Northern Ireland"]
