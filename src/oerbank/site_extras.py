"""What the site adds around the record pages: dates, link status, data files, feeds, search.

Called by the MkDocs adapter; nothing here knows about MkDocs.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from pathlib import Path
from typing import Any

from .export import (LargeFiles, feed_links, field_reference_markdown, git_dates, open_data_page,
                     version_from_git, write_data, write_feeds, write_sitemap)
from .export.feeds import SITE_NAME
from .linkcheck import last_check
from .load import Catalogue
from .search import write_search
from .symlinks import is_regular_within

log = logging.getLogger("mkdocs.plugins.oerbank")
LINK_REPORT = Path("build") / "link-report.json"


def extras(root: Path) -> dict[str, Any]:
    """Git dates for 'newest' and change tracking, and the last link check if there is one."""
    dates = git_dates(root)
    note = getattr(dates, "note", "")
    if note:
        log.info(note)
    link_status: dict[str, Any] = {}
    broken: set[str] = set()
    report = root / LINK_REPORT
    if report.exists():
        try:
            link_status, broken = last_check(report)
        except ValueError as err:
            log.warning("Ignoring %s: %s", report, err)
    return {"dates": dates, "link_status": link_status, "broken_pictures": broken}


def docs_pages(project: Path) -> dict[str, str]:
    """Pages made from files outside docs/: CONTRIBUTING.md and the generated field reference."""
    pages = {"contributing/fields.md": "# Field reference\n\n" + field_reference_markdown()}
    contributing = project / "CONTRIBUTING.md"
    if is_regular_within(contributing, project):  # never a link's target
        pages["contributing.md"] = contributing.read_text(encoding="utf-8")
    return pages


def large_files_folder(site_dir: Path) -> Path:
    """Where data files too large for the site are written: beside it, build/site-large-files."""
    return site_dir.parent / f"{site_dir.name}-large-files"


def write_open_data(catalogue: Catalogue, root: Path, dates: Any, site_dir: Path, site_url: str,
                    repo_url: str, large_files_url: str = "", site_name: str = SITE_NAME) -> str:
    """Write the data files and feeds, and return the Markdown of the Open data page."""
    large = LargeFiles(large_files_folder(site_dir), large_files_url) if large_files_url else None
    write_data(catalogue, dates, site_dir, site_url, version_from_git(root), repo_url=repo_url or None, large=large,
               title=site_name)
    write_feeds(catalogue, dates, site_dir, site_url, site_name=site_name)
    return open_data_page(catalogue, site_dir, site_url, large.folder if large else None)


def start_search(catalogue: Catalogue, site_dir: Path) -> Any:
    """Write the search files, in a second process while the pages are built when that is safe.

    Returns what finish_search needs: the process, or None when the files are already written.
    """
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        write_search(catalogue, site_dir)  # forking beside other threads can deadlock
        return None
    job = multiprocessing.get_context("fork").Process(target=write_search, args=(catalogue, site_dir))
    job.start()
    return job


def finish_search(job: Any) -> str:
    """Wait for the search files; an error message if writing them failed."""
    if job is None:
        return ""
    job.join()
    return "" if job.exitcode == 0 else f"Writing the search files failed (exit code {job.exitcode}); see above."


def after_build(site_dir: Path, site_url: str) -> None:
    """The sitemap, which lists every page written."""
    write_sitemap(site_dir, site_url)


def page_feeds(kind: str, key: str | None, name: str | None, site_name: str = SITE_NAME) -> list[tuple[str, str]]:
    return feed_links(kind, key, name=name, site_name=site_name)
