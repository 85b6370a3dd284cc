"""Plain text with '<', '>' and '&' is accepted and shown as written; hidden characters never reach the output.

Validation accepts such text because every output escapes it: the page shows the characters
themselves, the CSV and SQLite hold them unchanged. A catalogue with a bidi control fails
validation, and the build then writes nothing.
"""

from __future__ import annotations

import csv
import shutil
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest

from catalogues import FIXTURES, REPO, write_files
from oerbank.pipeline import check
from oerbank.pipeline import CatalogueRefused, build as build_site

MASKS = "resources/acme-arts/clay-masks.md"
SUMMARY = "I can compare decimals using < and >."
TITLE = "Fish & chips <3 shapes"


class _Text(HTMLParser):
    """The text a reader sees: everything outside tags and scripts, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "validate" / "good", root)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, root / name)
    for name in ("theme", "docs"):
        shutil.copytree(REPO / name, root / name)
    return root


def _with(root: Path, old: str, new: str) -> None:
    text = (root / MASKS).read_text(encoding="utf-8")
    assert old in text
    write_files(root, {MASKS: text.replace(old, new)})


def test_angle_brackets_and_ampersands_show_as_written(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _with(root, "summary: Pupils look at masks from four cultures, then model their own in air-drying clay.",
          f"summary: {SUMMARY}")
    _with(root, 'title: "Clay Masks: Faces from Around the World"', f"title: {TITLE}")
    _with(root, "\n---\n", "\n---\nIf 0.5 < 0.75 and 0.75 > 0.6, which is biggest? Bread & butter.\n")
    catalogue, report = check(root)
    assert report.problems == []
    out = tmp_path / "site"
    build_site(root, out, checked=(catalogue, report))

    html = (out / "resources" / "acme-arts" / "clay-masks" / "index.html").read_text(encoding="utf-8")
    assert "I can compare decimals using &lt; and &gt;." in html
    assert "<3 shapes" not in html.replace("&lt;3 shapes", "")
    reader = _Text()
    reader.feed(html)
    seen = " ".join(" ".join(reader.parts).split())
    assert SUMMARY in seen and TITLE in seen
    assert "If 0.5 < 0.75 and 0.75 > 0.6, which is biggest? Bread & butter." in seen

    with (out / "data" / "resources.csv").open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["id"] == "acme-arts/clay-masks")
    assert (row["title"], row["summary"]) == (TITLE, SUMMARY)
    [db] = (out / "data").glob("*.sqlite")
    with sqlite3.connect(db) as con:
        assert con.execute("select title, summary from resources where id = ?",
                           ("acme-arts/clay-masks",)).fetchone() == (TITLE, SUMMARY)


@pytest.mark.parametrize("hidden", ["\u202e", "\u2067", "\x1b"])
def test_a_catalogue_with_hidden_characters_is_not_built(tmp_path: Path, hidden: str) -> None:
    root = _project(tmp_path)
    _with(root, "\n---\n", f"\n---\nPupils{hidden} look at masks.\n")
    _, report = check(root)
    assert [p.code for p in report.errors] == ["control-character" if hidden == "\x1b" else "bidi-control"]
    out = tmp_path / "site"
    with pytest.raises(CatalogueRefused) as refused:
        build_site(root, out)
    assert str(refused.value).startswith("The catalogue has problems, so the site was not built:")
    written = [p for p in out.rglob("*") if p.is_file()] if out.exists() else []
    assert not [p for p in written if hidden.encode() in p.read_bytes()]
    assert not (out / "data").exists() and not (out / "resources").exists()
