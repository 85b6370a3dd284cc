"""Atom feeds of new resources: the whole catalogue, each organisation and each key stage.

Teachers and newsletters follow a feed instead of revisiting the site. Feeds are built with
ElementTree, which escapes every value, and dated from the records (never the clock), so a
rebuild of the same commit changes nothing.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from ..githistory import history_for
from ..load import Catalogue, Record
from ..schema import load_schema
from .tables import Dates

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"
LIMIT = 50  # the catalogue's feed
SECTION_LIMIT = 20  # each organisation's and key stage's: hundreds of feeds, read by the same readers
SITE_NAME = "Open Arts Resource Bank"  # the default; a catalogue names itself in mkdocs.yml (site_name)
_EPOCH = "1970-01-01"
# Characters XML 1.0 can't hold, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_path(page_kind: str, key: str | None = None) -> str:
    """The feed's path from the site root: 'feed.xml', 'organisations/<id>/feed.xml', ..."""
    if page_kind == "site":
        return FEED_FILE
    if page_kind == "organisation":
        return f"organisations/{key}/{FEED_FILE}"
    if page_kind == "key_stage":
        return f"key-stages/{key}/{FEED_FILE}"
    raise ValueError(f"no feeds for page kind {page_kind!r}")


def _site_title(site_name: str) -> str:
    return f"{site_name}: new resources"


def _key_stage_title(key: str, site_name: str) -> str:
    vocab = load_schema().vocabularies["key_stages"]
    return f"{site_name}: new resources for {vocab.label(key)}"


def feed_links(page_kind: str, key: str | None = None, *, name: str | None = None,
               site_url: str = "", site_name: str = SITE_NAME) -> list[tuple[str, str]]:
    """(title, href) for the <link rel="alternate" type="application/atom+xml"> tags of a page.

    page_kind is "site" (any page: the catalogue feed only), "organisation" (key: its id,
    name: its name) or "key_stage" (key: e.g. "ks2"). Hrefs are relative to the site root
    unless site_url is given.
    """
    links = [(_site_title(site_name), site_url + FEED_FILE)]
    if page_kind == "organisation" and key:
        links.insert(0, (f"{site_name}: new resources from {name or key}", site_url + feed_path(page_kind, key)))
    elif page_kind == "key_stage" and key:
        links.insert(0, (_key_stage_title(key, site_name), site_url + feed_path(page_kind, key)))
    return links


def _text(value: Any) -> str:
    return _NOT_XML.sub("", str(value))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _text(v) for k, v in attrs.items()} if attrs else {})
    if text is not None:
        el.text = _text(text)
    return el


class _Categories:
    """One <category> element per vocabulary value, shared by every entry that uses it.

    ElementTree lets an element sit under many parents, and building 10 categories for
    each of 100,000 entries was a third of the time feeds took.
    """

    def __init__(self, site_url: str) -> None:
        self.site_url = site_url
        self.cache: dict[tuple[str, str], ET.Element] = {}
        self.vocabularies = load_schema().vocabularies

    def get(self, field: str, key: str) -> ET.Element:
        el = self.cache.get((field, key))
        if el is None:
            el = ET.Element("category", {
                "term": _text(key), "scheme": f"{self.site_url}{field.replace('_', '-')}/",
                "label": _text(self.vocabularies[field].label(key))})
            self.cache[(field, key)] = el
        return el


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


class _Entry:
    """What a feed entry needs from a resource, with its dates settled once."""

    def __init__(self, record: Record, dates: Dates, permanent_id: str) -> None:
        self.record = record
        self.permanent_id = permanent_id  # the entry's id stays the same when the file is renamed
        data = record.data
        first, last = dates.get(record.path, (None, None))
        self.published = str(data.get("published") or first or _EPOCH)
        self.updated = max(self.published, str(data.get("updated") or ""), last or "")

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.published, self.record.id)


def _newest(entries: list[_Entry], limit: int) -> list[_Entry]:
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)[:limit]


def _feed_xml(title: str, feed_url: str, page_url: str, entries: list[_Entry], catalogue: Catalogue,
              site_url: str, categories: _Categories, site_name: str = SITE_NAME) -> ET.ElementTree:
    # Plain tag names under an xmlns attribute: the Atom namespace without ElementTree's global
    # prefix registry (which other modules share) and without ns0: prefixes.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en-GB"})
    _sub(feed, "id", feed_url)
    _sub(feed, "title", title)
    _sub(feed, "updated", _stamp(max((e.updated for e in entries), default=_EPOCH)))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=page_url)
    author = _sub(feed, "author")
    _sub(author, "name", f"{site_name} contributors")
    _sub(author, "uri", site_url)
    _sub(feed, "generator", "oerbank")
    _sub(feed, "rights", "Catalogue metadata: CC0 1.0. Each resource has its own licence.")
    for e in entries:
        data = e.record.data
        page = f"{site_url}resources/{e.record.id}/"
        entry = _sub(feed, "entry")
        # The address the resource was first published at, which leads to its page if it moved.
        _sub(entry, "id", f"{site_url}resources/{e.permanent_id}/")
        _sub(entry, "title", data.get("title") or e.record.id)
        _sub(entry, "link", rel="alternate", type="text/html", href=page)
        if data.get("url"):
            _sub(entry, "link", rel="related", href=data["url"])
        _sub(entry, "published", _stamp(e.published))
        _sub(entry, "updated", _stamp(e.updated))
        org = catalogue.organisation(data.get("organisation") or "")
        author = _sub(entry, "author")
        _sub(author, "name", (org.data.get("name") if org else None) or data.get("organisation") or "")
        if org:
            _sub(author, "uri", f"{site_url}organisations/{org.id}/")
        for field in ("key_stages", "subjects", "art_forms", "resource_types"):
            entry.extend(categories.get(field, key) for key in data.get(field) or [])
        _sub(entry, "summary", data.get("summary") or "", type="text")
    # A line per top-level element keeps the file readable; ET.indent doubled the time at scale.
    feed.text = "\n"
    for child in feed:
        child.tail = "\n"
    return ET.ElementTree(feed)


def _write(tree: ET.ElementTree, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n")
    return path


def write_feeds(catalogue: Catalogue, dates: Dates | None, out_dir: Path, site_url: str,
                limit: int = LIMIT, section_limit: int = SECTION_LIMIT, site_name: str = SITE_NAME) -> list[Path]:
    """feed.xml, organisations/<id>/feed.xml and key-stages/<ks>/feed.xml under out_dir."""
    dates = dates or {}
    site_url = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    history = history_for(dates, catalogue)
    entries = [_Entry(r, dates, history.permanent_id(r.path, r.id)) for r in catalogue.resources]
    by_org: dict[str, list[_Entry]] = {o.id: [] for o in catalogue.organisations}
    by_stage: dict[str, list[_Entry]] = {k: [] for k in load_schema().vocabularies["key_stages"].keys}
    for e in entries:
        by_org.setdefault(e.record.data.get("organisation") or e.record.folder, []).append(e)
        for ks in e.record.data.get("key_stages") or []:
            if ks in by_stage:
                by_stage[ks].append(e)

    categories = _Categories(site_url)

    def one(kind: str, key: str | None, title: str, page: str, chosen: list[_Entry]) -> Path:
        rel = feed_path(kind, key)
        newest = _newest(chosen, limit if kind == "site" else section_limit)
        tree = _feed_xml(title, site_url + rel, site_url + page, newest, catalogue, site_url,
                         categories, site_name)
        return _write(tree, out_dir / rel)

    written = [one("site", None, _site_title(site_name), "", entries)]
    for org_id in sorted(by_org):
        org = catalogue.organisation(org_id)
        name = (org.data.get("name") if org else None) or org_id
        title = feed_links("organisation", org_id, name=name, site_name=site_name)[0][0]
        written.append(one("organisation", org_id, title,
                           f"organisations/{org_id}/", by_org[org_id]))
    for ks, chosen in by_stage.items():
        written.append(one("key_stage", ks, _key_stage_title(ks, site_name), f"key-stages/{ks}/", chosen))
    return written
