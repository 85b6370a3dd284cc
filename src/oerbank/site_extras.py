"""What the site adds around the record pages: git dates, link status, docs pages, search, data."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger("mkdocs.plugins.oerbank")


def extras(root: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        from .gitdates import git_dates
        out["dates"] = git_dates(root)
    except ImportError:
        pass
    return out


def docs_pages(root: Path, project: Path) -> dict[str, str]:
    """Pages made from files outside docs/: CONTRIBUTING.md and the generated field reference."""
    pages = {}
    contributing = project / "CONTRIBUTING.md"
    if contributing.exists():
        pages["contributing.md"] = contributing.read_text(encoding="utf-8")
    try:
        from .export import field_reference_markdown
        pages["contributing/fields.md"] = "# Field reference\n\n" + field_reference_markdown()
    except ImportError:
        pass
    return pages


def post_build_steps() -> list[Callable[[Any, Path, Path, str], None]]:
    steps: list[Callable[[Any, Path, Path, str], None]] = []
    try:
        from .search import write_search

        def search_step(model: Any, root: Path, site_dir: Path, site_url: str) -> None:
            write_search(model.catalogue, site_dir)
        steps.append(search_step)
    except ImportError:
        pass
    return steps
