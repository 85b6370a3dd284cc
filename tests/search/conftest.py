"""Fixtures for the search tests: the fixture catalogue, its harness site, a server and a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_harness import Server, new_page
from oerbank.pipeline import check
from search_harness import CSP, FIXTURE, build_site


@pytest.fixture(scope="session")
def fixture_catalogue() -> Any:
    catalogue, report = check(FIXTURE)
    assert report.valid(), report
    return catalogue


@pytest.fixture(scope="session")
def search_site(fixture_catalogue: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(fixture_catalogue, tmp_path_factory.mktemp("search-site"))


@pytest.fixture(scope="session")
def server(search_site: Path) -> Iterator[Server]:
    with Server(search_site, csp=CSP) as s:
        yield s


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    with new_page(browser) as p:
        p.set_default_timeout(10_000)
        yield p
