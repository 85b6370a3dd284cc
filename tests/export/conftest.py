"""Shared fixtures: a small valid catalogue copied to tmp_path, loaded and validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from export_helpers import FIXTURES, copy_catalogue, load_valid

from oerbank.load import Catalogue


@pytest.fixture
def small_root(tmp_path: Path) -> Path:
    return copy_catalogue(FIXTURES / "small", tmp_path / "catalogue")


@pytest.fixture
def small(small_root: Path) -> Catalogue:
    return load_valid(small_root)
