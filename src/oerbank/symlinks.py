"""Symbolic links and special files in the repository: named as problems, never followed.

A link can point anywhere on the machine that builds the site: `docs/env.txt -> /proc/self/environ`
published the build's environment variables, `resources/x/a.md -> /etc/passwd` the password file.
So `oerbank validate` names every link in the repository (records, docs, theme, configuration)
with where it points, and the build reads only regular files.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .codes import CODES
from .problems import Problem

# Generated, installed or version-control folders, never read by the build.
SKIPPED_ANYWHERE = {".git", "node_modules", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
SKIPPED_AT_TOP = {".venv", "venv", ".tox", "build", "site"}
_SHOWN_TARGET = 120  # characters of a link's target shown in a message


def _shown(target: str) -> str:
    """A link's target as one printable line: it is written by whoever made the link."""
    text = "".join(c if c.isprintable() else "?" for c in target)
    return text if len(text) <= _SHOWN_TARGET else text[:_SHOWN_TARGET] + "..."


def link_problem(rel: str, target: str) -> Problem:
    return CODES["symlink"].problem(rel, 1, "", target=_shown(target), rel=rel)


def special_problem(rel: str) -> Problem:
    return CODES["misplaced-file"].problem(rel, 1, "", "special")


def _target(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def odd_entry(entry: os.DirEntry, rel: str) -> Problem | None:
    """The problem with a directory entry that is a link or a special file (a pipe, a device), if it is one."""
    if entry.is_symlink():
        return link_problem(rel, _target(entry.path))
    if not entry.is_dir(follow_symlinks=False) and not entry.is_file(follow_symlinks=False):
        return special_problem(rel)
    return None


def repository_problems(root: Path) -> list[Problem]:
    """Every link and special file under `root`, outside version-control, install and build folders.

    Nothing is followed or opened: a linked folder is reported, not entered.
    """
    problems: list[Problem] = []
    pending = [("", str(root))]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name in SKIPPED_ANYWHERE or (not prefix and entry.name in SKIPPED_AT_TOP):
                continue
            rel = prefix + entry.name
            odd = odd_entry(entry, rel)
            if odd:
                problems.append(odd)
            elif entry.is_dir(follow_symlinks=False):
                pending.append((rel + "/", entry.path))
    return sorted(problems)


def is_regular_within(path: Path | str, base: Path | str) -> bool:
    """Whether `path` is a regular file reached from `base` through no link.

    Paths outside `base` (an installed theme's files) are not judged here: True.
    """
    base_text = os.path.normpath(os.path.abspath(base))
    path_text = os.path.normpath(os.path.abspath(path))
    if path_text == base_text:
        return False
    if os.path.commonpath([base_text, path_text]) != base_text:
        return True
    current, mode = base_text, 0
    for part in Path(os.path.relpath(path_text, base_text)).parts:
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return False
    return stat.S_ISREG(mode)
