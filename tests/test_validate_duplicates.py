"""A duplicate link is reported on the file that brought it, not on the one already there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from catalogues import FIXTURES
from oerbank.gitdates import git_dates
from oerbank.pipeline import check


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": "/usr/bin:/bin", "HOME": str(root)})


def test_new_copy_is_blamed_even_when_its_name_sorts_first(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "catalogue")
    original = root / "resources/acme-arts/clay-masks.md"
    shutil.copy(original, root / "resources/acme-arts/aa-copy.md")  # sorts before clay-masks.md
    _, report = check(root)
    dupes = [p for p in report.problems if p.code == "duplicate-url"]
    assert [(p.file, p.line) for p in dupes] == [("resources/acme-arts/aa-copy.md", 3)]
    assert dupes[0].message == ("resources/acme-arts/aa-copy.md (line 3) and resources/acme-arts/clay-masks.md (line 3) "
                                "link to the same page: 'https://www.acme-arts.example/learning/clay-masks'.")


def _copy_committed_later(tmp_path: Path) -> Path:
    """Both resources listed twice: the originals committed first, the copies (named to sort
    first) in a later commit."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "catalogue")
    originals = sorted((root / "resources" / "acme-arts").glob("*.md"))
    for original in originals:
        shutil.copy(original, original.with_name("aa-" + original.name))
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "copies")
    return root


def _git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every git command run from now on, as its arguments."""
    calls: list[list[str]] = []
    run = subprocess.run

    def counting(args: Any, *rest: Any, **kwargs: Any) -> Any:
        if isinstance(args, list) and args[:1] == ["git"]:
            calls.append([str(a) for a in args])
        return run(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", counting)
    return calls


def test_copies_committed_later_are_blamed_and_git_is_read_once(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy_committed_later(tmp_path)
    calls = _git_calls(monkeypatch)
    _, report = check(root)
    dupes = [p for p in report.problems if p.code == "duplicate-url"]
    assert len(dupes) == 2 and all(p.file.startswith("resources/acme-arts/aa-") for p in dupes)
    assert [c for c in calls if "log" in c] == [calls[0]] and "--name-status" in calls[0]


def test_duplicates_use_the_history_they_are_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy_committed_later(tmp_path)
    dates = git_dates(root)
    calls = _git_calls(monkeypatch)
    _, report = check(root, dates=dates)
    assert len([p for p in report.problems if p.code == "duplicate-url"]) == 2
    assert calls == []


def test_no_duplicates_no_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    _git(root, "init", "-q")
    calls = _git_calls(monkeypatch)
    _, report = check(root)
    assert report.valid() and calls == []
