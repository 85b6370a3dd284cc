"""What the site adds around the record pages: dates, link status, data files, feeds, search.

Called by the MkDocs adapter; nothing here knows about MkDocs.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from .export import (feed_links, field_reference_markdown, git_dates, open_data_page, version_from_git,
                     write_data, write_feeds, write_sitemap)
from .linkcheck import load_last_results
from .load import Catalogue

log = logging.getLogger("mkdocs.plugins.oerbank")
LINK_REPORT = Path("build") / "link-report.json"


def extras(root: Path) -> dict[str, Any]:
    """Git dates for 'newest' and change tracking, and the last link check if there is one."""
    dates = git_dates(root)
    note = getattr(dates, "note", "")
    if note:
        log.info(note)
    link_status: dict[str, Any] = {}
    report = root / LINK_REPORT
    if report.exists():
        try:
            link_status = load_last_results(report)
        except ValueError as err:
            log.warning("Ignoring %s: %s", report, err)
    return {"dates": dates, "link_status": link_status}


def docs_pages(project: Path) -> dict[str, str]:
    """Pages made from files outside docs/: CONTRIBUTING.md and the generated field reference."""
    pages = {"contributing/fields.md": "# Field reference\n\n" + field_reference_markdown()}
    contributing = project / "CONTRIBUTING.md"
    if contributing.exists():
        pages["contributing.md"] = contributing.read_text(encoding="utf-8")
    return pages


def write_open_data(catalogue: Catalogue, root: Path, dates: Any, site_dir: Path, site_url: str,
                    repo_url: str) -> str:
    """Write the data files and feeds, and return the Markdown of the Open data page."""
    write_data(catalogue, dates, site_dir, site_url, version_from_git(root), repo_url=repo_url or None)
    write_feeds(catalogue, dates, site_dir, site_url)
    return open_data_page(catalogue, site_dir, site_url)


def after_build(catalogue: Catalogue, site_dir: Path, site_url: str) -> None:
    """Search files, then the sitemap (which lists every page written)."""
    from .search import write_search

    write_search(catalogue, site_dir)
    write_sitemap(site_dir, site_url)


def page_feeds(kind: str, key: str | None, name: str | None) -> list[tuple[str, str]]:
    return feed_links(kind, key, name=name)
