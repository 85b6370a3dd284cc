"""git_dates and version_from_git read one pass of history; outside Git they say so."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from oerbank.export import git_dates, version_from_git
from oerbank.gitdates import UNVERSIONED, parse_log

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=repo,
                   env=env, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "organisations").mkdir(parents=True)
    (root / "resources" / "acme").mkdir(parents=True)
    _git(root, "init", "-q")
    (root / "organisations" / "acme.yml").write_text("name: Acme\n")
    (root / "resources" / "acme" / "one.md").write_text("---\ntitle: One\n---\n")
    (root / "resources" / "acme" / "old-name.md").write_text("---\ntitle: Renamed later\n---\nsame body\n")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "first", when="2024-03-01T12:00:00+00:00")
    (root / "resources" / "acme" / "one.md").write_text("---\ntitle: One, revised\n---\n")
    (root / "resources" / "acme" / "two.md").write_text("---\ntitle: Two\n---\n")
    _git(root, "mv", "resources/acme/old-name.md", "resources/acme/new-name.md")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "second", when="2024-05-20T23:30:00+00:00")
    return root


def test_two_commits(repo: Path) -> None:
    dates = git_dates(repo)
    assert dates.note is None
    assert dates["organisations/acme.yml"] == ("2024-03-01", "2024-03-01")
    assert dates["resources/acme/one.md"] == ("2024-03-01", "2024-05-20")
    assert dates["resources/acme/two.md"] == ("2024-05-20", "2024-05-20")
    assert dates["resources/acme/new-name.md"] == ("2024-03-01", "2024-05-20")  # history follows the rename
    assert "resources/acme/old-name.md" not in dates


def test_uncommitted_files_have_no_dates(repo: Path) -> None:
    (repo / "resources" / "acme" / "draft.md").write_text("---\ntitle: Draft\n---\n")
    dates = git_dates(repo)
    assert dates.dates("resources/acme/draft.md") == (None, None)
    note = dates.note_for(["resources/acme/draft.md", "resources/acme/one.md"])
    assert note is not None and note.startswith("1 record file")
    assert dates.note_for(["resources/acme/one.md"]) is None


def test_deleted_and_recreated_files_start_again(repo: Path) -> None:
    _git(repo, "rm", "-q", "resources/acme/two.md")
    _git(repo, "commit", "-q", "-m", "drop", when="2024-06-01T10:00:00+00:00")
    (repo / "resources" / "acme" / "two.md").write_text("---\ntitle: Two again, quite different\n---\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "back", when="2024-07-01T10:00:00+00:00")
    assert git_dates(repo)["resources/acme/two.md"] == ("2024-07-01", "2024-07-01")


def test_outside_git_is_empty_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "organisations").mkdir()
    dates = git_dates(tmp_path)
    assert dates == {} and dates.note and "Not a Git checkout" in dates.note
    assert dates.note_for(["organisations/x.yml"]) == dates.note
    assert version_from_git(tmp_path) == UNVERSIONED


def test_version_comes_from_the_commit(repo: Path) -> None:
    head = subprocess.run(["git", "rev-parse", "--short=8", "HEAD"], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.strip()
    assert version_from_git(repo) == f"2024.5.20+{head}"
    (repo / "resources" / "acme" / "one.md").write_text("changed\n")
    assert version_from_git(repo) == f"2024.5.20+{head}.dirty"


def test_parse_log_reads_renames_and_copies() -> None:
    log = ("\0\x011717200000\0\nR100\0resources/a/b.md\0resources/a/c.md\0\0"
           "\x011709294400\0\nA\0resources/a/b.md\0C090\0resources/a/b.md\0resources/a/copy.md\0")
    dates = parse_log(log)
    assert dates["resources/a/c.md"] == ("2024-03-01", "2024-06-01")
    assert dates["resources/a/copy.md"] == ("2024-03-01", "2024-03-01")


def test_one_log_call_whatever_the_number_of_files(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(30):
        (repo / "resources" / "acme" / f"extra-{n}.md").write_text(f"---\ntitle: {n}\n---\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "more", when="2024-08-01T10:00:00+00:00")
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        return real(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", counting)
    dates = git_dates(repo)
    assert len(dates) == 4 + 30
    assert [c[c.index("-c") + 2] for c in calls] == ["log", "rev-parse"]  # history once, then the shallow check
