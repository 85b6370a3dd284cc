"""The build's steps read the same frozen records and the same Git history, so the order they
run in changes nothing: every file is byte for byte the same whichever step goes first."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest

from catalogues import REPO
from oerbank.export import git_dates, write_data, write_feeds, write_redirects
from oerbank.load import Catalogue
from oerbank.pipeline import check
from oerbank.render.site import SiteModel
from oerbank.search import write_search

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SITE_URL = "https://example.org/oerbank/"
RENAMED = ("resources/ardcraig-castle/ice-house-science.md", "resources/ardcraig-castle/ice-house.md")


def _git(root: Path, *args: str, when: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root,
                   check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Catalogue, Any]:
    """The sample catalogue with `published` taken out of every other resource, committed in
    three batches months apart (and one file renamed), so Git's dates decide "newest" for
    half of the records."""
    root = tmp_path_factory.mktemp("order") / "catalogue"
    for folder in ("organisations", "resources"):
        shutil.copytree(REPO / folder, root / folder)
    files = sorted((root / "resources").rglob("*.md"))
    for path in files[::2]:
        text = path.read_text(encoding="utf-8")
        path.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("published:")),
                        encoding="utf-8")
    _git(root, "init", "-q", when="2024-01-01T10:00:00+00:00")
    _git(root, "add", "organisations", when="2024-01-01T10:00:00+00:00")
    for i, when in enumerate(("2024-01-01", "2024-09-01", "2025-01-01")):
        for path in files[i::3]:
            _git(root, "add", str(path.relative_to(root)), when=f"{when}T10:00:00+00:00")
        _git(root, "commit", "-q", "-m", f"batch {i}", when=f"{when}T10:00:00+00:00")
    _git(root, "mv", *RENAMED, when="2025-03-01T10:00:00+00:00")
    _git(root, "commit", "-q", "-m", "rename", when="2025-03-01T10:00:00+00:00")
    catalogue, report = check(root)
    assert report.valid(), report
    dates = git_dates(root)
    assert dates.note is None
    without = [r for r in catalogue.resources if not r.data.get("published")]
    assert len(without) == 85 and {dates[r.path][0] for r in without} == {"2024-01-01", "2024-09-01", "2025-01-01"}
    return catalogue, dates


def _export(catalogue: Catalogue, dates: Any, out: Path) -> None:
    write_data(catalogue, dates, out, SITE_URL, "2025.3.1+0000000")
    write_feeds(catalogue, dates, out, SITE_URL)
    write_redirects(catalogue, dates, out, SITE_URL)


def _render(catalogue: Catalogue, dates: Any, out: Path) -> None:
    model = SiteModel(catalogue, site_url=SITE_URL, dates=dates)
    for page in model.pages():
        path = out / "pages" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.html, encoding="utf-8")


def _search(catalogue: Catalogue, dates: Any, out: Path) -> None:
    write_search(catalogue, out, dates)


STEPS: dict[str, Callable[[Catalogue, Any, Path], None]] = {"export": _export, "render": _render, "search": _search}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_every_order_of_the_steps_writes_the_same_files(sample: tuple[Catalogue, Any], tmp_path: Path) -> None:
    catalogue, dates = sample
    built: dict[tuple[str, ...], dict[str, bytes]] = {}
    for order in itertools.permutations(STEPS):
        out = tmp_path / "-".join(order)
        for name in order:
            STEPS[name](catalogue, dates, out)
        built[order] = _snapshot(out)
    first, *others = built.values()
    assert {"data/resources.csv", "feed.xml", "search/docs.json", "search/docs/0.json",
            "pages/resources/ardcraig-castle/ice-house.md", "pages/index.md",
            "resources/ardcraig-castle/ice-house-science/index.html"} <= set(first)
    for order, files in built.items():
        assert sorted(files) == sorted(first), order
        assert [name for name in first if files[name] != first[name]] == [], order


def test_newest_follows_git_for_records_without_published(sample: tuple[Catalogue, Any], tmp_path: Path) -> None:
    """Search numbers documents newest first: a record without `published` is placed by the day
    Git first saw its file, as the pages date it, not after every dated record."""
    catalogue, dates = sample
    files = write_search(catalogue, tmp_path, dates)
    chunks = sorted((p for p in files if p.parent.name == "docs"), key=lambda p: int(p.stem))
    rows = [row for p in chunks for row in json.loads(p.read_text(encoding="utf-8"))]
    by_id = {r.id: r for r in catalogue.resources}
    model = SiteModel(catalogue, dates=dates)
    listed = [model.date_of(by_id[row[0]].data) for row in rows]
    assert len(listed) == 170 and "" not in listed
    assert listed == sorted(listed, reverse=True)
