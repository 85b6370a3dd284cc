"""The docs engine is one replaceable step: MkDocs, ProperDocs and Zensical build the same site.

The catalogue's pages come from our own templates whatever the engine; the engine builds the
prose pages only. Zensical has no plugin API, and what that costs is stated exactly below.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogues import FIXTURES, REPO
from oerbank.cli import cli
from oerbank.engines import EngineMissing, check_installed
from oerbank.pipeline import build

ENGINES = ["mkdocs", "properdocs", "zensical"]
RESOURCE = "resources/acme-arts/clay-masks/index.html"
ORGANISATION = "organisations/acme-arts/index.html"
PROSE = {"about/index.html": "About", "publishing/index.html": "Publishing and contributing through GitHub",
         "contributing/index.html": "How to contribute", "contributing/fields/index.html": "Field reference",
         "data/index.html": "Open data", "benchmarks/index.html": "Benchmarks"}


def project(folder: Path) -> Path:
    """The project's configuration, docs and theme around the small good catalogue."""
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(REPO / name, folder / name)
    for name in ("docs", "theme"):
        shutil.copytree(REPO / name, folder / name)
    for name in ("organisations", "resources"):
        shutil.copytree(FIXTURES / "validate" / "good" / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = project(tmp_path_factory.mktemp("project"))
    built = {}
    for engine in ENGINES:
        built[engine] = root / "build" / engine
        build(root, built[engine], engine)
    return built


def h1(page: Path) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert found, page
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_builds_the_catalogue_pages_and_the_prose_pages(sites: dict[str, Path], engine: str) -> None:
    site = sites[engine]
    assert h1(site / RESOURCE) == "Clay Masks: Faces from Around the World"
    assert h1(site / ORGANISATION) == "Acme Arts Centre"
    assert 'id="oer-search"' in (site / "search/index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="./resources/acme-arts/clay-masks/"' in home  # among the newest resources
    for page, heading in PROSE.items():
        assert h1(site / page) == heading, (engine, page)
        # the prose pages carry the catalogue's one search form, from the theme overrides
        assert 'action="../search/"' in (site / "about/index.html").read_text(encoding="utf-8")
    assert (site / "data" / "resources.csv").is_file() and (site / "search" / "docs.json").is_file()
    assert f"{REPO_URL_PAGES}resources/acme-arts/clay-masks/" in (site / "sitemap.xml").read_text(encoding="utf-8")


REPO_URL_PAGES = "https://open-arts-resource-bank.github.io/oerbank/"


def test_catalogue_pages_do_not_depend_on_the_engine(sites: dict[str, Path]) -> None:
    for page in (RESOURCE, ORGANISATION, "search/index.html", "index.html", "key-stages/ks2/index.html"):
        made = {engine: (sites[engine] / page).read_bytes() for engine in ENGINES}
        assert made["properdocs"] == made["mkdocs"] and made["zensical"] == made["mkdocs"], page


def test_each_engine_names_itself_in_the_prose_pages(sites: dict[str, Path]) -> None:
    generators = {engine: re.search(r'<meta name="generator" content="([^"]+)"',
                                    (sites[engine] / "about/index.html").read_text(encoding="utf-8")).group(1)  # type: ignore[union-attr]
                  for engine in ENGINES}
    assert generators["mkdocs"].startswith("mkdocs-1.6")
    assert generators["properdocs"].startswith("mkdocs-ProperDocs 1.6")
    assert generators["zensical"].startswith("zensical")


def _edit_link(page: Path) -> str:
    found = re.search(r'href="(https://github\.com/[^"]*/edit/[^"]*)"', page.read_text(encoding="utf-8"))
    return found.group(1) if found else ""


def test_with_mkdocs_and_properdocs_generated_pages_edit_their_sources(sites: dict[str, Path]) -> None:
    for engine in ("mkdocs", "properdocs"):
        site = sites[engine]
        assert _edit_link(site / "contributing/index.html").endswith("/edit/main/CONTRIBUTING.md")
        assert _edit_link(site / "data/index.html") == ""  # made from the data: nothing to edit
        assert _edit_link(site / "about/index.html").endswith("/edit/main/docs/about.md")
        assert "<script>" not in (site / "about/index.html").read_text(encoding="utf-8")


def test_what_zensical_cannot_do(sites: dict[str, Path]) -> None:
    """Zensical loads no plugins, so (1) the pages made from other files get Material's default edit link,
    into docs/, where no such file is; (2) its templates carry one inline script (the colour palette),
    which the Content-Security-Policy blocks: harmless, as the site has one palette. Everything else is built."""
    site = sites["zensical"]
    assert _edit_link(site / "contributing/index.html").endswith("/edit/main/docs/contributing.md")
    assert _edit_link(site / "data/index.html").endswith("/edit/main/docs/data.md")
    about = (site / "about/index.html").read_text(encoding="utf-8")
    assert about.count("<script>") == 1 and '__md_get("__palette")' in about
    assert "script-src 'self';" in about


def test_the_engine_is_chosen_on_the_command_line_or_in_mkdocs_yml(tmp_path: Path) -> None:
    root = project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("engine: mkdocs ", "engine: properdocs "),
                      encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", "--root", str(root), "--out", str(root / "build/a")])
    assert result.exit_code == 0, result.output
    assert "ProperDocs" in (root / "build/a/about/index.html").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["build", "--root", str(root), "--out", str(root / "build/b"), "--engine", "mkdocs"])
    assert result.exit_code == 0, result.output
    assert 'content="mkdocs-1.6' in (root / "build/b/about/index.html").read_text(encoding="utf-8")
    result = runner.invoke(cli, ["build", "--root", str(root), "--out", str(root / "build/c"), "--engine", "sphinx"])
    assert result.exit_code == 2
    assert "'sphinx' is not one of 'mkdocs', 'properdocs', 'zensical'" in result.output


def test_a_missing_engine_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "zensical" else real(name, *a))
    with pytest.raises(EngineMissing) as missing:
        check_installed("zensical")
    assert str(missing.value) == ("The docs engine Zensical is not installed here: install it with `pip install zensical`, "
                                  "or build with another engine (--engine mkdocs).")


def test_the_build_itself_never_imports_a_docs_engine(tmp_path: Path) -> None:
    """The engine runs in its own process; Material's package is only read for its stylesheet."""
    root = project(tmp_path)
    code = ("import sys; from pathlib import Path; from oerbank.pipeline import build; "
            f"build(Path({str(root)!r}), Path({str(root / 'site')!r})); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'properdocs', 'zensical')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert (root / "site" / RESOURCE).is_file()


def test_mkdocs_alone_says_to_use_oerbank(tmp_path: Path) -> None:
    root = project(tmp_path)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert ("This site's catalogue pages are made by oerbank, not by the docs engine alone: build it with "
            "`oerbank build` and preview it with `oerbank serve`.") in done.stderr


def test_an_engine_failure_is_one_sentence_and_keeps_the_previous_site(tmp_path: Path) -> None:
    root = project(tmp_path)
    out = root / "build" / "site"
    assert CliRunner().invoke(cli, ["build", "--root", str(root), "--out", str(out)]).exit_code == 0
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: nosuchtheme\n"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--root", str(root), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.startswith(
        "The build stopped while building the prose pages with MkDocs (Config value 'theme': Unrecognised theme "
        "name: 'nosuchtheme'. The available installed themes are: ")
    assert f"; the previous site in {out} is unchanged; the full error is in " in result.output
    assert h1(out / RESOURCE) == "Clay Masks: Faces from Around the World"
