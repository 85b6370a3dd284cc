"""Fixtures for the GitHub tests: a copy of the small fixture catalogue, as files or a git repository."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from github_helpers import FIXTURES, commit_all, git


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/github/catalogue: two organisations, two resources, two editors."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "catalogue", root)
    return root


@pytest.fixture
def repo(catalogue: Path) -> tuple[Path, str]:
    """The fixture catalogue as a git repository with one commit; returns (root, base sha)."""
    git(catalogue, "init", "-q", "-b", "main")
    return catalogue, commit_all(catalogue, "base")
