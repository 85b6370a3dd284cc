"""`oerbank preview`: one resource's page from its file and its organisation's, problems shown on it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from catalogues import REPO
from oerbank.cli import cli

RESOURCE = "resources/castlegate-gallery/pattern-and-repeat-geometric-design.md"


def _catalogue(tmp_path: Path) -> Path:
    root = tmp_path / "catalogue"
    for name in ("organisations", "resources"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_preview_renders_the_page(tmp_path: Path) -> None:
    root = _catalogue(tmp_path)
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(root / RESOURCE)])
    assert result.exit_code == 0, result.output
    page = root / "build/preview/castlegate-gallery--pattern-and-repeat-geometric-design.html"
    assert f"Preview written: {page.as_uri()}" in result.output
    html = page.read_text(encoding="utf-8")
    assert "<h1>Pattern and Repeat: Geometry in Art</h1>" in html
    assert "tessellation" in html  # the Markdown body
    assert "Castlegate Gallery" in html
    assert (root / "build/preview/assets/site.css").exists()


def test_preview_lists_problems_on_the_page_and_changes_nothing(tmp_path: Path) -> None:
    root = _catalogue(tmp_path)
    source = root / RESOURCE
    source.write_text(source.read_text(encoding="utf-8").replace("key_stages: [ks2, ks3]", "key_stages: [ks2, ks9]"),
                      encoding="utf-8")
    before = source.read_bytes()
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(source)])
    assert result.exit_code == 1
    assert f"{RESOURCE}:6: error [not-in-vocabulary]" in result.output
    html = (root / "build/preview/castlegate-gallery--pattern-and-repeat-geometric-design.html").read_text()
    assert "Fix these before you open a pull request" in html and "ks9" in html
    assert source.read_bytes() == before


def test_preview_refuses_files_that_are_not_resources(tmp_path: Path) -> None:
    root = _catalogue(tmp_path)
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(root / "organisations/castlegate-gallery.yml")])
    assert result.exit_code == 2
    assert "Preview a resource file" in result.output


def _boxes(html: str) -> tuple[str, str]:
    """The text of the errors box and of the warnings box ('' when a box is not shown)."""
    def box(title: str) -> str:
        start = html.find(f'<p class="admonition-title">{title}')
        return html[start:html.find("</div>", start)] if start >= 0 else ""
    return box("Fix these before you open a pull request"), box("Worth a look")


def test_preview_shows_missing_required_fields_as_missing(tmp_path: Path) -> None:
    root = _catalogue(tmp_path)
    source = root / RESOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("licence: CC-BY-4.0\n", "").replace("cost: free\n", ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(source)])
    assert result.exit_code == 1
    html = (root / "build/preview/castlegate-gallery--pattern-and-repeat-geometric-design.html").read_text()
    assert "<dt>Licence</dt><dd>Missing: add licence to the file</dd>" in html
    assert '<span class="oer-tag oer-cost oer-cost--unknown">Missing: add cost to the file</span>' in html
    assert ">None<" not in html and "Licence None" not in html
    errors, warnings = _boxes(html)
    assert "&#39;licence&#39; is missing: every resource needs it." in errors
    assert "&#39;cost&#39; is missing: every resource needs it." in errors
    assert warnings == ""


def test_preview_lists_warnings_apart_from_the_errors_to_fix(tmp_path: Path) -> None:
    root = _catalogue(tmp_path)
    source = root / RESOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("published: 2022-01-17\n", "").replace("[ks2, ks3]", "[ks2, ks9]"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(source)])
    html = (root / "build/preview/castlegate-gallery--pattern-and-repeat-geometric-design.html").read_text()
    errors, warnings = _boxes(html)
    assert "ks9" in errors and "published" not in errors
    assert "&#39;published&#39; is not filled in; teachers use it to find resources." in warnings
    assert "ks9" not in warnings
    assert result.exit_code == 1


def test_preview_with_only_warnings_asks_for_no_fix(tmp_path: Path) -> None:
    root = _catalogue(tmp_path)
    source = root / RESOURCE
    source.write_text(source.read_text(encoding="utf-8").replace("published: 2022-01-17\n", ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(source)])
    assert result.exit_code == 0
    html = (root / "build/preview/castlegate-gallery--pattern-and-repeat-geometric-design.html").read_text()
    errors, warnings = _boxes(html)
    assert errors == "" and "published" in warnings
    assert "<dt>Licence</dt><dd><a href=\"https://creativecommons.org/licenses/by/4.0/\"" in html


def test_preview_of_a_resource_without_a_title_shows_the_page(tmp_path: Path) -> None:
    """Related resources are named by their titles; one with no title yet is named by its id."""
    root = _catalogue(tmp_path)
    source = root / RESOURCE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace('title: "Pattern and Repeat: Geometry in Art"\n', ""), encoding="utf-8")
    result = CliRunner().invoke(cli, ["preview", "--root", str(root), str(source)])
    assert result.exit_code == 1, result.output
    html = (root / "build/preview/castlegate-gallery--pattern-and-repeat-geometric-design.html").read_text()
    assert "<h1>Missing: add title to the file</h1>" in html
    assert "&#39;title&#39; is missing: every resource needs it." in _boxes(html)[0]
