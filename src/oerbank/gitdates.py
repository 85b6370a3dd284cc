"""When each record was first added and last changed, read from Git history in one pass.

Contributors rarely keep `published`/`updated` current, but Git knows when a file entered the
catalogue and when it last changed. One `git log` call covers every file (one call per file
would take minutes on a large catalogue); renames carry a file's history to its new name.
The same pass gives githistory what it needs for permanent ids, redirects and the changes table.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .githistory import LOG_ARGS, Lineage, current_lineages, parse_history

FOLDERS = ("organisations", "resources")
UNVERSIONED = "0.0.0+local"


class GitDates(dict[str, tuple[str | None, str | None]]):
    """Relative path -> (first_published, last_updated), YYYY-MM-DD.

    `note` says why dates may be missing or wrong for the whole catalogue (not a Git
    checkout, a shallow clone); it is None when history was read in full. `lineages` is
    every file's life from the same pass (renames, removals; see githistory).
    """

    note: str | None = None
    lineages: list[Lineage] = []

    def dates(self, path: str) -> tuple[str | None, str | None]:
        return self.get(path, (None, None))

    def note_for(self, paths: Iterable[str]) -> str | None:
        """One line for the build log, or None when every path has dates."""
        if self.note:
            return self.note
        missing = sum(1 for p in paths if p not in self)
        if missing:
            return (f"{missing} record file(s) are not committed yet, so their first_published "
                    "and last_updated dates are left empty.")
        return None


Dates = Mapping[str, "tuple[str | None, str | None]"]  # path -> (first published, last updated)


def date_of(data: Mapping[str, Any], dates: Dates | None = None) -> str:
    """The date a resource is listed under ("newest" in search, browse and the home page):
    its `published`, else the day Git first saw its file, else empty."""
    return data.get("published") or (dates or {}).get(data.get("path") or "", (None, None))[0] or ""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(["git", "-C", str(root), "-c", "log.showSignature=false", *args],
                              capture_output=True, text=True, encoding="utf-8", errors="surrogateescape",
                              check=False)
    except OSError:
        return None


def parse_log(output: str) -> GitDates:
    """Dates of every file there now, from `git log` run with githistory.LOG_ARGS.

    A rename carries a file's history to its new name; an add (or copy) starts it, so a
    deleted-then-recreated file starts afresh; a file removed since gets no dates.
    """
    lineages = parse_history(output)
    dates = GitDates()
    for path, lineage in sorted(current_lineages(lineages).items()):
        dates[path] = lineage.dates
    dates.lineages = lineages
    return dates


def git_dates(root: Path) -> GitDates:
    """(first_published, last_updated) for every committed record file under `root`.

    Outside a Git checkout the result is empty and `.note` says so; the caller prints it once.
    """
    done = _git(root, *LOG_ARGS, "--", *FOLDERS)
    if done is None or done.returncode != 0:
        dates = GitDates()
        dates.note = ("Not a Git checkout (or Git is not installed): first_published and "
                      "last_updated are left empty.")
        return dates
    dates = parse_log(done.stdout)
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is not None and shallow.stdout.strip() == "true":
        dates.note = ("This is a shallow clone, so first_published dates may be too recent and renamed "
                      "records may lose their ids; clone with full history (in GitHub Actions: fetch-depth: 0).")
    return dates


def version_from_git(root: Path) -> str:
    """The data's version: the HEAD commit's date (UTC) and short hash, e.g. 2025.1.20+1a2b3c4d.

    Taken from the commit rather than the clock, so two builds of one commit agree; it is a
    valid semantic version. Uncommitted changes to records add `.dirty`.
    """
    done = _git(root, "log", "-1", "--format=%ct %h", "--abbrev=8", "HEAD")
    if done is None or done.returncode != 0 or not done.stdout.strip():
        return UNVERSIONED
    stamp, short = done.stdout.split()
    when = datetime.fromtimestamp(int(stamp), tz=timezone.utc)
    version = f"{when.year}.{when.month}.{when.day}+{short}"
    status = _git(root, "status", "--porcelain", "--", *FOLDERS)
    if status is not None and status.returncode == 0 and status.stdout.strip():
        version += ".dirty"
    return version
