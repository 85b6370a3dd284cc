"""Related resources on real records: a lesson's page suggests lessons of its own unit.

Which lessons are sisters comes from Oak's curriculum data (tests/fixtures/oak-relevance/units.json,
written by scripts/oak_judgements.py from oaknational/oak-curriculum-ontology), not from the text
the suggestions are computed from: the records themselves carry no unit.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from oerbank.pipeline import check, load_checked
from oerbank.render.site import SiteModel
from oerbank.search.related import Related, series_of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UNITS = json.loads((FIXTURES / "oak-relevance" / "units.json").read_text(encoding="utf-8"))
PROJECT = Path(__file__).resolve().parents[2]
CORPUS = next((p for p in (PROJECT.parent / "shared" / "corpora" / "oak-humanities",
                           PROJECT.parent.parent / "shared" / "corpora" / "oak-humanities") if p.is_dir()),
              PROJECT.parent / "shared" / "corpora" / "oak-humanities")
RELATED_LINK = re.compile(r'<a href="\.\./\.\./(oak-national-academy/[a-z0-9-]+)/"')


def sisters(resources: list) -> dict[int, set[int]]:
    """{lesson number: the other lessons of its units} among these resources."""
    number = {r["id"].split("/")[1]: i for i, r in enumerate(resources)}
    by_unit: dict[str, set[int]] = defaultdict(set)
    for slug, i in number.items():
        for unit in UNITS.get(slug, {}).get("units", []):
            by_unit[unit].add(i)
    out: dict[int, set[int]] = {}
    for lessons in by_unit.values():
        for i in lessons:
            out.setdefault(i, set()).update(lessons - {i})
    return {i: s for i, s in out.items() if s}


def share_with_a_sister(resources: list) -> float:
    related = Related(resources)
    found = sisters(resources)
    return sum(bool(set(related.of(i, 3)) & s) for i, s in found.items()) / len(found)


def test_a_lesson_page_suggests_its_sister_lesson() -> None:
    catalogue, _ = check(FIXTURES / "oak")
    model = SiteModel(catalogue)
    lesson = next(r for r in model.resources if r["id"] == "oak-national-academy/hopping-and-skipping")
    html = model.resource_page(lesson).html
    assert "oak-national-academy/hopping-and-skipping-in-games" in RELATED_LINK.findall(html)


def test_most_lessons_of_the_real_fixture_get_a_sister_lesson_among_three_suggestions() -> None:
    resources = [r.data for r in load_checked(FIXTURES / "oak").resources]
    assert len(sisters(resources)) > 150
    assert share_with_a_sister(resources) >= 0.5


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the Oak corpus is not beside the project")
def test_most_lessons_of_the_whole_oak_corpus_get_a_sister_lesson_among_three_suggestions() -> None:
    resources = [r.data for r in load_checked(CORPUS).resources]
    assert len(sisters(resources)) > 3000
    assert share_with_a_sister(resources) >= 0.6


def test_a_rare_shared_word_outweighs_shared_facets_and_the_same_series_comes_first() -> None:
    base = {"organisation": "o", "subjects": ["art"], "key_stages": ["ks2"], "art_forms": [], "keywords": []}
    resources = [
        {**base, "id": "o/a", "title": "Block printing with lino", "summary": "Cut a lino block and print it."},
        {**base, "id": "o/b", "title": "Portraits", "summary": "Draw a friend's face and explore colour."},
        {**base, "id": "o/c", "title": "Monoprint pictures", "summary": "Print once from an inked plate: lino-free printing.",
         "subjects": ["design-and-technology"], "key_stages": ["ks3"]},
        {**base, "id": "o/d", "title": "Printmaking: making a press", "summary": "Build a simple press.",
         "subjects": ["history"], "key_stages": ["ks4"]},
        {**base, "id": "o/e", "title": "Printmaking: inks", "summary": "Mix inks.", "subjects": ["history"],
         "key_stages": ["ks4"]},
    ]
    related = Related(resources)
    assert related.of(0, 2) == [2]  # the only one sharing a word
    # printing, lino: more than a shared subject and key stage (candidates the page adds by facets)
    assert related.of(0, 2, extra=[1, 3, 4]) == [2, 1]
    assert related.of(3, 1) == [4]  # the same series first
    assert series_of(resources[3]) == series_of(resources[4]) != series_of(resources[0])


def test_a_pair_scores_the_same_whichever_resource_asks() -> None:
    """Ties between equally related resources are then broken the same way on both pages."""
    resources = [r.data for r in load_checked(FIXTURES / "oak").resources][:60]
    related = Related(resources)
    for a in range(len(resources)):
        for b in range(a + 1, len(resources)):
            assert related.score(a, b) == related.score(b, a)
        words = related.vector(a)
        assert words, resources[a]["id"]  # every lesson here has words
        assert list(words) == sorted(words) and abs(sum(w * w for w in words.values()) - 1) < 1e-9
