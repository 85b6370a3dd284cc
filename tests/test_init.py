"""`oerbank init` turns a copy of the repository into a new catalogue that validates and builds."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from catalogues import REPO
from oerbank.cli import cli
from oerbank.commands import init as init_command

# The configuration and the sample, as a fork has them.
COPIED = ("mkdocs.yml", "editors.yml", "README.md", "CONTRIBUTING.md", "docs", "theme", ".github",
          "organisations", "resources")
CONFIGURATION = ("mkdocs.yml", "editors.yml", "README.md", "CONTRIBUTING.md", "docs", "theme", ".github")
NEW = ["--name", "Fenland: Arts Learning", "--repo", "fen-arts/catalogue", "--editor", "sam-fen,jo-fen"]


def _old() -> dict[str, str]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    return {key: config[key] for key in ("site_name", "site_url", "repo_url", "repo_name")}


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    root = tmp_path / "fork"
    root.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    return root


def _init(root: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["init", "--root", str(root), *args], input=input)


def _configuration_text(root: Path) -> dict[str, str]:
    out = {}
    for name in CONFIGURATION:
        path = root / name
        for file in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            out[file.relative_to(root).as_posix()] = file.read_text(encoding="utf-8")
    return out


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                   cwd=root, check=True, capture_output=True)


def test_a_fork_becomes_a_new_empty_catalogue_that_validates_and_builds(fork: Path, tmp_path: Path) -> None:
    old = _old()
    assert "open-arts-resource-bank" in old["repo_name"]  # what must go

    result = _init(fork, *NEW)

    assert result.exit_code == 0, result.output
    assert result.output.startswith('Set up "Fenland: Arts Learning" at https://fen-arts.github.io/catalogue/ '
                                    "from fen-arts/catalogue, edited by @sam-fen, @jo-fen.\n"
                                    "Removed the sample catalogue: 16 organisation files and 16 resource folders.\n")
    config = yaml.safe_load((fork / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {key: config[key] for key in old} == {
        "site_name": "Fenland: Arts Learning", "site_url": "https://fen-arts.github.io/catalogue/",
        "repo_url": "https://github.com/fen-arts/catalogue", "repo_name": "fen-arts/catalogue"}
    assert yaml.safe_load((fork / "editors.yml").read_text(encoding="utf-8")) == {"editors": ["sam-fen", "jo-fen"], "approvals": 1}
    assert (fork / "editors.yml").read_text(encoding="utf-8").startswith("# The catalogue editors")
    codeowners = (fork / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert [line for line in codeowners.splitlines() if line and not line.startswith("#")] == \
        ["* @sam-fen @jo-fen", "/organisations/", "/resources/"]
    assert (fork / ".github/ISSUE_TEMPLATE/add-resource.yml").read_text(encoding="utf-8") == \
        (REPO / ".github/ISSUE_TEMPLATE/add-resource.yml").read_text(encoding="utf-8")
    assert sorted(p.name for p in (fork / "organisations").iterdir()) == ["README.md"]
    assert sorted(p.name for p in (fork / "resources").iterdir()) == ["README.md"]
    assert "oerbank new organisation" in (fork / "organisations/README.md").read_text(encoding="utf-8")
    readme = (fork / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Fenland: Arts Learning\n")
    assert "The catalogue is empty: add the first organisation" in readme and "16 fictional" not in readme
    assert "(https://fen-arts.github.io/catalogue/contributing/fields/)" in (fork / "CONTRIBUTING.md").read_text(encoding="utf-8")

    left = {rel: [s for s in ("open-arts-resource-bank", old["site_name"], old["site_url"], old["repo_url"])
                  if s in text]
            for rel, text in _configuration_text(fork).items()}
    assert {rel: found for rel, found in left.items() if found} == {}

    validated = CliRunner().invoke(cli, ["validate", "--root", str(fork)])
    assert (validated.exit_code, validated.output) == (0, "0 organisations, 0 resources: valid\n")
    site = tmp_path / "site"
    built = CliRunner().invoke(cli, ["build", "--root", str(fork), "--out", str(site)])
    assert built.exit_code == 0, built.output
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Fenland: Arts Learning</title>" in home
    # the prose pages' header links the repository (the catalogue's own pages carry no header link)
    assert 'href="https://github.com/fen-arts/catalogue"' in (site / "about/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://fen-arts.github.io/catalogue/">' in home
    assert "<h1>Fenland: Arts Learning</h1>" in home
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert (package["name"], package["title"]) == ("fenland-arts-learning", "Fenland: Arts Learning")
    assert "<title>Fenland: Arts Learning: new resources</title>" in (site / "feed.xml").read_text(encoding="utf-8")
    assert _naming(site, old) == []


def _naming(site: Path, old: dict[str, str]) -> list[str]:
    """Files of a built site that still name the old catalogue."""
    return [p.relative_to(site).as_posix() for p in sorted(site.rglob("*"))
            if p.suffix in (".html", ".xml", ".json", ".csv", ".js", ".css", ".txt", ".webmanifest")
            and any(s in p.read_text(encoding="utf-8", errors="replace")
                    for s in ("open-arts-resource-bank", old["site_name"], old["site_url"]))]


def test_keep_sample_keeps_the_sample_and_its_owners(fork: Path, tmp_path: Path) -> None:
    result = _init(fork, *NEW, "--keep-sample")
    assert result.exit_code == 0, result.output
    assert "Removed" not in result.output
    assert len(list((fork / "organisations").glob("*.yml"))) == 16
    codeowners = (fork / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert "* @sam-fen @jo-fen" in codeowners.splitlines()
    assert "#   castlegate-gallery: @castlegate-learn @amira-k-castlegate" in codeowners.splitlines()
    assert "16 fictional organisations" in (fork / "README.md").read_text(encoding="utf-8")
    validated = CliRunner().invoke(cli, ["validate", "--root", str(fork)])
    assert (validated.exit_code, validated.output) == (0, "16 organisations, 170 resources: valid\n")
    site = tmp_path / "site"
    built = CliRunner().invoke(cli, ["build", "--root", str(fork), "--out", str(site)])
    assert built.exit_code == 0, built.output
    page = (site / "resources/castlegate-gallery/pattern-and-repeat-geometric-design/index.html").read_text(encoding="utf-8")
    assert "Fenland: Arts Learning. https://fen-arts.github.io/catalogue/resources/castlegate-gallery/" in page
    organisation = (site / "organisations/castlegate-gallery/feed.xml").read_text(encoding="utf-8")
    assert "<title>Fenland: Arts Learning: new resources from Castlegate Gallery</title>" in organisation
    assert _naming(site, _old()) == []


def test_a_release_tag_naming_the_old_repository_names_the_new_one(fork: Path) -> None:
    config = fork / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "large_files_release: open-data", "large_files_release: open-arts-resource-bank-data"), encoding="utf-8")
    assert _init(fork, *NEW).exit_code == 0
    assert "      large_files_release: fen-arts-data\n" in config.read_text(encoding="utf-8")


def test_it_refuses_to_run_twice_unless_forced(fork: Path) -> None:
    assert _init(fork, *NEW).exit_code == 0
    before = _configuration_text(fork)

    again = _init(fork, "--name", "Another", "--repo", "other/catalogue", "--editor", "someone")

    assert again.exit_code == 1
    assert again.output == (
        "Error: This catalogue has already been set up with `oerbank init` (mkdocs.yml says so at the top); "
        "running it again would replace its name, address and editors. Pass --force to do that anyway.\n")
    assert _configuration_text(fork) == before
    forced = _init(fork, "--name", "Another", "--repo", "other/catalogue", "--editor", "someone", "--force")
    assert forced.exit_code == 0, forced.output
    config = (fork / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_name: Another\n" in config and config.count("set up with `oerbank init`") == 1
    assert "Fenland" not in "".join(_configuration_text(fork).values())


def test_it_refuses_a_tree_with_uncommitted_changes(fork: Path) -> None:
    _git(fork, "init", "-q")
    _git(fork, "add", "-A")
    _git(fork, "commit", "-qm", "fork")
    (fork / "docs/about.md").write_text("Changed.\n", encoding="utf-8")
    (fork / "notes.txt").write_text("New.\n", encoding="utf-8")
    before = _configuration_text(fork)

    result = _init(fork, *NEW)

    assert result.exit_code == 1
    assert result.output == (
        "Error: This folder has changes that are not committed (2 files: docs/about.md, notes.txt). "
        "Commit or stash them first, so that what `oerbank init` changes can be looked over and undone on "
        "its own, or pass --force.\n")
    assert _configuration_text(fork) == before
    assert len(list((fork / "organisations").glob("*.yml"))) == 16
    _git(fork, "add", "-A")
    _git(fork, "commit", "-qm", "notes")
    assert _init(fork, *NEW).exit_code == 0


def test_a_catalogue_folder_without_the_site_configuration_is_refused(fork: Path) -> None:
    (fork / "mkdocs.yml").unlink()
    result = _init(fork, *NEW)
    assert result.exit_code == 1
    assert result.output == (f"Error: There is no mkdocs.yml in {fork}: `oerbank init` sets up a copy of the whole "
                             "repository (site configuration, docs and theme), not a catalogue folder alone.\n")
    assert len(list((fork / "organisations").glob("*.yml"))) == 16


def test_a_file_that_is_not_utf8_stops_it_before_anything_changes(fork: Path) -> None:
    (fork / "docs/about.md").write_bytes("Caf\u00e9 Open Arts Resource Bank\n".encode("latin-1"))
    result = _init(fork, *NEW)
    assert result.exit_code == 1
    assert result.output == ("Error: docs/about.md is not UTF-8 text, so its old name and addresses can't be "
                             "replaced; nothing was changed. Save it as UTF-8 and run `oerbank init` again.\n")
    assert (fork / "mkdocs.yml").read_text(encoding="utf-8") == (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert len(list((fork / "organisations").glob("*.yml"))) == 16


def test_missing_answers_without_a_terminal_are_a_usage_error(fork: Path) -> None:
    result = _init(fork, "--name", "Fenland Arts Learning")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Missing --repo, --editor: pass them, or run `oerbank init` in a terminal to be asked.")
    assert (fork / "mkdocs.yml").read_text(encoding="utf-8") == (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_wrong_answers_are_all_named_and_nothing_changes(fork: Path) -> None:
    before = _configuration_text(fork)
    result = _init(fork, "--name", "Arts", "--repo", "not a repository", "--site-url", "http://example.org/x",
                   "--editor", "good-name", "--editor", "bad_name!")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: The site address 'http://example.org/x' must be a full https:// address, e.g. "
        "https://your-org.github.io/your-repository/. The repository 'not a repository' must be written "
        "owner/name, e.g. your-org/arts-catalogue. 'bad_name!' is not a GitHub username (letters, digits "
        "and single hyphens, at most 39).")
    assert _configuration_text(fork) == before
    assert len(list((fork / "organisations").glob("*.yml"))) == 16


def test_it_asks_for_what_is_missing_in_a_terminal(fork: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_command, "_interactive", lambda: True)
    result = _init(fork, input="Tyne Arts Catalogue\ntyne-arts/tyne-arts.github.io\n\n@sam-fen, jo-fen\nn\n")
    assert result.exit_code == 0, result.output
    assert "Site address [https://tyne-arts.github.io/]: " in result.output
    config = yaml.safe_load((fork / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (config["site_name"], config["site_url"], config["repo_name"]) == (
        "Tyne Arts Catalogue", "https://tyne-arts.github.io/", "tyne-arts/tyne-arts.github.io")
    assert yaml.safe_load((fork / "editors.yml").read_text(encoding="utf-8")) == {"editors": ["sam-fen", "jo-fen"], "approvals": 1}
    local = (fork / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "# the whole site at http://127.0.0.1:8000/\n" in local


def test_it_prints_the_github_settings_checklist(fork: Path) -> None:
    output = _init(fork, *NEW).output
    checklist = output[output.index("Now, on GitHub (https://github.com/fen-arts/catalogue/settings):"):]
    for said in ("Source: GitHub Actions",
                 '"Require approval of the most recent reviewable push"',
                 '"Require review from Code Owners" (CODEOWNERS names the editors for .github/, src/, theme/,\n'
                 "     docs/, mkdocs.yml and editors.yml)",
                 '"Read repository contents\n   and packages permissions" (a read-only default token)',
                 '"Allow GitHub Actions to create and\n   approve pull requests" only if you use the GITHUB_TOKEN fallback',
                 '"Require approval for first-time contributors"',
                 "actions/create-github-app-token, pinned by commit",
                 "Don't store an installation token: it expires after one hour."):
        assert said in checklist, said
    required = re.search(r"Require status checks to pass: (.*), each with", checklist)
    # the statuses the base-branch workflows post, as docs/publishing.md's ruleset names them
    assert required and required.group(1) == '"Catalogue check", "Ownership check"'
    for name in ("Catalogue check", "Ownership check"):
        assert any(f"CONTEXT: {name}\n" in p.read_text(encoding="utf-8")
                   for p in (fork / ".github/workflows").glob("*.yml")), name


def test_the_publishing_guide_has_the_same_steps() -> None:
    guide = (REPO / "docs/publishing.md").read_text(encoding="utf-8")
    section = guide[guide.index("## Set up a new catalogue"):]
    section = " ".join(section[:section.find("\n## ", 5)].split())
    for said in ("oerbank init", "--keep-sample", "--force", "Source: *GitHub Actions*",
                 "Require approval of the most recent reviewable push", "Require review from Code Owners",
                 "Allow GitHub Actions to create and approve pull requests", "first-time contributors",
                 "actions/create-github-app-token", "one hour"):
        assert said in section, said
    assert "RESOURCE_BOT_TOKEN" not in section


def test_the_readme_lists_the_command() -> None:
    assert "oerbank init --name" in (REPO / "README.md").read_text(encoding="utf-8")
