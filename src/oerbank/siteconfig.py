"""The site's settings, read from mkdocs.yml without any docs engine.

mkdocs.yml stays the one configuration file: MkDocs and ProperDocs read it whole, Zensical reads
most of it, and the catalogue build reads the few settings below. The catalogue's own settings
(page size, browse limit, large-files release, docs engine) sit under the `oerbank` plugin entry
or, for engines without plugins, under `extra: oerbank:`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .load import find_root
from .render.site import BROWSE_LIMIT, PAGE_SIZE

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"


class SiteConfigError(Exception):
    """mkdocs.yml is missing or asks for something impossible; the message says what to change."""


class ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' own tags: `!ENV [NAME, default]` from the environment, others as their value."""


def _env(loader: ConfigLoader, node: yaml.Node) -> Any:
    names = [node.value] if isinstance(node, yaml.ScalarNode) else [n.value for n in node.value]
    *variables, default = names if len(names) > 1 else (names + [None])
    return next((os.environ[v] for v in variables if v in os.environ), default)


def _other(loader: ConfigLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_multi_constructor("!", _other)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _other)


def read_yaml(path: Path) -> dict[str, Any]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=ConfigLoader)  # noqa: S506 (a safe loader)
    return data if isinstance(data, dict) else {}


def config_file(root: Path, explicit: Path | None = None) -> Path:
    """The mkdocs.yml to use: given, the catalogue's own, or the project's around the cwd or package."""
    candidates = [explicit] if explicit else []
    candidates.append(root / "mkdocs.yml")
    cwd_root = find_root(Path.cwd())
    if cwd_root:
        candidates.append(cwd_root / "mkdocs.yml")
    candidates.append(Path(__file__).resolve().parents[2] / "mkdocs.yml")
    for candidate in candidates:
        if candidate and candidate.is_file():
            return candidate
    raise SiteConfigError("No mkdocs.yml found; pass --config.")


def plugin_options(raw: dict[str, Any]) -> dict[str, Any] | None:
    """The `oerbank` entry of `plugins:` (a list of names or one-key mappings, or a mapping)."""
    plugins = raw.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) and p else (p, {}) for p in plugins)
    for name, options in entries:
        if name == "oerbank":
            return options if isinstance(options, dict) else {}
    return None


@dataclass(frozen=True)
class SiteConfig:
    """What the catalogue build needs from mkdocs.yml."""

    path: Path
    site_name: str = "Open Arts Resource Bank"
    site_url: str = ""
    repo_url: str = ""
    edit_uri: str = ""
    favicon: str = ""
    extra_css: tuple[str, ...] = ()
    nav: list[Any] = field(default_factory=list)
    docs_dir: str = "docs"
    page_size: int = PAGE_SIZE
    browse_limit: int = BROWSE_LIMIT
    large_files_release: str = ""
    engine: str = DEFAULT_ENGINE
    require_valid: bool = True  # False only for previews of records with problems
    theme_dir: Path | None = None  # the theme overrides (custom_dir)

    @property
    def project(self) -> Path:
        return self.path.parent

    @property
    def edit_base(self) -> str:
        """Where records are edited: edit_uri points into docs/ (e.g. edit/main/docs/); records live at the root."""
        if not self.repo_url:
            return ""
        action_and_branch = "/".join((self.edit_uri or "edit/main/").strip("/").split("/")[:2])
        return f"{self.repo_url.rstrip('/')}/{action_and_branch}/"

    @property
    def large_files_url(self) -> str:
        """Where the large-files release's assets are downloaded from; a fork publishes to its own."""
        if not self.large_files_release:
            return ""
        if not self.repo_url.startswith("https://github.com/"):
            raise SiteConfigError("large_files_release needs repo_url to be the catalogue's GitHub repository.")
        return f"{self.repo_url.rstrip('/')}/releases/download/{self.large_files_release}"


def read_site_config(path: Path) -> SiteConfig:
    """The settings in `path`; the catalogue's own come from the plugin entry, else from `extra: oerbank:`."""
    raw = read_yaml(path)
    extra: dict[str, Any] = raw["extra"] if isinstance(raw.get("extra"), dict) else {}
    options = {**(extra.get("oerbank") or {}), **(plugin_options(raw) or {})}
    theme: dict[str, Any] = raw["theme"] if isinstance(raw.get("theme"), dict) else {}
    engine = str(options.get("engine") or DEFAULT_ENGINE)
    if engine not in ENGINES:
        raise SiteConfigError(f"{path}: engine: {engine} is not one of {', '.join(ENGINES)}.")
    return SiteConfig(
        path=path, site_name=str(raw.get("site_name") or SiteConfig.site_name),
        site_url=str(raw.get("site_url") or ""), repo_url=str(raw.get("repo_url") or ""),
        edit_uri=str(raw.get("edit_uri") or ""), favicon=str(theme.get("favicon") or ""),
        extra_css=tuple(str(c) for c in raw.get("extra_css") or ()), nav=list(raw.get("nav") or []),
        docs_dir=str(raw.get("docs_dir") or "docs"),
        page_size=int(options.get("page_size", PAGE_SIZE)), browse_limit=int(options.get("browse_limit", BROWSE_LIMIT)),
        large_files_release=str(options.get("large_files_release") or ""), engine=engine,
        require_valid=options.get("require_valid", True) is not False,
        theme_dir=(path.parent / theme["custom_dir"]).resolve() if theme.get("custom_dir") else None)
