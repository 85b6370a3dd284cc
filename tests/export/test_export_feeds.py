"""Atom feeds parse with feedparser and hold the right entries, newest first."""

from __future__ import annotations

from pathlib import Path

import feedparser
from catalogues import altered
from export_helpers import SITE_URL

from oerbank.export import feed_links, write_feeds
from oerbank.load import Catalogue
from oerbank.schema import load_schema

DATES = {"resources/north-light-gallery/looking-at-landscape.md": ("2025-06-01", "2025-06-02")}


def _parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_site_feed(small: Catalogue, tmp_path: Path) -> None:
    written = write_feeds(small, DATES, tmp_path, SITE_URL)
    assert tmp_path / "feed.xml" in written
    feed = _parse(tmp_path / "feed.xml")
    # published date, else the first commit: 2025-06-01 (git), 2024-03-12, 2023-09-01
    assert [e.link for e in feed.entries] == [
        f"{SITE_URL}resources/north-light-gallery/looking-at-landscape/",
        f"{SITE_URL}resources/quay-arts/lino-printing-for-beginners/",
        f"{SITE_URL}resources/quay-arts/sinema-bach/",
    ]
    lino = feed.entries[1]
    assert lino.title == "Lino Printing for Beginners, Part 1"
    assert lino.published.startswith("2024-03-12") and lino.updated.startswith("2025-01-20")
    assert lino.author == 'Quay Arts & Crafts "Centre"'
    assert {t.term for t in lino.tags} >= {"ks2", "ks3", "art-and-design", "visual-art"}
    assert any(link.href == "https://quay-arts.example/learning/lino?part=1&lang=en" for link in lino.links)
    assert feed.feed.updated.startswith("2025-06-02")
    assert b"&amp;lang=en" in (tmp_path / "feed.xml").read_bytes()


def test_organisation_and_key_stage_feeds(small: Catalogue, tmp_path: Path) -> None:
    written = write_feeds(small, {}, tmp_path, SITE_URL)
    keys = load_schema().vocabularies["key_stages"].keys
    assert len(written) == 1 + len(small.organisations) + len(keys)
    quay = _parse(tmp_path / "organisations" / "quay-arts" / "feed.xml")
    assert sorted(e.id for e in quay.entries) == [f"{SITE_URL}resources/quay-arts/lino-printing-for-beginners/",
                                                  f"{SITE_URL}resources/quay-arts/sinema-bach/"]
    assert quay.feed.title.endswith('from Quay Arts & Crafts "Centre"')
    ks1 = _parse(tmp_path / "key-stages" / "ks1" / "feed.xml")
    assert [e.title for e in ks1.entries] == ["Looking at Landscape"]
    assert len(_parse(tmp_path / "key-stages" / "ks2" / "feed.xml").entries) == 3
    assert _parse(tmp_path / "key-stages" / "ks5" / "feed.xml").entries == []


def test_limit_and_hostile_text(small: Catalogue, tmp_path: Path) -> None:
    small = altered(small, "quay-arts/sinema-bach", title="</title><script>alert(1)</script> & \x0b control",
                    published="2030-01-01")
    sinema = next(r for r in small.resources if r.id == "quay-arts/sinema-bach")
    write_feeds(small, {}, tmp_path, SITE_URL, limit=1)
    feed = _parse(tmp_path / "feed.xml")
    assert len(feed.entries) == 1
    assert len(_parse(tmp_path / "key-stages" / "ks2" / "feed.xml").entries) == 3  # sections have their own limit
    write_feeds(small, {}, tmp_path, SITE_URL, section_limit=2)
    assert len(_parse(tmp_path / "feed.xml").entries) == 3
    ks2 = _parse(tmp_path / "key-stages" / "ks2" / "feed.xml")
    assert [e.title for e in ks2.entries][0] == sinema.data["title"].replace("\x0b", "") and len(ks2.entries) == 2
    assert len(_parse(tmp_path / "organisations" / "quay-arts" / "feed.xml").entries) == 2
    write_feeds(small, {}, tmp_path, SITE_URL, limit=1)
    assert feed.entries[0].title == "</title><script>alert(1)</script> &  control"
    assert b"<script>" not in (tmp_path / "feed.xml").read_bytes()


def test_feed_links() -> None:
    assert feed_links("site") == [("Open Arts Resource Bank: new resources", "feed.xml")]
    org = feed_links("organisation", "quay-arts", name="Quay Arts", site_url=SITE_URL)
    assert org[0] == ("Open Arts Resource Bank: new resources from Quay Arts",
                      f"{SITE_URL}organisations/quay-arts/feed.xml")
    assert org[1][1] == f"{SITE_URL}feed.xml"
    ks = feed_links("key_stage", "ks2")
    assert ks[0][1] == "key-stages/ks2/feed.xml" and "Key Stage 2" in ks[0][0]


def test_feeds_are_reproducible(small: Catalogue, tmp_path: Path) -> None:
    write_feeds(small, DATES, tmp_path / "a", SITE_URL)
    write_feeds(small, DATES, tmp_path / "b", SITE_URL)
    for path in (tmp_path / "a").rglob("*.xml"):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()
