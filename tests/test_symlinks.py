"""Links anywhere in the repository are named by validate, and the build never reads or publishes them."""

from __future__ import annotations

import builtins
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogues import FIXTURES, REPO, write_files
from oerbank.cli import cli
from oerbank.pipeline import CatalogueRefused, build as build_site

SECRET = "oerbank-test-secret-5c1e9a"


def _link(path: Path, target: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


def _said(rel: str, target: str) -> tuple[str, int, str, str, str]:
    return (rel, 1, "symlink",
            f"This is a symbolic link to '{target}', not a file itself, so the catalogue does not read or publish it.",
            f"Replace the link with an ordinary file holding the text itself, or delete it (git rm {rel}).")


def _project(dest: Path, catalogue: Path) -> Path:
    """A project folder like the repository's: configuration, theme, docs and a catalogue."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "editors.yml"):
        shutil.copy(REPO / name, dest / name)
    for name in ("theme", "docs"):
        shutil.copytree(REPO / name, dest / name)
    for name in ("organisations", "resources"):
        shutil.copytree(catalogue / name, dest / name)
    return dest


def _validate_json(root: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["validate", "--root", str(root), "--format", "json"])
    return result.exit_code, json.loads(result.output)


def test_validate_names_every_link_where_it_points_with_the_other_problems(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", FIXTURES / "validate" / "good")
    write_files(root, {"secret.txt": SECRET, "resources/acme-arts/no-title.md": "---\nurl: https://acme.example/x\n---\n"})
    _link(root / "docs/env.txt", "/proc/self/environ")
    _link(root / "resources/acme-arts/a.md", "/etc/passwd")
    _link(root / "theme/partials/footer.html", "../../secret.txt")
    _link(root / "docs/etc", "/etc")
    _link(root / "organisations/README.md", "/etc/hostname")  # a name the record walk skips
    (root / "editors.yml").unlink()
    _link(root / "editors.yml", "secret.txt")
    _link(root / ".github/ISSUE_TEMPLATE/config.yml", "/etc/passwd")
    for folder in (".git", "node_modules", "build", ".venv"):  # never read by the build
        _link(root / folder / "link", "/etc/passwd")

    code, problems = _validate_json(root)

    assert code == 1
    links = {(p["file"], p["line"], p["code"], p["message"], p["hint"]) for p in problems if p["code"] == "symlink"}
    assert links == {
        _said(".github/ISSUE_TEMPLATE/config.yml", "/etc/passwd"),
        _said("docs/env.txt", "/proc/self/environ"),
        _said("docs/etc", "/etc"),
        _said("editors.yml", "secret.txt"),
        _said("organisations/README.md", "/etc/hostname"),
        _said("resources/acme-arts/a.md", "/etc/passwd"),
        _said("theme/partials/footer.html", "../../secret.txt"),
    }
    assert len([p for p in problems if p["code"] == "symlink"]) == len(links)  # each named once
    # Reported in the same run as every other problem.
    assert ("resources/acme-arts/no-title.md", "missing-field") in {(p["file"], p["code"]) for p in problems}


def test_the_text_report_says_it_in_a_sentence(good_catalogue: Path) -> None:
    _link(good_catalogue / "docs/env.txt", "/proc/self/environ")
    result = CliRunner().invoke(cli, ["validate", "--root", str(good_catalogue)])
    assert result.exit_code == 1
    assert ("  docs/env.txt:1: error [symlink] This is a symbolic link to '/proc/self/environ', not a file "
            "itself, so the catalogue does not read or publish it.") in result.output.splitlines()


def test_a_target_with_control_characters_is_shown_on_one_line(good_catalogue: Path) -> None:
    _link(good_catalogue / "docs/odd.md", "/tmp/a\n::error::fake\x1b[31m")
    _, problems = _validate_json(good_catalogue)
    assert [p["message"] for p in problems] == [
        "This is a symbolic link to '/tmp/a?::error::fake?[31m', not a file itself, "
        "so the catalogue does not read or publish it."]


def test_a_special_file_outside_the_records_is_named(good_catalogue: Path) -> None:
    (good_catalogue / "docs").mkdir()
    os.mkfifo(good_catalogue / "docs/pipe.md")  # reading it would hang the build
    _, problems = _validate_json(good_catalogue)
    assert [(p["file"], p["code"], p["message"]) for p in problems] == [
        ("docs/pipe.md", "misplaced-file", "This is not an ordinary file.")]


def test_build_refuses_a_repository_with_a_link_and_publishes_nothing(tmp_path: Path) -> None:
    root = _project(tmp_path / "project", FIXTURES / "validate" / "good")
    _link(root / "docs/env.txt", "/proc/self/environ")
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "oerbank.cli", "build", "--root", str(root), "--out", str(out)],
                            capture_output=True, text=True, env={**os.environ, "OERBANK_SECRET": SECRET})
    assert result.returncode == 1
    assert "docs/env.txt:1: error [symlink] This is a symbolic link to '/proc/self/environ'" in result.stdout
    assert not out.exists()


class _Opened:
    """Every file opened for reading while active, by its real path."""

    def __init__(self) -> None:
        self.paths: set[str] = set()
        self.active = False

    def record(self, file: object) -> None:
        if self.active and isinstance(file, (str, bytes, os.PathLike)):
            self.paths.add(os.path.realpath(os.fsdecode(file)))



@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> _Opened:
    seen = _Opened()
    real_open, real_io_open, real_os_open = builtins.open, io.open, os.open

    def spy_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.record(file)
        return real_open(file, *args, **kwargs)

    def spy_os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.record(path)
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    assert real_io_open is real_open
    return seen


def test_the_build_leaves_out_linked_docs_and_theme_files_without_reading_them(tmp_path: Path, opened: _Opened) -> None:
    # The catalogue is elsewhere (oerbank build --root X --config project/mkdocs.yml), so validation
    # of the catalogue does not see the project's docs: the build itself must leave the links out.
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    project = _project(tmp_path / "project", FIXTURES / "validate" / "good")
    catalogue = tmp_path / "catalogue"
    shutil.copytree(FIXTURES / "validate" / "good", catalogue)
    _link(project / "docs/env.txt", secret)
    _link(project / "docs/leak.md", secret)
    _link(project / "docs/linked", tmp_path / "outside")
    write_files(tmp_path / "outside", {"page.md": SECRET})
    _link(project / "theme/assets/secret.css", secret)
    (project / "CONTRIBUTING.md").unlink()
    _link(project / "CONTRIBUTING.md", secret)
    out = tmp_path / "site"

    opened.active = True
    build_site(catalogue, out, config=project / "mkdocs.yml")
    opened.active = False

    assert (out / "index.html").is_file() and (out / "about/index.html").is_file()
    published = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    assert not [p for p in published if "env.txt" in p or "leak" in p or "linked" in p or "secret" in p]
    assert not [p for p in published if p.endswith((".html", ".css", ".txt", ".json", ".xml"))
                and SECRET in (out / p).read_text(encoding="utf-8", errors="replace")]
    assert os.path.realpath(secret) not in opened.paths
    assert os.path.realpath(tmp_path / "outside" / "page.md") not in opened.paths
    assert os.path.realpath(project / "docs" / "about.md") in opened.paths  # the spy sees the files that are read


def test_the_code_is_explained_for_contributors() -> None:
    assert "| `symlink` |" in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_preview_names_a_linked_organisation_file_and_does_not_show_what_it_points_to(good_catalogue: Path) -> None:
    org = good_catalogue / "organisations/acme-arts.yml"
    write_files(good_catalogue, {"docs/org.yml": org.read_text(encoding="utf-8").replace("name: ", f"name: {SECRET} ", 1)})
    org.unlink()
    _link(org, "../docs/org.yml")
    resource = good_catalogue / "resources/acme-arts/clay-masks.md"
    result = CliRunner().invoke(cli, ["preview", "--root", str(good_catalogue), str(resource)])
    assert result.exit_code == 1
    assert ("organisations/acme-arts.yml:1: error [symlink] This is a symbolic link to '../docs/org.yml', "
            "not a file itself, so the catalogue does not read or publish it.") in result.output.splitlines()
    page = good_catalogue / "build/preview/acme-arts--clay-masks.html"
    assert "symbolic link to &#39;../docs/org.yml&#39;" in page.read_text(encoding="utf-8")
    assert SECRET not in page.read_text(encoding="utf-8")


def test_a_link_stops_even_a_build_that_allows_invalid_records(tmp_path: Path, opened: _Opened) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text(SECRET, encoding="utf-8")
    project = _project(tmp_path / "project", FIXTURES / "validate" / "good")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      root: .\n", "      root: .\n      require_valid: false\n"),
                      encoding="utf-8")
    _link(project / "theme/partials/footer.html", secret)  # a template: MkDocs would render it into every page
    out = tmp_path / "site"
    opened.active = True
    with pytest.raises(CatalogueRefused) as refused:
        build_site(project, out, config=config)
    opened.active = False
    assert "theme/partials/footer.html:1: error [symlink] This is a symbolic link to" in str(refused.value)
    assert not (out / "index.html").exists()
    assert os.path.realpath(secret) not in opened.paths
