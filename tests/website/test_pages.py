"""The built sample site: every record has its page, with escaped text, links and structured data."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from oerbank.pipeline import check

from .conftest import REPO


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.jsonld: list[str] = []
        self._in_ld = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._in_ld = True
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.jsonld[-1] += data
        else:
            self.text.append(data)


def scan(path: Path) -> _Scan:
    s = _Scan()
    s.feed(path.read_text(encoding="utf-8"))
    return s


def test_every_resource_and_organisation_has_a_page(sample_site: Path) -> None:
    catalogue, _ = check(REPO)
    for r in catalogue.resources:
        page = sample_site / "resources" / r.id / "index.html"
        assert page.exists(), r.id
    for o in catalogue.organisations:
        assert (sample_site / "organisations" / o.id / "index.html").exists()


def test_resource_page_shows_fields_with_labels(sample_site: Path) -> None:
    page = sample_site / "resources/castlegate-gallery/pattern-and-repeat-geometric-design/index.html"
    s = scan(page)
    text = " ".join(" ".join(s.text).split())
    assert "Pattern and Repeat: Geometry in Art" in text
    assert "Key Stage 2 (ages 7–11)" in text and "Key Stage 3 (ages 11–14)" in text
    assert "Art and design" in text and "CC BY 4.0" in text and "1 hour 30 minutes" in text
    assert "From Castlegate Gallery" in text
    assert "tessellation" in text  # the Markdown body
    go = [a for a in s.links if a.get("href") == "https://castlegate-gallery.example/schools/pattern-and-repeat-geometric-design"]
    assert go and all(a.get("rel") and "noopener" in a["rel"] and "noreferrer" in a["rel"] for a in go)
    edit = [a for a in s.links if "Suggest" in (a.get("href") or "") or (a.get("href") or "").endswith(
        "resources/castlegate-gallery/pattern-and-repeat-geometric-design.md")]
    assert edit and edit[0]["href"].startswith("https://github.com/open-arts-resource-bank/oerbank/edit/main/")


def test_json_ld_on_every_resource_page(sample_site: Path) -> None:
    """schema.org reads it as a LearningResource (the AMB context maps `type` and `id` to @type and
    @id); the offers that are events say so as an additional type. tests/render/test_jsonld_amb.py
    checks the same data against the AMB profile."""
    catalogue, _ = check(REPO)
    events = 0
    for r in catalogue.resources:
        s = scan(sample_site / "resources" / r.id / "index.html")
        assert len(s.jsonld) == 1, r.id
        ld = json.loads(s.jsonld[0])
        assert ld["@context"][:2] == ["https://w3id.org/kim/amb/context.jsonld", "https://schema.org"]
        assert ld["type"] == ["LearningResource"]
        events += ld.get("additionalType") == "https://schema.org/EducationEvent"
        assert ld["id"].endswith(f"/resources/{r.id}/")
        assert ld["name"] == r.data["title"]
        assert ld["url"] == r.data["url"]
        assert ld["educationalLevel"] and ld["learningResourceType"] and ld["teaches"]
        assert ld["educationalAlignment"]
        assert ld["publisher"][0]["type"] == "Organization"
        assert ld["isAccessibleForFree"] == (r.data["cost"] != "paid")
        assert ld["inLanguage"] == [code for code in r.data["languages"] if len(code) == 2]
        assert ld["typicalAgeRange"]
        if r.data["licence"] != "all-rights-reserved":
            assert (ld.get("license") or ld["usageInfo"])["id"].startswith("https://")
    assert events > 0


def _listed(pages: list[Path]) -> set[str]:
    listed: set[str] = set()
    for page in pages:
        for a in scan(page).links:
            m = re.search(r"resources/([a-z0-9-]+/[a-z0-9-]+)/$", a.get("href") or "")
            if m:
                listed.add(m.group(1))
    return listed


def test_every_resource_is_listed_without_javascript(sample_site: Path) -> None:
    """Organisation pages list everything; browse pages list each term's newest 500 (all, in the sample)."""
    catalogue, _ = check(REPO)
    everything = {r.id for r in catalogue.resources}
    assert _listed(list((sample_site / "organisations").rglob("index.html"))) == everything
    assert _listed(list((sample_site / "key-stages").rglob("index.html"))) == everything


def test_newest_on_home_page_is_fair_across_organisations(sample_site: Path) -> None:
    s = scan(sample_site / "index.html")
    orgs = [a["href"] for a in s.links if re.search(r"organisations/[a-z0-9-]+/$", a.get("href") or "")]
    assert len(orgs) == 8
    assert max(orgs.count(o) for o in orgs) <= 2


def test_built_pages_forbid_inline_scripts(sample_site: Path) -> None:
    for page in ("index.html", "search/index.html", "organisations/castlegate-gallery/index.html",
                 "key-stages/ks2/index.html", "key-stages/index.html",
                 "resources/castlegate-gallery/pattern-and-repeat-geometric-design/index.html"):
        html = (sample_site / page).read_text(encoding="utf-8")
        assert "default-src 'self'; script-src 'self'; style-src" in html, page
        assert not re.search(r"<script>(?!\s*</script>)", html), page


def test_listing_pages_name_their_feeds(sample_site: Path) -> None:
    feeds = {page: re.findall(r'<link rel="alternate feed" type="application/atom\+xml" title="([^"]+)" href="([^"]+)"',
                              (sample_site / page).read_text(encoding="utf-8"))
             for page in ("organisations/castlegate-gallery/index.html", "key-stages/ks2/index.html",
                          "resources/castlegate-gallery/pattern-and-repeat-geometric-design/index.html")}
    assert feeds["organisations/castlegate-gallery/index.html"] == [
        ("Open Arts Resource Bank: new resources from Castlegate Gallery", "feed.xml"),
        ("Open Arts Resource Bank: newest resources", "../../feed.xml")]
    assert feeds["key-stages/ks2/index.html"][1] == ("Open Arts Resource Bank: newest resources", "../../feed.xml")
    assert feeds["key-stages/ks2/index.html"][0][1] == "feed.xml"
    assert feeds["resources/castlegate-gallery/pattern-and-repeat-geometric-design/index.html"] == []


def test_every_link_within_the_site_leads_to_a_page_or_file(sample_site: Path) -> None:
    """Prose pages' sidebars included: a link MkDocs could not match to a page is left as written ("browse/index.md")."""
    from urllib.parse import unquote, urlsplit

    broken = []
    for page in sorted(sample_site.rglob("*.html")):
        if page.name == "404.html":  # served at any depth, so its links start at the site's root path
            continue
        for link in scan(page).links:
            href = link.get("href") or ""
            parts = urlsplit(href)
            if not href or parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "tel:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.is_relative_to(sample_site.resolve()):
                broken.append(f"{page.relative_to(sample_site)}: {href}")
    assert broken == []
