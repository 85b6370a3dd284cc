"""Build or serve the site with MkDocs, for a catalogue that may live outside the project."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .load import find_root

ROOT_ENV = "OERBANK_ROOT"
# A catalogue already loaded and validated by `oerbank build`, handed to the plugin so the
# records are not read and checked twice. Keyed by the catalogue's resolved root.
PRELOADED: dict[Path, Any] = {}


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
    raise FileNotFoundError("No mkdocs.yml found; pass --config.")


@contextmanager
def catalogue_root(root: Path) -> Iterator[None]:
    """Point the MkDocs plugin at `root` for the duration of a build or serve."""
    old = os.environ.get(ROOT_ENV)
    os.environ[ROOT_ENV] = str(root)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(ROOT_ENV, None)
        else:
            os.environ[ROOT_ENV] = old


def build_site(root: Path, out: Path, config: Path | None = None, checked: Any = None) -> None:
    """Build the site; `checked` is the (catalogue, report) from pipeline.check, if already made."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if checked is not None:
        PRELOADED[root.resolve()] = checked
    with catalogue_root(root):
        cfg = load_config(config_file=str(config_file(root, config)), site_dir=str(out))
        build(cfg)


def serve_site(root: Path, host: str, port: int, config: Path | None = None) -> None:
    from mkdocs.commands.serve import serve

    with catalogue_root(root):
        serve(config_file=str(config_file(root, config)), dev_addr=f"{host}:{port}", livereload=True)


def serve_path(root: Path, config: Path | None = None) -> str:
    """The path MkDocs serves the site under: that of site_url, e.g. /oerbank/."""
    from urllib.parse import urlsplit

    import yaml

    try:
        site_url = (yaml.safe_load(config_file(root, config).read_text(encoding="utf-8")) or {}).get("site_url") or ""
    except yaml.YAMLError:  # a config using MkDocs' own YAML tags: fall back to the root
        site_url = ""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"
