"""Browsing by each nation's stages without JavaScript, and the vocabulary pages the JSON-LD's URIs name."""

from __future__ import annotations

import json
import re
from pathlib import Path

from oerbank.pipeline import check
from oerbank.render.site import SiteModel

REPO = Path(__file__).resolve().parents[2]
SITE = "https://open-arts-resource-bank.github.io/oerbank/"


def _model() -> SiteModel:
    catalogue, _ = check(REPO)
    return SiteModel(catalogue, site_url=SITE)


def _pages(model: SiteModel) -> dict[str, str]:
    return {p.src_uri: p.html for p in model.pages() if p.src_uri.startswith(("browse/", "vocab/", "curriculum/"))}


def test_a_scottish_stage_lists_the_key_stages_that_fit_it() -> None:
    model = _model()
    pages = _pages(model)
    html = pages["browse/scotland/second-level.md"]
    assert "<h1>Second level (P5–P7)</h1>" in html
    fitting = [r for r in model.resources if {"ks2", "ks3"} & set(r["key_stages"])]
    assert f"{len(fitting)} resources" in html
    assert 'href="../../../search/?nation=scotland&amp;scotland_stage=scotland-second-level"' in html
    # The cards name Scotland's stages, not England's key stages.
    tags = re.findall(r'<p class="oer-card__meta">([^<]*)<span', html)
    assert len(tags) == 50 and all("Second level (P5–P7)" in t and "Key Stage" not in t for t in tags)
    index = pages["browse/scotland/index.md"]
    assert 'href="../../browse/scotland/senior-phase/"' in index and "Matched from Key Stage 4 (ages 14–16)" in index
    assert re.findall(r'href="\.\./browse/([a-z-]+)/"', pages["browse/index.md"]) == [
        "england", "scotland", "wales", "northern-ireland"]


def test_every_concept_uri_in_the_json_ld_has_its_anchor() -> None:
    model = _model()
    pages = _pages(model)
    anchors = {f"{SITE}vocab/{src[len('vocab/'):-3]}/#{key}"
               for src, html in pages.items() if src.startswith("vocab/")
               for key in re.findall(r'<dt id="([^"]+)"', html)}
    # A curriculum statement without an address of its own is identified by its page here.
    anchors |= {f"{SITE}{src[:-3]}/" for src in pages if src.startswith("curriculum/") and "/page-" not in src}
    used = set()
    for r in model.resources:
        ld = json.loads(re.search(r'ld\+json">(.*?)</script>', model.resource_html(r), re.S).group(1))
        for prop in ("teaches", "audience", "learningResourceType"):
            used |= {c["id"] for c in ld.get(prop, []) if c["id"].startswith(SITE)}
        used |= {a["targetUrl"] for a in ld["educationalAlignment"] if a["targetUrl"].startswith(SITE)}  # curriculum links point to the official statement
    assert used and used <= anchors
    stages = pages["vocab/stages.md"]
    assert '<dt id="wales-progression-step-3">' in stages and "Matched from Key Stage 2 (ages 7–11)" in stages
    assert '<a href="https://ccea.org.uk/about/what-we-do/curriculum">' in stages
