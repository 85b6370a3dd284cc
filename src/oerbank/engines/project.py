"""The prose project an engine builds: docs/ with the generated pages, and mkdocs.yml pointed at it."""

from __future__ import annotations

import logging
import os
import shutil
from importlib import resources as importlib_resources
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..render.shell import content_security_policy, menu
from ..siteconfig import SiteConfig, plugin_options, read_yaml
from ..symlinks import is_regular_within

log = logging.getLogger("oerbank")
SITE = "site"  # the folder of the prose project where the engine writes its pages


@dataclass(frozen=True)
class ProseSite:
    """What the engine is asked to build."""

    config: SiteConfig
    generated: dict[str, str]  # source path -> Markdown the build made (contributing, field reference, open data)
    edit_urls: dict[str, str]  # source path -> where to edit it, "" for no edit link
    placeholders: dict[str, str]  # source path -> title: catalogue pages the navigation names
    live_reload: bool = False


def copy_regular(source: Path, project: Path, target: Path) -> None:
    """Copy docs/ or theme/ as it is, leaving out links and special files: only regular files are published,
    and the engine never reads through a link."""
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            rel = path.relative_to(source)
            if not is_regular_within(path, project):
                log.warning("Left out %s: it is a link or not an ordinary file.", rel.as_posix())
                continue
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / rel)


def _absolute(value: Any, base: Path) -> Any:
    return str((base / value).resolve()) if isinstance(value, str) and value else value


def engine_config(engine: str, site: ProseSite, docs: Path, site_dir: Path) -> dict[str, Any]:
    """mkdocs.yml as the project wrote it, with its paths pointed at the prose project (`docs` and `site`
    beside the configuration, the rest absolute) and the plugin given the prose pages' edit links."""
    raw = read_yaml(site.config.path)
    base = site.config.project
    # Beside the configuration: Zensical needs them relative.
    raw["docs_dir"], raw["site_dir"] = docs.name, site_dir.name
    if "INHERIT" in raw:
        raw["INHERIT"] = _absolute(raw["INHERIT"], base)
    theme = raw.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = "theme"  # the copy beside the configuration
    extra: dict[str, Any] = raw["extra"] if isinstance(raw.get("extra"), dict) else {}
    raw["extra"] = extra
    extra["oer_csp"] = content_security_policy(site.live_reload)
    extra["oer_menu"] = menu(site.config.nav)  # the same header menu as the catalogue's pages
    if plugin_options(raw) is not None:
        plugins = raw["plugins"]
        entries = list(plugins.items()) if isinstance(plugins, dict) else [
            next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins]
        kept = [{name: options} for name, options in entries if name != "oerbank"]
        if engine != "zensical":  # Zensical loads no plugins
            kept.append({"oerbank": {"prose": True, "edit_urls": site.edit_urls}})
        raw["plugins"] = kept
    return raw


def write_project(engine: str, site: ProseSite, work: Path) -> tuple[Path, Path]:
    """Write the prose project into `work`; returns its configuration file and where the site will be."""
    docs, site_dir = work / "docs", work / SITE
    docs.mkdir(parents=True)
    copy_regular(site.config.project / site.config.docs_dir, site.config.project, docs)
    if site.config.theme_dir is not None and site.config.theme_dir.is_dir():
        copy_regular(site.config.theme_dir, site.config.project, work / "theme")
        # The one search form and header menu, shared with the catalogue's pages (templates/shell.html).
        (work / "theme" / "partials").mkdir(parents=True, exist_ok=True)
        for name in ("oer-search-form.html", "oer-menu.html"):
            shared = importlib_resources.files("oerbank").joinpath("templates", "partials", name)
            (work / "theme" / "partials" / name).write_bytes(shared.read_bytes())
    pages = {**{src_uri: f"# {title}\n" for src_uri, title in site.placeholders.items()}, **site.generated}
    for src_uri, markdown in pages.items():
        if not (docs / src_uri).exists():  # a page written in docs/ wins over a generated one
            (docs / src_uri).parent.mkdir(parents=True, exist_ok=True)
            (docs / src_uri).write_text(markdown, encoding="utf-8")
    config = work / "mkdocs.yml"
    config.write_text(yaml.safe_dump(engine_config(engine, site, docs, site_dir), sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    return config, site_dir
