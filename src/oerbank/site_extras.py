"""What the site adds around the record pages: dates, link status, data files, feeds, search.

Steps of oerbank.pipeline.build; nothing here knows about any docs engine.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Sequence

from .buildstep import StepFailed
from .export import (GitDates, LargeFiles, field_reference_markdown, git_dates, open_data_page,
                     version_from_git, write_data, write_feeds, write_redirects, write_sitemap)
from .export.feeds import SITE_NAME
from .insight.similar import Similar
from .linkreport import last_check
from .load import Catalogue
from .parallel import Job
from .sitebuild import large_files_folder
from .symlinks import is_regular_within

log = logging.getLogger("oerbank")
LINK_REPORT = Path("build") / "link-report.json"


def extras(root: Path, catalogue: Catalogue, dates: GitDates | None = None) -> dict[str, Any]:
    """Git dates for 'newest' and change tracking (`dates`, if the build has read them already),
    and the last link check if there is one (checked like `oerbank verify-link-report` does:
    what doesn't pass is left out, with a warning)."""
    dates = git_dates(root) if dates is None else dates
    note = getattr(dates, "note", "")
    if note:
        log.info(note)
    link_status, broken, warnings = last_check(root / LINK_REPORT, catalogue)
    for warning in warnings:
        log.warning(warning)
    return {"dates": dates, "link_status": link_status, "broken_pictures": broken}


def docs_pages(project: Path) -> dict[str, str]:
    """Pages made from files outside docs/: CONTRIBUTING.md and the generated field reference."""
    pages = {"contributing/fields.md": "# Field reference\n\n" + field_reference_markdown()}
    contributing = project / "CONTRIBUTING.md"
    if is_regular_within(contributing, project):  # never a link's target
        pages["contributing.md"] = contributing.read_text(encoding="utf-8")
    return pages


def write_open_data(catalogue: Catalogue, root: Path, dates: Any, site_dir: Path, site_url: str,
                    repo_url: str, large_files_url: str = "", site_name: str = SITE_NAME,
                    similar: Sequence[Similar] | None = None) -> str:
    """Write the data files and feeds, and return the Markdown of the Open data page.

    `similar`: the near-duplicates across organisations, found once for the data and the insight pages.
    """
    large = LargeFiles(large_files_folder(site_dir), large_files_url) if large_files_url else None
    write_data(catalogue, dates, site_dir, site_url, version_from_git(root), repo_url=repo_url or None, large=large,
               title=site_name, similar=similar)
    write_feeds(catalogue, dates, site_dir, site_url, site_name=site_name)
    return open_data_page(catalogue, site_dir, site_url, large.folder if large else None)


def finish_step(job: Job, step_name: str) -> None:
    """Wait for work started with `start`; raises StepFailed, with the step and record it failed on."""
    failed = job.wait()
    if failed is not None:
        raise StepFailed(failed.step or step_name, failed.item, failed.error, failed.details)


def after_build(site_dir: Path, site_url: str, catalogue: Catalogue | None = None, dates: Any = None) -> None:
    """Redirects from renamed records' old addresses, then the sitemap of every other page written."""
    redirects = write_redirects(catalogue, dates, site_dir, site_url) if catalogue is not None else []
    write_sitemap(site_dir, site_url, exclude=redirects)

