"""The `oerbank` plugin of mkdocs.yml, for MkDocs and ProperDocs (which loads MkDocs plugins).

It declares the catalogue's settings so that the engines accept them, and gives the prose
pages made from other files their edit links. The catalogue itself is built by `oerbank build`
(oerbank.pipeline), which runs the engine for the prose pages only; run on its own
(`mkdocs build`, `mkdocs serve`) the plugin says so instead of building half a site.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..render.site import BROWSE_LIMIT, PAGE_SIZE


class CatalogueConfig(base.Config):
    enabled = c.Type(bool, default=True)
    root = c.Type(str, default=".")
    page_size = c.Type(int, default=PAGE_SIZE)
    browse_limit = c.Type(int, default=BROWSE_LIMIT)
    # When set, data files over 5 MB (gzipped) are published as assets of this release of
    # repo_url's repository instead of on the site (deploy.yml uploads them).
    large_files_release = c.Type(str, default="")
    require_valid = c.Type(bool, default=True)  # False only for previews of records with problems
    engine = c.Choice(("mkdocs", "properdocs", "zensical"), default="mkdocs")
    # Set by oerbank.engines.project in the configuration it writes for the engine.
    prose = c.Type(bool, default=False)
    edit_urls = c.Type(dict, default={})  # source path -> edit address, "" for none


class CataloguePlugin(BasePlugin[CatalogueConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled and not self.config.prose:
            raise PluginError("This site's catalogue pages are made by oerbank, not by the docs engine alone: "
                              "build it with `oerbank build` and preview it with `oerbank serve`.")
        return config

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if page.file.src_uri in self.config.edit_urls:
            page.edit_url = self.config.edit_urls[page.file.src_uri] or None
        return page
