"""Text the bot writes into job summaries, comments and pull requests can't be steered by contributors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from github_helpers import FIXTURES, commit_all
from oerbank.cli import cli
from oerbank.github.inert import code, inert

FAKE = "x.md\n- ✅ approved by @editor-ed"
# What GitHub turns into a notification or a link to an issue.
PING = re.compile(r"(?<![\w`])@[A-Za-z0-9]|#[0-9]|\bGH-[0-9]", re.IGNORECASE)


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("text, shown", [
    ("a\nb\r\nc\u2028d\x85e", "a b c d e"),
    ("**bold** _it_ `code` [link](https://x.example) <img src=x> a|b ~~s~~ &amp;",
     "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](https://x.example) \\<img src=x\\> a\\|b \\~\\~s\\~\\~ \\&amp;"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("# heading", "\\# heading"),
    ("ask @someone about #12, GH-7 and org/repo#3", "ask @\u2060someone about \\#\u206012, GH-\u20607 and org/repo\\#\u20603"),
    ("right-to-left \u202eevil\u202c", "right-to-left evil"),
    ("word\u2060joiner@x", "word joiner@\u2060x"),
])
def test_inert(text: str, shown: str) -> None:
    assert inert(text) == shown
    assert "\n" not in inert(text) and not PING.search(inert(text))


@pytest.mark.parametrize("text, shown", [
    ("resources/a/b.md", "`resources/a/b.md`"),
    ("a.md\n- ✅ ok @ed #3", "`a.md - ✅ ok @\u2060ed #\u20603`"),
    ("a`b.md", "a\\`b.md"),  # a span can't hold a backquote: escaped text instead
])
def test_code(text: str, shown: str) -> None:
    assert code(text) == shown


def test_a_file_name_cannot_add_a_line_to_the_ownership_summary(repo: tuple[Path, str], tmp_path: Path) -> None:
    root, base = repo
    (root / "resources" / "castlegate-gallery" / FAKE).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    commit_all(root, "a file with a line break in its name")
    summary = tmp_path / "summary.md"
    code, _ = invoke("owners-check", "--root", str(root), "--base", base, "--author", "volunteer-vic",
                     "--summary", str(summary))
    assert code == 1
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if line.startswith("- ")] == [
        "- ❌ castlegate-gallery: needs an approving review from one of its maintainers (@\u2060castlegate-learn, "
        "@\u2060amira-k) or a catalogue editor (@\u2060editor-ed, @\u2060editor-flo)."]
    assert not any("approved" in line for line in lines)


def test_a_file_name_cannot_add_a_line_to_the_changes_table(repo: tuple[Path, str]) -> None:
    root, base = repo
    (root / "resources" / "castlegate-gallery" / FAKE).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    commit_all(root, "a file with a line break in its name")
    code, out = invoke("changes", "--root", str(root), "--base", base, "--format", "markdown")
    assert code == 0
    assert "✅" not in "".join(line[:4] for line in out.splitlines())
    assert "- added: `resources/castlegate-gallery/x.md - ✅ approved by @\u2060editor-ed`" in out


def test_a_file_name_cannot_add_a_line_to_the_validation_summary(catalogue: Path, tmp_path: Path) -> None:
    (catalogue / "resources" / "castlegate-gallery" / FAKE).write_text("---\ntitle: x\n---\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    invoke("validate", "--root", str(catalogue), "--format", "github", "--summary", str(summary))
    lines = summary.read_text(encoding="utf-8").splitlines()
    assert "#### resources/castlegate-gallery/x.md - ✅ approved by @\u2060editor-ed" in lines
    assert not any(line.startswith("- ✅") for line in lines)


def test_a_form_answer_does_not_ping_people_or_link_issues(catalogue: Path, tmp_path: Path) -> None:
    """The pull request from-issue.yml opens has `oerbank changes` as its body; the answers stay inert."""
    from github_helpers import git

    git(catalogue, "init", "-q", "-b", "main")
    base = commit_all(catalogue, "base")
    issue = tmp_path / "issue.md"
    good = (FIXTURES / "issue-good.md").read_text(encoding="utf-8")
    issue.write_text(good.replace("Lighthouse Keepers: Light and Reflection",
                                  "Ask @someone about #12 **now**", 1), encoding="utf-8")
    code, out = invoke("from-issue", str(issue), "--root", str(catalogue))
    assert code == 0, out
    commit_all(catalogue, "from the issue")
    code, body = invoke("changes", "--root", str(catalogue), "--base", base, "--format", "markdown")
    assert "| Ask @\u2060someone about \\#\u206012 \\*\\*now\\*\\* |" in body
    assert not PING.search(body)


def test_a_wrong_answer_quoted_back_does_not_ping(catalogue: Path, tmp_path: Path) -> None:
    issue = tmp_path / "issue.md"
    good = (FIXTURES / "issue-good.md").read_text(encoding="utf-8")
    issue.write_text(good.replace("harbourlight-museum\n", "@someone #12\n", 1), encoding="utf-8")
    code, comment = invoke("from-issue", str(issue), "--root", str(catalogue), "--format", "markdown")
    assert code == 1
    assert "There is no organisation '@\u2060someone \\#\u206012' in the catalogue." in comment
    assert not PING.search(comment)


def test_a_file_name_cannot_write_a_workflow_command_into_the_log(repo: tuple[Path, str]) -> None:
    """owners-check's text goes to the job's log, where a line starting '::error::' would become an annotation."""
    root, base = repo
    (root / "README\n::error::Approved.md").write_text("x\n", encoding="utf-8")
    commit_all(root, "a file with a workflow command in its name")
    code, out = invoke("owners-check", "--root", str(root), "--base", base, "--author", "volunteer-vic")
    assert code == 1
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "(README?::error::Approved.md)" in out


def test_page_text_shows_schema_text_as_written_on_a_docs_engine_page() -> None:
    import markdown

    from oerbank.github.inert import page_cell, page_text

    text = "Files go in resources/<slug>.md; resource_*.csv has `ids` & a \\ too"
    assert markdown.markdown(page_text(text)) == (
        "<p>Files go in resources/&lt;slug&gt;.md; resource_*.csv has `ids` &amp; a \\ too</p>")
    table = markdown.markdown(f"| a |\n| --- |\n| {page_cell('x | y' + chr(10) + 'z')} |", extensions=["tables"])
    assert "<td>x | y z</td>" in table
