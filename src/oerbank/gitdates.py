"""When each record was first added and last changed, read from Git history in one pass.

Contributors rarely keep `published`/`updated` current, but Git knows when a file entered the
catalogue and when it last changed. One `git log` call covers every file (one call per file
would take minutes on a large catalogue); renames carry a file's history to its new name.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

_HEADER = "\x01"
FOLDERS = ("organisations", "resources")
UNVERSIONED = "0.0.0+local"


class GitDates(dict[str, tuple[str | None, str | None]]):
    """Relative path -> (first_published, last_updated), YYYY-MM-DD.

    `note` says why dates may be missing or wrong for the whole catalogue (not a Git
    checkout, a shallow clone); it is None when history was read in full.
    """

    note: str | None = None

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


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(["git", "-C", str(root), "-c", "log.showSignature=false", *args],
                              capture_output=True, text=True, encoding="utf-8", errors="surrogateescape",
                              check=False)
    except OSError:
        return None


def _day(timestamp: str) -> str:
    return datetime.fromtimestamp(int(timestamp), tz=timezone.utc).strftime("%Y-%m-%d")


def parse_log(output: str) -> GitDates:
    """Read `git log -z --name-status --format=%x00%x01%ct`, newest commit first.

    Walking back in time, a rename `old -> new` means older changes to `old` belong to `new`;
    an add (or copy) closes a file's history, so a deleted-then-recreated file starts afresh;
    a delete seen before any later add means the file is gone and gets no dates.
    """
    first: dict[str, str] = {}
    last: dict[str, str] = {}
    alias: dict[str, str] = {}  # an older name -> the name the file has now
    closed: set[str] = set()
    day = ""
    tokens = iter(output.split("\0"))
    for token in tokens:
        token = token.lstrip("\n")
        if not token:
            continue
        if token.startswith(_HEADER):
            day = _day(token[1:].strip())
            continue
        status = token[0]
        if status in "RC":
            old, new = next(tokens), next(tokens)
            current = alias.get(new, new)
            if current not in closed:
                last.setdefault(current, day)
                first[current] = day
                if status == "R":
                    alias[old] = current
                else:
                    closed.add(current)
            continue
        path = next(tokens)
        current = alias.get(path, path)
        if current in closed:
            continue
        if status == "D":
            closed.add(current)
            continue
        last.setdefault(current, day)
        first[current] = day
        if status == "A":
            closed.add(current)
    dates = GitDates()
    for path in sorted(last):
        dates[path] = (first[path], last[path])
    return dates


def git_dates(root: Path) -> GitDates:
    """(first_published, last_updated) for every committed record file under `root`.

    Outside a Git checkout the result is empty and `.note` says so; the caller prints it once.
    """
    done = _git(root, "log", "-z", "--name-status", "-M", "--relative", "--format=%x00%x01%ct",
                "--", *FOLDERS)
    if done is None or done.returncode != 0:
        dates = GitDates()
        dates.note = ("Not a Git checkout (or Git is not installed): first_published and "
                      "last_updated are left empty.")
        return dates
    dates = parse_log(done.stdout)
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is not None and shallow.stdout.strip() == "true":
        dates.note = ("This is a shallow clone, so first_published dates may be too recent; "
                      "clone with full history (in GitHub Actions: fetch-depth: 0).")
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
