"""The page shell around every catalogue page, and writing the pages into the site.

The catalogue's pages are ours from content to shell (templates/shell.html), so no docs engine
is needed to make them: they look like the prose pages because they load Material's stylesheet
(render/material.py copies it from the installed theme) and share one search form
(templates/partials/oer-search-form.html, which the docs engine is given too).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, pass_context, select_autoescape
from markupsafe import Markup

from ..buildstep import step
from ..export.feeds import feed_links
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
    relative = posixpath.relpath("/" + path, "/" + context["page_url"])
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
        env = Environment(loader=PackageLoader("oerbank", "templates"), autoescape=select_autoescape(default=True))
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
            canonical=self.site_url + url if self.site_url else "", favicon=self.favicon, styles=self.styles,
            extra_css=self.extra_css, feeds=self.feeds(page), content=Markup(content), oer_menu=self.menu,
            head=Markup(page.head))


def page_file(out: Path, page: Page) -> Path:
    return out / url_of(page.src_uri) / "index.html"


def _write(env: Environment, shell: Shell, page: Page, out: Path) -> None:
    path = page_file(out, page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(shell.document(env, page, page.html), encoding="utf-8")


def _write_resources(shared: tuple[SiteModel, Shell, Path], resources: Sequence[Mapping[str, Any]]) -> None:
    model, shell, out = shared
    env = shell.environment()
    for resource in resources:
        page = model.resource_page(resource)
        step("rendering the resource pages", page=page.src_uri)
        _write(env, shell, page, out)


def write_pages(model: SiteModel, shell: Shell, out: Path, jobs: int | None = None) -> None:
    """Write every catalogue page into `out`, each as soon as it is made.

    Resource pages, the thousands, are written by worker processes for large catalogues; a
    failure there comes back as an ItemFailed naming its record.
    """
    model.related_index()  # made once here, inherited by the workers
    step("rendering the resource pages")
    unwrap(map_chunks(_write_resources, model.resources, (model, shell, out), jobs=jobs, name=lambda r: r["path"]))
    env = shell.environment()
    for page in model.pages():
        if page.kind != "resource":
            step("writing the pages", page=page.src_uri)
            _write(env, shell, page, out)
