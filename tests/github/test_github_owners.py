"""`oerbank owners-check`: each touched organisation approved by its maintainers or an editor."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from github_helpers import FIXTURES, commit_all
from oerbank.cli import cli
from oerbank.github.owners import approvals, area_of, decide, load_reviews

HARBOUR = "resources/harbourlight-museum/ship-in-a-bottle.md"
CASTLE = "resources/castlegate-gallery/looking-slowly.md"
EDITORS = "@editor-ed, @editor-flo"
NEW_ORG = """\
name: Saltmouth Pier Trust
url: https://saltmouth-pier.example/
summary: A Victorian pier and its pavilion theatre.
type: heritage
region: north-east
maintainers: [pier-people]
"""


def owners(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["owners-check", "--root", str(root), *args])
    return result.exit_code, result.output


def change(root: Path, rel: str, text: str = "\nMore for teachers.\n") -> str:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(text)
    return commit_all(root, f"change {rel}")


def github_files(tmp_path: Path, base: str, head: str) -> tuple[str, str]:
    """The event and reviews JSON as GitHub would give them for this pull request."""
    event = (FIXTURES / "event-pull-request-review.json").read_text(encoding="utf-8")
    reviews = (FIXTURES / "reviews.json").read_text(encoding="utf-8")
    (tmp_path / "event.json").write_text(event.replace("HEAD_SHA", head).replace("BASE_SHA", base))
    (tmp_path / "reviews.json").write_text(reviews.replace("HEAD_SHA", head))
    return str(tmp_path / "event.json"), str(tmp_path / "reviews.json")


# --- organisations ---------------------------------------------------------------------------

def test_the_author_maintains_the_organisation(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, HARBOUR)
    code, out = owners(root, "--base", base, "--author", "harbour-learning")
    assert code == 0
    assert out == ("ok  harbourlight-museum: approved; the author, @harbour-learning, maintains it.\n"
                   "\n"
                   "Ownership check passed: every part of this pull request is approved.\n")


def test_nobody_has_approved_yet(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, CASTLE)
    code, out = owners(root, "--base", base, "--author", "volunteer-vic")
    assert code == 1
    assert out == ("NO  castlegate-gallery: needs an approving review from one of its maintainers "
                   f"(@castlegate-learn, @amira-k) or a catalogue editor ({EDITORS}).\n"
                   "\n"
                   "Ownership check failed: 1 of 1 part of this pull request still needs approval.\n")


def test_a_maintainer_of_another_organisation_can_not_approve(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, HARBOUR)
    code, out = owners(root, "--base", base, "--author", "volunteer-vic", "--approver", "castlegate-learn")
    assert code == 1
    assert "NO  harbourlight-museum: needs an approving review from one of its maintainers (@harbour-learning)" in out


def test_reviews_from_the_api_latest_state_per_reviewer(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    head = change(root, HARBOUR)
    event, reviews = github_files(tmp_path, base, head)
    code, out = owners(root, "--base", base, "--head", head, "--event", event, "--reviews", reviews)
    # harbour-learning asked for changes, then approved, then commented: the approval stands.
    assert code == 0
    assert out.splitlines()[0] == "ok  harbourlight-museum: approved; @Harbour-Learning maintains it."


def test_each_organisation_is_judged_on_its_own(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    change(root, HARBOUR)
    head = change(root, CASTLE)
    event, reviews = github_files(tmp_path, base, head)
    data = json.loads(Path(reviews).read_text())
    Path(reviews).write_text(json.dumps([r for r in data if r["id"] != 1001]))  # castlegate-learn's approval
    code, out = owners(root, "--base", base, "--head", head, "--event", event, "--reviews", reviews)
    assert code == 1
    assert out.splitlines() == [
        "NO  castlegate-gallery: needs an approving review from one of its maintainers (@castlegate-learn, "
        f"@amira-k) or a catalogue editor ({EDITORS}).",
        "ok  harbourlight-museum: approved; @Harbour-Learning maintains it.",
        "",
        "Ownership check failed: 1 of 2 parts of this pull request still needs approval.",
    ]


def test_an_approval_of_an_earlier_commit_no_longer_counts(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    first = change(root, HARBOUR)
    event, reviews = github_files(tmp_path, base, first)
    head = change(root, HARBOUR, "\nA change after the approval.\n")
    Path(event).write_text(Path(event).read_text().replace(first, head))
    code, out = owners(root, "--base", base, "--head", head, "--event", event, "--reviews", reviews)
    assert code == 1
    assert "@Harbour-Learning approved an earlier commit; an approval counts only for the latest one, " \
           "so it needs approving again." in out


def test_an_editor_can_approve_any_organisation(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, CASTLE)
    code, out = owners(root, "--base", base, "--author", "volunteer-vic", "--approver", "editor-flo")
    assert code == 0
    assert out.startswith("ok  castlegate-gallery: approved; @editor-flo is a catalogue editor.\n")


def test_usernames_are_compared_without_case(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, HARBOUR)
    assert owners(root, "--base", base, "--author", "HARBOUR-learning")[0] == 0


def test_adding_yourself_as_maintainer_does_not_make_you_one(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, "organisations/harbourlight-museum.yml", "  - sneaky-sam\n")
    change(root, HARBOUR)
    code, out = owners(root, "--base", base, "--author", "sneaky-sam")
    assert code == 1
    assert "maintainers (@harbour-learning)" in out


# --- new organisations -------------------------------------------------------------------------

def test_a_new_organisation_needs_an_editor(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, "organisations/saltmouth-pier.yml", NEW_ORG)
    change(root, "resources/saltmouth-pier/pier-walk.md", "---\ntitle: Pier walk\n---\n")
    code, out = owners(root, "--base", base, "--author", "pier-people", "--approver", "pier-people")
    assert code == 1
    assert out == ("NO  saltmouth-pier (a new organisation): needs an approving review from a catalogue editor "
                   f"({EDITORS}). The maintainers it lists (@pier-people) can approve its changes once it is in "
                   "the catalogue, but not its first pull request.\n"
                   "\n"
                   "Ownership check failed: 1 of 1 part of this pull request still needs approval.\n")


def test_a_new_organisation_approved_by_an_editor(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, "organisations/saltmouth-pier.yml", NEW_ORG)
    code, out = owners(root, "--base", base, "--author", "pier-people", "--approver", "editor-ed")
    assert code == 0
    assert out.startswith("ok  saltmouth-pier (a new organisation): approved; @editor-ed is a catalogue editor.")
    code, out = owners(root, "--base", base, "--author", "editor-flo")
    assert code == 0
    assert out.startswith("ok  saltmouth-pier (a new organisation): approved; the author, @editor-flo, "
                          "is a catalogue editor.")


# --- everything else ---------------------------------------------------------------------------

def test_other_files_need_an_editors_review_even_from_an_editor(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, ".github/workflows/validate.yml", "name: changed\n")
    change(root, "editors.yml", "  - editor-new\n")
    code, out = owners(root, "--base", base, "--author", "editor-ed")
    assert code == 1
    assert out.splitlines()[0] == (
        "NO  Files outside organisations/ and resources/ (.github/workflows/validate.yml, editors.yml): "
        f"needs an approving review from a catalogue editor ({EDITORS}) other than the author; changes to code, "
        "workflows and settings are always seen by a second person.")
    code, out = owners(root, "--base", base, "--author", "editor-ed", "--approver", "editor-flo")
    assert code == 0
    assert out.splitlines()[0] == ("ok  Files outside organisations/ and resources/ (.github/workflows/validate.yml, "
                                   "editors.yml): approved; @editor-flo is a catalogue editor.")


def test_a_new_editor_in_the_pull_request_is_not_an_editor_yet(repo: tuple[Path, str]) -> None:
    root, base = repo
    change(root, "editors.yml", "  - editor-new\n")
    code, _ = owners(root, "--base", base, "--author", "volunteer-vic", "--approver", "editor-new")
    assert code == 1


def test_markdown_summary(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    change(root, CASTLE)
    summary = tmp_path / "summary.md"
    code, out = owners(root, "--base", base, "--author", "amira-k", "--format", "markdown", "--summary", str(summary))
    assert code == 0
    assert out == ("### Ownership check\n\nOwnership check passed: every part of this pull request is approved.\n\n"
                   "- ✅ castlegate-gallery: approved; the author, @\u2060amira-k, maintains it.\n\n")
    assert summary.read_text(encoding="utf-8") == out


def test_changed_files_given_by_hand_read_owners_from_disk(catalogue: Path) -> None:
    code, out = owners(catalogue, "--changed", HARBOUR, "--changed", "./" + CASTLE, "--author", "amira-k")
    assert code == 1
    assert out.splitlines()[0].startswith("ok  castlegate-gallery: approved; the author, @amira-k")
    assert out.splitlines()[1].startswith("NO  harbourlight-museum: needs")


def test_no_changes_pass(repo: tuple[Path, str]) -> None:
    root, base = repo
    assert owners(root, "--base", base, "--author", "anyone") == (0, "\nOwnership check passed: no files changed.\n")


# --- usage errors exit 2 with a clear message --------------------------------------------------

def test_usage_errors(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    code, out = owners(root, "--base", base)
    assert code == 2 and "Say who opened the pull request with --author NAME or --event FILE." in out
    code, out = owners(root, "--author", "x")
    assert code == 2 and "Say what changed: --base REV (uses git) or --changed FILE." in out
    code, out = owners(root, "--base", "no-such-commit", "--author", "x")
    assert code == 2 and "'no-such-commit' is not a commit in this repository" in out
    push = tmp_path / "push.json"
    push.write_text('{"ref": "refs/heads/main"}')
    code, out = owners(root, "--base", base, "--event", str(push))
    assert code == 2 and "this is not a pull request or an event about one" in out
    broken = tmp_path / "reviews.json"
    broken.write_text("[{")
    code, out = owners(root, "--base", base, "--author", "x", "--reviews", str(broken))
    assert code == 2 and f"--reviews {broken}: can't be read as JSON" in out


# --- the library -------------------------------------------------------------------------------

def test_area_of() -> None:
    assert area_of("organisations/castlegate-gallery.yml") == "castlegate-gallery"
    assert area_of("resources/castlegate-gallery/a.md") == "castlegate-gallery"
    assert area_of("resources/castlegate-gallery/deep/a.md") == "castlegate-gallery"
    assert [area_of(p) for p in ("resources/stray.md", "organisations/Bad Name.yml", "README.md",
                                 "organisations/README.md")] == ["", "", "", ""]


def test_paginated_reviews_and_latest_state() -> None:
    text = ('[{"user": {"login": "a"}, "state": "APPROVED", "submitted_at": "2025-01-01T00:00:00Z", "commit_id": "h"}]\n'
            '[{"user": {"login": "a"}, "state": "DISMISSED", "submitted_at": "2025-01-02T00:00:00Z", "commit_id": "h"},'
            ' {"user": {"login": "b"}, "state": "APPROVED", "submitted_at": "2025-01-02T00:00:00Z", "commit_id": "old"},'
            ' {"user": {"login": "c"}, "state": "PENDING", "commit_id": "h"}]')
    reviews = load_reviews(text)
    assert len(reviews) == 4
    assert approvals(reviews, "h") == (set(), {"b"})
    assert approvals(reviews) == ({"b"}, set())


def test_decide_keeps_organisations_apart_and_others_last() -> None:
    verdicts = decide(["src/x.py", "resources/b-org/r.md", "organisations/a-org.yml"], "m", {"e"}, ("e",),
                      lambda org: ("m",) if org == "a-org" else ("n",))
    assert [(v.area, v.approved_by, v.by_author) for v in verdicts] == [("a-org", "m", True), ("b-org", "e", False),
                                                                        ("", "e", False)]
