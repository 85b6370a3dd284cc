"""Real records build: 311 Oak National Academy lessons, as published and stripped to the required fields."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from catalogues import FIXTURES, REPO
from oerbank.cli import cli
from oerbank.load import split_front_matter

sys.path.insert(0, str(REPO / "scripts"))
from check_corpus import copy_without_optional, optional_fields, without_fields  # noqa: E402

OAK = FIXTURES / "oak"
LESSONS = sorted((OAK / "resources").glob("*/*.md"))


def _build(root: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"1 organisation, {len(LESSONS)} resources: site written to {root / 'build' / 'site'}\n")


def _front(path: Path) -> dict:
    parts = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    assert isinstance(parts, tuple)
    return yaml.safe_load(parts[0])


def _title_of_page(page: Path) -> str:
    found = re.search(r"<h1>(.*?)</h1>", page.read_text(encoding="utf-8"))
    assert found, page
    return found.group(1)


def test_every_oak_lesson_gets_its_page(tmp_path: Path) -> None:
    root = tmp_path / "oak"
    shutil.copytree(OAK, root)
    _build(root)
    site = root / "build" / "site"
    assert len(LESSONS) == 311
    for lesson in LESSONS:
        page = site / "resources" / lesson.parent.name / lesson.stem / "index.html"
        assert _title_of_page(page) == _escaped(_front(lesson)["title"])


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


def test_oak_lessons_build_with_every_optional_field_removed(tmp_path: Path) -> None:
    """keywords, published, languages, art forms, the description: gone from every record, still a page each."""
    root = tmp_path / "oak"
    copy_without_optional(OAK, root)
    optional = optional_fields("resources")
    assert {"keywords", "published", "languages", "art_forms", "image", "organisation"} <= optional
    stripped = sorted((root / "resources").glob("*/*.md"))
    assert len(stripped) == len(LESSONS)
    assert sum("art_forms" in _front(p) for p in LESSONS) == 39  # the fixture did use some optional fields
    for path in stripped:
        assert not _front(path).keys() & optional, path
        assert path.read_text(encoding="utf-8").endswith("---\n")  # no description either
    _build(root)
    for lesson in LESSONS:
        assert (root / "build" / "site" / "resources" / lesson.parent.name / lesson.stem / "index.html").is_file()


def test_removing_fields_keeps_the_others_as_written() -> None:
    text = "title: A & B\nkeywords:\n- x\n- y\nsummary: >\n  long\n  more\npublished: 2020-01-01\nurl: https://a.example/"
    assert without_fields(text, {"keywords", "published"}) == "title: A & B\nsummary: >\n  long\n  more\nurl: https://a.example/"
