"""Fixtures shared by the test modules: small catalogues copied into a temporary folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from catalogues import FIXTURES, REPO, write_files  # noqa: F401  (re-exported for fixtures)


@pytest.fixture
def good_catalogue(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/validate/good: 2 organisations, 3 resources, no problems."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    return root


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium per test process, shared by every browser test.

    Playwright's sync API allows one instance per process, so the suites share this one.
    OERBANK_CHROMIUM names another Chromium (tests.yml uses Playwright's on GitHub's runners).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("OERBANK_CHROMIUM", "/usr/bin/chromium"),
                              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                    "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()
