"""Fixtures shared by the test modules: small catalogues copied into a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import settings

from catalogues import FIXTURES, REPO, write_files  # noqa: F401  (re-exported for fixtures)

# Hypothesis fails an example that takes over 200 ms by default: a wall-clock assertion that a busy
# machine trips. Property tests bound their work by the size of what they generate instead.
settings.register_profile("oerbank", deadline=None)
settings.load_profile("oerbank")


@pytest.fixture
def good_catalogue(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/validate/good: 2 organisations, 3 resources, no problems."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    return root


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per test process, shared by every browser test.

    Playwright's sync API allows one instance per process, so the suites share this one.
    """
    from browser_harness import chromium

    with chromium() as b:
        yield b
