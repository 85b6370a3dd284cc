"""One built sample site per test session, served on 127.0.0.1, and a real headless Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_harness import Server, new_page
from oerbank.pipeline import build as build_site

REPO = Path(__file__).resolve().parents[2]


def copy_project(dest: Path, catalogue: Path | None = None) -> Path:
    """A project folder (config, theme, docs) with the sample or a given catalogue."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, dest / name)
    for name in ("theme", "docs"):
        shutil.copytree(REPO / name, dest / name)
    source = catalogue or REPO
    for name in ("organisations", "resources"):
        shutil.copytree(source / name, dest / name)
    return dest


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(REPO, out)
    return out


@pytest.fixture(scope="session")
def site_url(sample_site: Path) -> Iterator[str]:
    with Server(sample_site) as server:
        yield server.url + "/"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser, viewport={"width": 1280, "height": 900}) as pg:
        yield pg


SCREENSHOTS = REPO / "build" / "screenshots"
