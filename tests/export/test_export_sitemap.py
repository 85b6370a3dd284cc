"""The sitemap lists every page that exists, and nothing else."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

from export_helpers import SITE_URL

from oerbank.export import write_sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
PAGES = ["index.html", "404.html", "about/index.html", "data/index.html", "resources/acme/intro/index.html",
         "resources/acme/a b/index.html", "organisations/acme/index.html", "legacy.html"]
OTHER = ["assets/site.css", "data/resources.csv", "feed.xml", "search/search_index.json"]


def _site(root: Path) -> Path:
    for rel in PAGES + OTHER:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    return root


EXPECTED = sorted(SITE_URL + u for u in ["", "about/", "data/", "legacy.html", "organisations/acme/",
                                         "resources/acme/a%20b/", "resources/acme/intro/"])


def _locs(path: Path) -> list[str]:
    text = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return [e.text or "" for e in ET.fromstring(text).findall("*/s:loc", NS)]


def test_every_page_and_nothing_else(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    written = write_sitemap(site, SITE_URL)
    assert written == [site / "sitemap.xml", site / "robots.txt"]
    assert ET.parse(site / "sitemap.xml").getroot().tag == f"{{{NS['s']}}}urlset"
    assert _locs(site / "sitemap.xml") == EXPECTED
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"


def test_split_into_an_index(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "sitemap-9.xml").write_text("stale")
    (site / "sitemap-8.xml.gz").write_text("stale")
    written = write_sitemap(site, SITE_URL, max_urls=3)
    root = ET.parse(site / "sitemap.xml").getroot()
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    parts = _locs(site / "sitemap.xml")
    assert parts == [f"{SITE_URL}sitemap-{n}.xml.gz" for n in (1, 2, 3)]
    listed = [loc for n in (1, 2, 3) for loc in _locs(site / f"sitemap-{n}.xml.gz")]
    assert listed == EXPECTED
    assert not (site / "sitemap-9.xml").exists() and not (site / "sitemap-8.xml.gz").exists()
    assert site / "sitemap-3.xml.gz" in written


def test_mkdocs_gzip_copy_is_replaced(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(b"old"))
    write_sitemap(site, SITE_URL)
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()
    first = (site / "sitemap.xml.gz").read_bytes()
    write_sitemap(site, SITE_URL)
    assert (site / "sitemap.xml.gz").read_bytes() == first


def test_without_a_site_url_nothing_is_written(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    assert write_sitemap(site, "") == []
    assert not (site / "sitemap.xml").exists()
