"""Browse pages list a term's newest resources up to a limit; organisation pages list everything."""

from __future__ import annotations

import re

from catalogues import REPO

from oerbank.pipeline import check
from oerbank.render.site import SiteModel

LINK = re.compile(r'href="(?:\.\./)+resources/([a-z0-9-]+/[a-z0-9-]+)/"')
EMBED = re.compile(r'<section class="oer-embed".*?</section>', re.S)  # the embed's preview repeats the newest


def listed_on(html: str) -> list[str]:
    return LINK.findall(EMBED.sub("", html))


def test_a_long_listing_stops_at_the_limit_and_points_to_search_and_organisations() -> None:
    catalogue, _ = check(REPO)
    model = SiteModel(catalogue, page_size=4, browse_limit=10)
    ks2 = [p for p in model.browse_pages() if p.kind == "browse-key_stages" and p.key == "ks2"]
    everything = [r for r in model.resources if "ks2" in r["key_stages"]]
    assert len(everything) > 10
    assert [p.src_uri for p in ks2] == ["key-stages/ks2.md", "key-stages/ks2/page-2.md", "key-stages/ks2/page-3.md"]
    listed = [m for p in ks2 for m in LINK.findall(p.html)]
    newest = sorted(everything, key=lambda r: (-int(model.date_of(r).replace("-", "")), r["title"].lower()))
    assert listed == [r["id"] for r in newest[:10]]
    last = ks2[-1].html
    assert f"These pages list the newest 10 of {len(everything)}." in last
    assert f'<a href="../../../search/?key_stage=ks2">Search and filter all {len(everything)}</a>' in last
    assert f"{len(everything)} resources, newest first, showing 9–10." in last

    by_org = [m for p in model.organisation_pages() if p.kind == "organisation" for m in listed_on(p.html)]
    assert sorted(by_org) == sorted(r["id"] for r in model.resources)


def test_a_listing_under_the_limit_says_nothing_about_it() -> None:
    catalogue, _ = check(REPO)
    model = SiteModel(catalogue, page_size=4)
    page = next(p for p in model.browse_pages() if p.kind == "browse-key_stages" and p.key == "ks2")
    assert "These pages list the newest" not in page.html


def test_a_large_organisation_is_listed_page_by_page() -> None:
    catalogue, _ = check(REPO)
    model = SiteModel(catalogue, page_size=3)
    org_id = max(model.by_org, key=lambda o: len(model.by_org[o]))
    mine = sorted(model.by_org[org_id], key=lambda r: r["title"].lower())
    pages = [p for p in model.organisation_pages() if p.kind == "organisation" and p.key == org_id]
    assert len(mine) > 6 and len(pages) == -(-len(mine) // 3)
    assert pages[0].src_uri == f"organisations/{org_id}.md"
    assert pages[1].src_uri == f"organisations/{org_id}/page-2.md"
    assert [m for p in pages for m in listed_on(p.html)] == [r["id"] for r in mine]
    first, second = pages[0].html, pages[1].html
    assert first.count('type="application/ld+json"') == 1 and 'type="application/ld+json"' not in second
    assert f"Resources ({len(mine)})" in second and "By title, showing 4–6" in second
    assert f'<a href="../../../organisations/{org_id}/page-3/">Page 3</a>' in second and 'rel="prev"' in second
    assert f'<a href="../../../organisations/{org_id}/">About ' in second
