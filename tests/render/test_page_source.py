"""A record named `index` (MkDocs' name for a folder's own page) still gets its own page at its address."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from catalogues import FIXTURES, REPO
from oerbank.cli import cli
from oerbank.render.site import page_source


def test_page_source() -> None:
    assert page_source("resources", "quay-arts/lino") == "resources/quay-arts/lino.md"
    assert page_source("resources", "quay-arts/index") == "resources/quay-arts/index/index.md"
    assert page_source("organisations", "index") == "organisations/index/index.md"


def test_a_resource_and_an_organisation_called_index_get_their_pages(tmp_path: Path) -> None:
    root = tmp_path / "catalogue"
    for folder in ("organisations", "resources"):
        shutil.copytree(FIXTURES / "export" / "small" / folder, root / folder)
    lino = (root / "resources/quay-arts/lino-printing-for-beginners.md").read_text(encoding="utf-8")
    (root / "resources/quay-arts/index.md").write_text(
        lino.replace("title: ", "title: Index of prints ", 1).replace("url: https://quay-arts.example/",
                                                                     "url: https://quay-arts.example/index/", 1),
        encoding="utf-8")
    org = (root / "organisations/north-light-gallery.yml").read_text(encoding="utf-8")
    (root / "organisations/index.yml").write_text(org.replace("name: ", "name: Index Arts ", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--config", str(REPO / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    site = root / "build" / "site"
    page = (site / "resources/quay-arts/index/index.html").read_text(encoding="utf-8")
    assert "<h1>Index of prints " in page
    listing = (site / "organisations/quay-arts/index.html").read_text(encoding="utf-8")
    assert 'href="../../resources/quay-arts/index/"' in listing
    assert "<h1>Index Arts " in (site / "organisations/index/index.html").read_text(encoding="utf-8")
    organisations = (site / "organisations/index.html").read_text(encoding="utf-8")
    assert "<h1>Organisations</h1>" in organisations and 'href="../organisations/index/"' in organisations
