"""`oerbank changes`: what a pull request adds, changes or removes, from `git diff --name-status`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from github_helpers import commit_all, git
from oerbank.cli import cli
from oerbank.github.changes import changed_files


def changes(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["changes", "--root", str(root), *args])
    return result.exit_code, result.output


def make_changes(root: Path) -> str:
    ship = root / "resources/harbourlight-museum/ship-in-a-bottle.md"
    ship.write_text(ship.read_text().replace("cost: free", "cost: free-registration"))
    (root / "resources/castlegate-gallery/looking-slowly.md").unlink()
    (root / "resources/castlegate-gallery/drawing-the-city.md").write_text(
        "---\ntitle: Drawing the City | Pencil Walk\nurl: https://castlegate-gallery.example/draw\n"
        "summary: A drawing walk.\nresource_types: [activity]\nkey_stages: [ks3, ks4]\n"
        "subjects: [art-and-design]\nlicence: CC0-1.0\ncost: paid\n---\nDraw.\n")
    (root / "resources/castlegate-gallery/broken.md").write_text("no front matter\n")
    (root / "README.md").write_text("Hello\n")
    return commit_all(root, "changes")


def test_markdown_table(repo: tuple[Path, str]) -> None:
    root, base = repo
    make_changes(root)
    assert changes(root, "--base", base, "--format", "markdown") == (0, (
        "### What this pull request changes\n"
        "\n"
        "| | File | Title | Key stages | Subjects | Cost |\n"
        "|---|---|---|---|---|---|\n"
        "| added | `resources/castlegate-gallery/broken.md` | *can't be read yet; see the problems above* |  |  |  |\n"
        "| added | `resources/castlegate-gallery/drawing-the-city.md` | Drawing the City \\| Pencil Walk | "
        "Key Stage 3 (ages 11–14), Key Stage 4 (ages 14–16) | Art and design | Paid |\n"
        "| removed | `resources/castlegate-gallery/looking-slowly.md` |  |  |  |  |\n"
        "| changed | `resources/harbourlight-museum/ship-in-a-bottle.md` | Ship in a Bottle: Forces and Floating | "
        "Key Stage 2 (ages 7–11) | Science, History | Free with registration |\n"
        "\n"
        "Other files (1), which a catalogue editor reviews:\n"
        "\n"
        "- added: `README.md`\n"))


def test_text_and_json(repo: tuple[Path, str]) -> None:
    root, base = repo
    make_changes(root)
    code, out = changes(root, "--base", base)
    assert code == 0
    assert out.splitlines()[2] == ("added    resources/castlegate-gallery/drawing-the-city.md  (Title: Drawing the "
                                   "City | Pencil Walk; Key stages: Key Stage 3 (ages 11–14), Key Stage 4 (ages "
                                   "14–16); Subjects: Art and design; Cost: Paid)")
    code, out = changes(root, "--base", base, "--format", "json")
    assert json.loads(out)[3] == {"status": "removed", "path": "resources/castlegate-gallery/looking-slowly.md",
                                  "kind": "resource", "title": "", "key_stages": "", "subjects": "", "cost": ""}


def test_organisations_and_nothing_else(repo: tuple[Path, str]) -> None:
    root, base = repo
    org = root / "organisations/castlegate-gallery.yml"
    org.write_text(org.read_text() + "email: hello@castlegate-gallery.example\n")
    commit_all(root, "org")
    assert changes(root, "--base", base, "--format", "markdown")[1] == (
        "### What this pull request changes\n\nNo resources are added, changed or removed.\n\nOrganisations:\n\n"
        "- changed: `organisations/castlegate-gallery.yml` (Castlegate Gallery)\n")


def test_an_unknown_base_is_a_usage_error(repo: tuple[Path, str]) -> None:
    root, _ = repo
    code, out = changes(root, "--base", "--output=x")
    assert code == 2 and "'--output=x' is not a revision." in out
    code, out = changes(root, "--base", "0" * 40)
    assert code == 2 and f"'{'0' * 40}' is not a commit in this repository" in out


def rename_two(root: Path) -> str:
    """One file only renamed; one renamed with its title and cost edited."""
    git(root, "mv", "resources/castlegate-gallery/looking-slowly.md", "resources/castlegate-gallery/slow-looking.md")
    git(root, "mv", "resources/harbourlight-museum/ship-in-a-bottle.md", "resources/harbourlight-museum/ships.md")
    ship = root / "resources/harbourlight-museum/ships.md"
    ship.write_text(ship.read_text().replace("cost: free", "cost: free-registration")
                    .replace('title: "Ship in a Bottle', 'title: "Ships in Bottles'))
    return commit_all(root, "renames")


def test_a_rename_is_reported_as_renamed_with_the_fields_it_changed(repo: tuple[Path, str]) -> None:
    root, base = repo
    rename_two(root)
    code, out = changes(root, "--base", base)
    assert code == 0
    assert out.splitlines() == [
        "renamed  from resources/castlegate-gallery/looking-slowly.md to resources/castlegate-gallery/slow-looking.md"
        "  (Title: Looking Slowly; Key stages: Key Stage 1 (ages 5–7), Key Stage 2 (ages 7–11), Key Stage 3 "
        "(ages 11–14); Subjects: Art and design, English; Cost: Free)",
        "renamed  from resources/harbourlight-museum/ship-in-a-bottle.md to resources/harbourlight-museum/ships.md; "
        "changed: Title, Cost  (Title: Ships in Bottles: Forces and Floating; Key stages: Key Stage 2 (ages 7–11); "
        "Subjects: Science, History; Cost: Free with registration)"]
    code, out = changes(root, "--base", base, "--format", "markdown")
    assert out.splitlines()[5] == (
        "| renamed | from `resources/harbourlight-museum/ship-in-a-bottle.md` to `resources/harbourlight-museum/"
        "ships.md`; changed: Title, Cost | Ships in Bottles: Forces and Floating | Key Stage 2 (ages 7–11) | "
        "Science, History | Free with registration |")
    code, out = changes(root, "--base", base, "--format", "json")
    assert {k: v for k, v in json.loads(out)[1].items() if k in ("status", "path", "old_path", "changed")} == {
        "status": "renamed", "path": "resources/harbourlight-museum/ships.md",
        "old_path": "resources/harbourlight-museum/ship-in-a-bottle.md", "changed": ["title", "cost"]}


def test_the_ownership_check_still_sees_a_rename_as_both_files(repo: tuple[Path, str]) -> None:
    root, base = repo
    rename_two(root)
    assert [(c.status, c.path) for c in changed_files(root, base)][:2] == [
        ("D", "resources/castlegate-gallery/looking-slowly.md"), ("A", "resources/castlegate-gallery/slow-looking.md")]
