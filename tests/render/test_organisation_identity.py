"""An organisation's page shows its identity and its embed; cards and resource pages show its logo small."""

from __future__ import annotations

import html
import json
import re

import pytest

from catalogues import FIXTURES, REPO
from oerbank.pipeline import check
from oerbank.render.site import SiteModel

SITE = "https://bank.example/oerbank/"


@pytest.fixture(scope="module")
def model() -> SiteModel:
    return SiteModel(check(REPO)[0], site_url=SITE)


def _first_page(model: SiteModel, org: str) -> str:
    return next(p for p in model.organisation_pages() if p.kind == "organisation" and p.key == org).html


def test_the_brand_colour_is_a_band_with_text_that_reads_on_it(model: SiteModel) -> None:
    page = _first_page(model, "castlegate-gallery")
    assert '<header class="oer-org-band oer-org-band--brand" style="--oer-brand:#8a1c3b;--oer-on-brand:#ffffff">' in page
    yellow = _first_page(model, "brightwater-festival")
    assert 'style="--oer-brand:#f2c230;--oer-on-brand:#212121"' in yellow


def test_the_page_shows_bookings_nations_links_and_the_logo(model: SiteModel) -> None:
    page = _first_page(model, "castlegate-gallery")
    assert ('<a class="md-button md-button--primary" href="tel:01134960412" rel="noopener noreferrer">Book a visit '
            'or workshop</a> <span class="oer-go__host">by phone on 0113 496 0412</span>') in page
    assert "<dt>Works with schools in</dt><dd>England</dd>" in page
    assert ('<a href="https://www.instagram.com/castlegategallery" rel="noopener noreferrer">'
            "instagram.com/castlegategallery</a>") in page
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert ld["sameAs"] == ["https://www.instagram.com/castlegategallery"]
    assert ('<img class="oer-logo" src="https://castlegate-gallery.example/images/logo.png" alt="Castlegate Gallery '
            'in white capitals on a crimson square" width="160" height="80" loading="lazy" '
            'referrerpolicy="no-referrer">') in page


def test_a_logo_the_link_check_found_broken_is_left_out(model: SiteModel) -> None:
    broken = SiteModel(model.catalogue, site_url=SITE, broken_pictures={"castlegate-gallery"})
    page = _first_page(broken, "castlegate-gallery")
    assert "<img class=\"oer-logo\"" not in page and "<h1>Castlegate Gallery</h1>" in page


def test_cards_and_resource_pages_show_the_logo_small(model: SiteModel) -> None:
    home = model.home_page().html
    logos = re.findall(r'<p class="oer-card__org">(<img [^>]*>) <a', home)
    assert logos and all('width="32" height="32" loading="lazy" referrerpolicy="no-referrer"' in t for t in logos)
    r = next(r for r in model.resources if r["organisation"] == "opera-glannau")
    page = model.resource_page(r).html
    assert (' · From <img class="oer-logo-s" src="https://www.operaglannau.example/images/logo.svg"'
            ' alt="Opera Glannau: a red wave shaped like a treble clef" width="32" height="32" loading="lazy" '
            'referrerpolicy="no-referrer"><a href="../../../organisations/opera-glannau/">Opera Glannau</a></p>'
            ) in page


def test_the_embed_snippet_lists_the_newest_resources_as_plain_links(model: SiteModel) -> None:
    page = _first_page(model, "castlegate-gallery")
    snippet = html.unescape(re.search(r"<h2 id=\"embed-heading\">Embed</h2>.*?<pre><code>(.*?)</code></pre>",
                                      page, re.S).group(1))
    newest = sorted(model.by_org["castlegate-gallery"], key=lambda r: (model.date_of(r), r["id"]), reverse=True)[:5]
    links = re.findall(r'<li><a href="([^"]+)">', snippet)
    assert links == [f"{SITE}resources/{r['id']}/" for r in newest]
    assert snippet.startswith('<div data-oerbank-organisation="castlegate-gallery" data-oerbank-limit="5" '
                              'data-oerbank-name="Open Arts Resource Bank">')
    assert snippet.endswith(f'<script src="{SITE}assets/oerbank/embed.js" defer></script>')
    assert snippet.count("<script") == 1 and "style=" not in snippet
    preview = re.search(r'<div class="oer-embed__preview">(.*?)</div></div>', page, re.S).group(1)
    assert '<a href="../../resources/' in preview and "<script" not in preview  # relative, so it works anywhere
    assert '<script src="../../assets/oerbank/embed.js" defer></script>' in page
    badge = html.unescape(re.search(r"<h3>Badge</h3>.*?<pre><code>(.*?)</code></pre>", page, re.S).group(1))
    assert badge == (f'<a href="{SITE}organisations/castlegate-gallery/"><img src="{SITE}organisations/'
                     'castlegate-gallery/badge.svg" alt="14 resources in the Open Arts Resource Bank" width="301" '
                     'height="20" referrerpolicy="no-referrer"></a>')


def test_hostile_names_are_escaped_in_the_snippet_and_the_preview() -> None:
    model = SiteModel(check(FIXTURES / "xss")[0], site_url=SITE)
    org = next(iter(model.orgs.values()))
    page = next(p for p in model.organisation_pages() if p.kind == "organisation").html
    assert "<script>alert" not in page
    snippet = html.unescape(re.search(r"<pre><code>(.*?)</code></pre>", page, re.S).group(1))
    assert "<script>alert" not in snippet and "&lt;script&gt;alert(&#39;org&#39;)" in snippet
    assert org["id"] in snippet
