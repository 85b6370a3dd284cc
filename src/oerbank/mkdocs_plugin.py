"""The one place that knows MkDocs: load the catalogue, add its pages, write search and data.

`mkdocs build`/`mkdocs serve` and `oerbank build` all go through this plugin, so a contributor
editing a resource file sees the change on reload. Everything below the hooks is plain
functions in oerbank.render, oerbank.search and oerbank.export.
"""

from __future__ import annotations

import json
from functools import partial
import logging
import os
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc

from .buildstep import step
from .gitdates import git_dates
from .pipeline import check
from .render.material import material_stylesheets
from .render.site import BROWSE_LIMIT, PAGE_SIZE, Page, SiteModel
from .report import format_text
from .site_extras import after_build, docs_pages, extras, finish_search, page_feeds, start_search, write_open_data
from .sitebuild import PRELOADED, ROOT_ENV
from .symlinks import is_regular_within

log = logging.getLogger("mkdocs.plugins.oerbank")


# Search fetches its index from the site itself; nothing runs inline and no third party is contacted.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                           "img-src 'self' https: data:; font-src 'self' data:; connect-src 'self'; "
                           "object-src 'none'; base-uri 'self'; form-action 'self'; frame-src 'none'")


def _material_styles() -> list[str]:
    """Material's stylesheets for the lean layout, as paths in the built site."""
    return [f"assets/stylesheets/{e.name}" for e in material_stylesheets()]


# Material adds a title unless the content has an "<h1"; our pages have their own.
CONTENT_MARKER = "<!-- oerbank: page content, with its own <h1> -->"


class CatalogueConfig(base.Config):
    enabled = c.Type(bool, default=True)
    root = c.Type(str, default=".")
    page_size = c.Type(int, default=PAGE_SIZE)
    browse_limit = c.Type(int, default=BROWSE_LIMIT)
    # When set, data files over 5 MB (gzipped) are published as assets of this release of
    # repo_url's repository instead of on the site (deploy.yml uploads them).
    large_files_release = c.Type(str, default="")
    require_valid = c.Type(bool, default=True)  # False only for previews of records with problems


def _stub(page: Page, site_name: str) -> str:
    """Front matter only: the real HTML replaces the Markdown in on_page_content."""
    meta = {"title": _escape(page.title), "description": _escape(page.description),
            "oer_feeds": _feeds(page, site_name)}
    if page.kind == "resource" or page.kind == "organisation" or page.kind.startswith("browse-"):
        meta["template"] = "lean.html"  # the pages there are thousands of
    else:
        # Generated pages have no table of contents: give its column to the content
        # (the search page's filters and results need the width most).
        meta["hide"] = ["navigation", "toc"] if page.kind == "search" else ["toc"]
    return "---\n" + json.dumps(meta) + "\n---\n"


def _feeds(page: Page, site_name: str) -> list[tuple[str, str]]:
    """Atom feeds besides the catalogue's own, for <link rel="alternate"> in the page head."""
    if page.kind == "organisation":
        return page_feeds("organisation", page.key, page.about or page.title, site_name)[:-1]
    if page.kind == "browse-key_stages":
        return page_feeds("key_stage", page.key, None, site_name)[:-1]
    return []


def _escape(text: str) -> str:
    """Material prints page titles and descriptions unescaped, so they are escaped here."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.pages: dict[str, Page] = {}
        self.model: SiteModel | None = None
        self.root: Path | None = None
        self.search_job: Any = None
        self.edit_urls: dict[str, str] = {}
        self.serving = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        config_dir = Path(config.config_file_path or ".").parent
        # `mkdocs serve` injects an inline live-reload script; allow it there, never in a build.
        config.extra["oer_csp"] = CONTENT_SECURITY_POLICY.replace(
            "script-src 'self'", "script-src 'self' 'unsafe-inline'") if self.serving else CONTENT_SECURITY_POLICY
        config.extra["oer_styles"] = _material_styles()
        override = os.environ.get(ROOT_ENV)
        self.root = Path(override).resolve() if override else (config_dir / self.config.root).resolve()
        return config

    def _large_files_url(self, config: MkDocsConfig) -> str:
        """Where the release's assets are downloaded from; a fork publishes to its own."""
        tag = self.config.large_files_release
        if not tag:
            return ""
        if not (config.repo_url or "").startswith("https://github.com/"):
            raise PluginError("large_files_release needs repo_url to be the catalogue's GitHub repository.")
        return f"{config.repo_url.rstrip('/')}/releases/download/{tag}"

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.root is None:
            return None
        step("reading the catalogue")
        _drop_links(files, Path(config.config_file_path or ".").parent)
        dates = git_dates(self.root)  # Git is read once: validation and the pages share this pass
        catalogue, report = PRELOADED.pop(self.root, None) or check(self.root, dates=dates)
        # A link (to /proc/self/environ, say) stops even a preview build: templates read through links.
        if (self.config.require_valid and not report.valid()) or any(p.code == "symlink" for p in report.problems):
            raise PluginError("The catalogue has problems, so the site was not built:\n\n" + format_text(report))
        edit_base = ""
        if config.repo_url:
            # edit_uri points into docs/ (e.g. edit/main/docs/); records live at the repository root.
            action_and_branch = "/".join((config.edit_uri or "edit/main/").strip("/").split("/")[:2])
            edit_base = f"{config.repo_url.rstrip('/')}/{action_and_branch}/"
        step("reading the Git history and the last link check")
        found = extras(self.root, catalogue, dates)
        self.model = SiteModel(catalogue, site_url=config.site_url or "", edit_base=edit_base,
                               page_size=self.config.page_size, browse_limit=self.config.browse_limit,
                               site_name=config.site_name, **found)
        step("writing the open data files")
        data_page = write_open_data(catalogue, self.root, found["dates"], Path(config.site_dir),
                                    config.site_url or "", config.repo_url or "", self._large_files_url(config),
                                    config.site_name)
        step("writing the search index")
        self.search_job = start_search(catalogue, Path(config.site_dir), found["dates"])
        step("rendering the resource pages")
        self.model.prerender()
        step("listing the pages")
        self.pages = {}
        for page in self.model.pages():
            self.pages[page.src_uri] = page
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=_stub(page, config.site_name),
                                        inclusion=inclusion))
        docs = docs_pages(Path(config.config_file_path or ".").parent)
        docs["data.md"] = data_page
        # Pages made from other files: edit the file they come from, or nothing.
        self.edit_urls = {src_uri: "" for src_uri in docs}
        if edit_base:
            self.edit_urls["contributing.md"] = edit_base + "CONTRIBUTING.md"
        for src_uri, content in docs.items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=content))
        assets = importlib_resources.files("oerbank").joinpath("assets")
        for path in _walk(assets):
            rel = "assets/oerbank/" + path
            files.append(File.generated(config, rel, content=assets.joinpath(path).read_bytes()))
        return files

    def on_pre_page(self, page: MkPage, /, *, config: MkDocsConfig, files: Files) -> MkPage | None:
        step("writing the pages", page=page.file.src_uri)
        if page.file.src_uri in self.edit_urls:
            page.edit_url = self.edit_urls[page.file.src_uri] or None
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.render = partial(_render_generated, page, generated)  # type: ignore[method-assign]
            page.edit_url = None  # generated: its source is a record, linked from the page itself
        return page

    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> str | None:
        generated = self.pages.get(page.file.src_uri)
        if generated is None:
            return output
        return output.replace(CONTENT_MARKER, generated.html, 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.model is None or self.root is None:
            return
        step("writing the search index")
        finish_search(self.search_job)
        step("writing the sitemap")
        after_build(Path(config.site_dir), config.site_url or "", self.model.catalogue, self.model.dates)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.root is not None:
            for folder in ("organisations", "resources"):
                server.watch(str(self.root / folder))
        return server


def _drop_links(files: Files, project: Path) -> None:
    """Leave out docs and theme files that are links or special files: only regular files are published."""
    for file in list(files):
        if file.abs_src_path and not is_regular_within(file.abs_src_path, project):
            log.warning("Left out %s: it is a link or not an ordinary file.", file.src_uri)
            files.remove(file)


def _render_generated(page: MkPage, generated: Page, config: MkDocsConfig, files: Files) -> None:
    """Our pages are HTML already: skip MkDocs' Markdown pass, which builds a converter per page.

    MkDocs reads every page before writing any, so the content is a marker here and the HTML
    goes in as each page is written (on_post_page): never all of it in memory at once.
    """
    page.content = CONTENT_MARKER
    page.toc = get_toc([])
    page.present_anchor_ids = set()


def _walk(folder: Any, prefix: str = "") -> list[str]:
    out = []
    for entry in folder.iterdir():
        if entry.name.startswith((".", "__")):
            continue
        if entry.is_dir():
            out.extend(_walk(entry, f"{prefix}{entry.name}/"))
        else:
            out.append(prefix + entry.name)
    return sorted(out)
