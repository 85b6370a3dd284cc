"""A duplicate link is reported on the file that brought it, not on the one already there."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from catalogues import FIXTURES
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
