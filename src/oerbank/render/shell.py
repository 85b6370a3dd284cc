"""The page shell around every catalogue page, and writing the pages into the site.

The catalogue's pages are ours from content to shell (templates/shell.html), so no docs engine
is needed to make them: they look like the prose pages because they load Material's stylesheet
(render/material.py copies it from the installed theme) and share one search form
(templates/partials/oer-search-form.html, which the docs engine is given too).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from markupsafe import Markup

from ..buildstep import page_record, step
from ..export.feeds import feed_links
from ..load import Record
from ..parallel import map_chunks, unwrap
from .site import Page, SiteModel, url_of


def menu(nav: Sequence[Any]) -> list[dict[str, Any]]:
    """The header menu of every page, from mkdocs.yml's `nav`: each top-level entry but Home (the
    site's name links there) as {title, href, children}, a section linking to its first page.
    Addresses are site paths ("key-stages/"); entries that are not pages of the site are left out."""
    def entry(item: Any) -> dict[str, Any] | None:
        if not isinstance(item, dict) or len(item) != 1:
            return None
        title, target = next(iter(item.items()))
        if isinstance(target, str):
            if urlsplit(target).scheme or not target.endswith(".md"):
                return None
            return {"title": str(title), "href": url_of(target), "children": []}
        if isinstance(target, list):
            children = [c for c in (entry(i) for i in target) if c]
            if children:
                return {"title": str(title), "href": children[0]["href"], "children": children}
        return None
    items = [e for e in (entry(i) for i in nav) if e]
    return [e for e in items if e["href"] != ""]

# Search fetches its index from the site itself; nothing runs inline and no third party is contacted.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' https: data:; font-src 'self' data:; connect-src 'self'; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


PAGES_PARALLEL_FROM = 200  # listing pages (50 cards each) worth a second process


def content_security_policy(live_reload: bool = False) -> str:
    """The policy every page carries; a live preview injects an inline reload script, allowed there only."""
    if live_reload:
        return CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
    return CONTENT_SECURITY_POLICY


def escape(text: str) -> Markup:
    """Titles and descriptions escaped as the prose pages' engine does: & < > and " only."""
    return Markup(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;"))


@pass_context
def _url(context: Any, path: str) -> str:
    """A site path as seen from the page being rendered, written as the docs engines' `url` filter writes it."""
    if urlsplit(path).scheme or path.startswith("/"):
        return path
    page_url = context["page_url"]
    if path.split("/", 1)[0] != page_url.split("/", 1)[0]:  # nothing in common: only the page's depth matters
        return _relative(path, page_url.count("/"))
    relative = posixpath.relpath("/" + path, "/" + page_url)
    return relative + "/" if path.endswith("/") else relative


@lru_cache(maxsize=1024)
def _relative(path: str, depth: int) -> str:
    """`path` from a page `depth` folders down that shares no folder with it (the same for thousands of pages)."""
    relative = posixpath.relpath("/" + path, "/" + "/".join(["\0"] * depth))
    return relative + "/" if path.endswith("/") else relative


@dataclass(frozen=True)
class Shell:
    """What every catalogue page carries around its content."""

    site_name: str
    site_url: str  # with a trailing slash, or "" for no canonical links
    styles: tuple[str, ...]  # Material's stylesheets, as site paths
    extra_css: tuple[str, ...]
    favicon: str
    live_reload: bool = False
    menu: tuple[Mapping[str, Any], ...] = ()  # the header menu (shell.menu)

    def environment(self) -> Environment:
        env = Environment(loader=PackageLoader("oerbank", "templates"), autoescape=select_autoescape(default=True),
                          auto_reload=False)  # made per build: no template changes during one
        env.filters["url"] = _url
        return env

    def feeds(self, page: Page) -> list[tuple[str, str]]:
        """Atom feeds besides the catalogue's own, for <link rel="alternate"> in the page head."""
        if page.kind == "organisation":
            return feed_links("organisation", page.key, name=page.about or page.title, site_name=self.site_name)[:-1]
        if page.kind == "browse-key_stages":
            return feed_links("key_stage", page.key, site_name=self.site_name)[:-1]
        return []

    def document(self, env: Environment, page: Page, content: str) -> str:
        url = url_of(page.src_uri)
        return env.get_template("shell.html").render(
            page_url=url, csp=Markup(content_security_policy(self.live_reload)),
            title=escape(page.title), description=escape(page.description), site_name=self.site_name,
            canonical=self.site_url + url if self.site_url else "", favicon=self.favicon,
            styles=self.styles if page.styles is None else page.styles,
            extra_css=self.extra_css, feeds=self.feeds(page), content=Markup(content), oer_menu=self.menu,
            head=Markup(page.head))


def page_file(out: Path, page: Page) -> Path:
    return out / url_of(page.src_uri) / "index.html"


def _write(env: Environment, shell: Shell, page: Page, out: Path) -> None:
    path = page_file(out, page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(shell.document(env, page, page.html), encoding="utf-8")


def _write_chunk(shared: tuple[Shell, Path], pages: Sequence[Page], doing: str = "writing the pages") -> None:
    shell, out = shared
    env = shell.environment()
    for page in pages:
        step(doing, page=page.src_uri)
        _write(env, shell, page, out)


def _write_resources(shared: tuple[SiteModel, Shell, Path], records: Sequence[Record]) -> None:
    model, shell, out = shared
    pages = [model.resource_page(record.data) for record in records]
    _write_chunk((shell, out), pages, "rendering the resource pages")


def write_pages(model: SiteModel, shell: Shell, out: Path, jobs: int | None = None) -> None:
    """Write every catalogue page into `out`, each as soon as it is made, never all in memory.

    Large catalogues are written by worker processes, which inherit the model and the list of
    pages (each page's HTML is made by the worker that writes it); a failure there comes back
    as an ItemFailed naming its record.
    """
    model.related_index()  # made once here, inherited by the workers
    step("rendering the resource pages")
    # Each worker reads the records of its pages, packed for it before it starts, and no others, so it
    # never copies them all (parallel.imap_chunks).
    unwrap(map_chunks(_write_resources, model.records, (model, shell, out), jobs=jobs, name=lambda r: r.path,
                      packed=True))
    others = [page for page in model.pages() if page.kind != "resource"]
    step("writing the pages")
    unwrap(map_chunks(_write_chunk, others, (shell, out), jobs=jobs, min_items=PAGES_PARALLEL_FROM,
                      name=lambda page: page_record(page.src_uri)))
