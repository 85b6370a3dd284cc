"""Pages that answer "what is it?" and never link to an empty list, on the sample catalogue."""

from __future__ import annotations

import re
from collections import Counter

from catalogues import FIXTURES, REPO

from oerbank.pipeline import check
from oerbank.render.site import SiteModel

GREEK = "old-laundry-arts/greek-theatre-chorus-and-masks"


def _model() -> SiteModel:
    catalogue, _ = check(REPO)
    return SiteModel(catalogue)


def test_a_resource_page_opens_with_one_summary_line_above_its_button() -> None:
    model = _model()
    html = model.resource_html(next(r for r in model.resources if r["id"] == GREEK))
    line = re.search(r'<p class="oer-summary-line">(.*?)</p>', html)
    assert line is not None
    assert re.sub(r"<[^>]+>", "", line.group(1)) == (
        "Workshop, Lesson plan · Key Stage 3 (ages 11–14), Key Stage 4 (ages 14–16) · 1 hour 40 minutes · "
        "Paid: £4 per pupil (bursaries for schools in Sussex) · From The Old Laundry Arts Centre")
    assert '<span class="oer-tag oer-cost oer-cost--paid">' in line.group(1)
    assert html.index("oer-summary-line") < html.index("Go to the resource")
    assert '<dt>Published</dt><dd><time datetime="2020-11-09">9 November 2020</time></dd>' in html
    assert '<dt>Updated</dt><dd><time datetime="2023-11-13">13 November 2023</time></dd>' in html
    assert "<dt>Cost</dt><dd>Paid: £4 per pupil (bursaries for schools in Sussex)</dd>" in html


def test_free_and_paid_carry_different_classes_on_cards() -> None:
    model = _model()
    classes = Counter(model.card(r, "./")["cost_class"] for r in model.resources)
    assert set(classes) <= {"oer-cost--free", "oer-cost--free-registration", "oer-cost--paid"}
    assert classes["oer-cost--paid"] and classes["oer-cost--free"]
    card = model.card(next(r for r in model.resources if r["id"] == GREEK), "./")
    assert (card["types"], card["duration"], card["cost_text"]) == (
        ["Workshop", "Lesson plan"], "1 hour 40 minutes", "Paid: £4 per pupil (bursaries for schools in Sussex)")


def test_no_page_links_to_an_empty_list() -> None:
    catalogue, _ = check(FIXTURES / "oak")  # real lessons: music and art, so most terms are unused
    model = SiteModel(catalogue)
    pages = {p.src_uri: p for p in model.pages()}
    empty = {src[:-3] + "/" for src, p in pages.items()
             if p.kind.startswith("browse-") and "No resources here yet." in p.html}
    assert len(empty) > 20
    home = pages["index.md"].html
    assert "(0)" not in home
    for folder in ("key-stages", "subjects", "art-forms", "resource-types"):
        index = pages[f"{folder}/index.md"].html
        linked = {f"{folder}/{m}/" for m in re.findall(r'href="\.\./' + folder + r'/([a-z0-9-]+)/"', index)}
        assert not linked & empty, folder
        assert "(0 resources)" not in index
    for html in (home, *(pages[f"{f}/index.md"].html for f in ("key-stages", "subjects"))):
        assert not any(f'/{e}"' in html or f'"{e}"' in html for e in empty)
