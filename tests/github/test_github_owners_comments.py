"""Approval without write access (`/approve` comments) and editors.yml's `approvals` setting."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from github_helpers import commit_all
from oerbank.cli import cli
from oerbank.github.owners import approvals, approvals_needed, comment_reviews

CASTLE = "resources/castlegate-gallery/looking-slowly.md"
PUSHED = "2026-12-07T08:00:00Z"  # when the newest commits were pushed (the workflow's --since)


def owners(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["owners-check", "--root", str(root), *args])
    return result.exit_code, result.output


def change(root: Path, rel: str, text: str = "\nMore for teachers.\n") -> str:
    with (root / rel).open("a", encoding="utf-8") as fh:
        fh.write(text)
    return commit_all(root, f"change {rel}")


def pull_request(tmp_path: Path, author: str, head: str) -> str:
    """The pull request as GET /repos/{owner}/{repo}/pulls/{n} gives it (what the workflow passes)."""
    path = tmp_path / "pr.json"
    path.write_text(json.dumps({"number": 17, "user": {"login": author}, "head": {"sha": head},
                                "base": {"sha": "unused"}}), encoding="utf-8")
    return str(path)


def comments(tmp_path: Path, *items: tuple[str, str, str]) -> str:
    """Issue comments as the API gives them: (login, body, created_at)."""
    path = tmp_path / "comments.json"
    path.write_text(json.dumps([{"user": {"login": who}, "body": body, "created_at": when}
                                for who, body, when in items]), encoding="utf-8")
    return str(path)


def test_a_maintainer_approves_with_a_comment(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    head = change(root, CASTLE)
    code, out = owners(root, "--base", base, "--head", head, "--event", pull_request(tmp_path, "volunteer-vic", head),
                       "--comments", comments(tmp_path, ("amira-k", "/approve\nThanks, this is ours.", "2026-12-07T09:00:00Z")),
                       "--since", PUSHED)
    assert code == 0
    assert out.splitlines()[0] == "ok  castlegate-gallery: approved; @amira-k maintains it."


def test_a_comment_before_the_newest_push_does_not_count(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    head = change(root, CASTLE)
    code, out = owners(root, "--base", base, "--head", head, "--event", pull_request(tmp_path, "volunteer-vic", head),
                       "--comments", comments(tmp_path, ("amira-k", "/approve", "2026-12-07T07:59:59Z")),
                       "--since", PUSHED)
    assert code == 1
    assert out.splitlines()[1] == ("    @amira-k wrote /approve before the newest commits were pushed; it counts only "
                                   "for what was there then, so write /approve again.")


def test_only_a_first_line_of_exactly_approve_counts_and_only_from_an_owner(repo: tuple[Path, str],
                                                                            tmp_path: Path) -> None:
    root, base = repo
    head = change(root, CASTLE)
    later = "2026-12-07T09:00:00Z"
    code, out = owners(root, "--base", base, "--head", head, "--event", pull_request(tmp_path, "volunteer-vic", head),
                       "--comments", comments(tmp_path, ("amira-k", "I can't /approve this yet", later),
                                              ("castlegate-learn", "> /approve", later),
                                              ("harbour-learning", "/approve", later)),  # maintains another organisation
                       "--since", PUSHED)
    assert code == 1
    assert out.startswith("NO  castlegate-gallery: needs an approving review from one of its maintainers")


def test_changes_requested_after_a_comment_approval_wins(tmp_path: Path, repo: tuple[Path, str]) -> None:
    root, base = repo
    head = change(root, CASTLE)
    review = tmp_path / "reviews.json"
    review.write_text(json.dumps([{"user": {"login": "amira-k"}, "state": "CHANGES_REQUESTED", "commit_id": head,
                                   "submitted_at": "2026-12-07T10:00:00Z"}]), encoding="utf-8")
    code, _ = owners(root, "--base", base, "--head", head, "--event", pull_request(tmp_path, "volunteer-vic", head),
                     "--reviews", str(review),
                     "--comments", comments(tmp_path, ("amira-k", "/approve", "2026-12-07T09:00:00Z")),
                     "--since", PUSHED)
    assert code == 1


def test_comment_reviews_library() -> None:
    counted, early = comment_reviews([
        {"user": {"login": "a"}, "body": "  /APPROVE  ", "created_at": "2026-12-07T09:00:00Z"},
        {"user": {"login": "b"}, "body": "/approve", "created_at": "2026-12-07T07:00:00Z"},
        {"user": {"login": "c"}, "body": "/approved", "created_at": "2026-12-07T09:00:00Z"},
        {"user": {"login": "d"}, "body": "/approve", "created_at": "not a time"},
        {"user": {"login": "e"}, "body": "/approve", "created_at": "2026-12-07T08:30:00"},  # no zone: UTC
    ], PUSHED, "h")
    assert [(r["user"]["login"], r["commit_id"]) for r in counted] == [("a", "h"), ("e", "h")]
    assert early == ["b", "d"]
    assert approvals(counted + [{"user": {"login": "a"}, "state": "CHANGES_REQUESTED", "commit_id": "h",
                                 "submitted_at": "2026-12-07T10:00:00Z"}], "h") == ({"e"}, set())


# --- editors.yml: approvals -------------------------------------------------------------------

def test_approvals_setting_reads_safely() -> None:
    assert approvals_needed("editors: [a]\n") == 1
    assert approvals_needed("editors: [a]\napprovals: 0\n") == 0
    assert approvals_needed("editors: [a]\napprovals: 2\n") == 2
    for bad in ("approvals: -1\n", "approvals: none\n", "approvals: true\n", "approvals: [0]\n", "approvals: 0.5\n",
                "approvals: 99\n", "[", None):
        assert approvals_needed(bad) == 1, bad


def test_one_editor_catalogue_merges_its_own_configuration(repo: tuple[Path, str]) -> None:
    root, base = repo
    (root / "editors.yml").write_text("editors:\n  - editor-ed\napprovals: 0\n", encoding="utf-8")
    base = commit_all(root, "one editor")
    change(root, "mkdocs.yml", "site_name: Our catalogue\n")
    code, out = owners(root, "--base", base, "--author", "editor-ed")
    assert code == 0
    assert out.splitlines()[0] == ("ok  Files outside organisations/ and resources/ (mkdocs.yml): approved; the author, "
                                   "@editor-ed, is a catalogue editor, and editors.yml asks for no second editor.")
    # Someone who is not an editor still needs the editor's approval.
    assert owners(root, "--base", base, "--author", "volunteer-vic")[0] == 1


def test_lowering_approvals_counts_only_once_merged(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, "editors.yml", "approvals: 0\n")
    code, out = owners(root, "--base", base, "--author", "editor-ed")
    assert code == 1
    assert "needs an approving review from a catalogue editor (@editor-ed, @editor-flo) other than the author" in out


def test_two_approvals(repo: tuple[Path, str]) -> None:
    root, base = repo
    (root / "editors.yml").write_text("editors: [editor-ed, editor-flo, editor-gus]\napprovals: 2\n", encoding="utf-8")
    base = commit_all(root, "three editors")
    change(root, "mkdocs.yml", "site_name: Ours\n")
    code, out = owners(root, "--base", base, "--author", "editor-ed", "--approver", "editor-flo")
    assert code == 1
    assert out.splitlines()[0] == ("NO  Files outside organisations/ and resources/ (mkdocs.yml): needs approving "
                                   "reviews from 2 catalogue editors (@editor-ed, @editor-flo, @editor-gus) other than "
                                   "the author. So far: @editor-flo.")
    code, out = owners(root, "--base", base, "--author", "editor-ed", "--approver", "editor-flo",
                       "--approver", "editor-gus")
    assert code == 0
    assert "approved; @editor-flo, @editor-gus are catalogue editors." in out
