"""A fork's malicious pull request, step by step, against the base branch's ownership code.

The pull request comes from the maintainer of one organisation. It deletes another
organisation's resource, replaces ownership.yml with a job that only says "approved", makes its
author an editor and lowers editors.yml's approvals to 0. GitHub runs ownership.yml from the base
branch (test_workflow_policy.py), so what decides is `oerbank owners-check` installed from the
base, reading the pull request's commits as data, as below.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from github_helpers import commit_all
from oerbank.cli import cli

FAKE_WORKFLOW = """\
name: Ownership
on: pull_request
jobs:
  ownership:
    name: Ownership check
    runs-on: ubuntu-latest
    steps:
      - run: echo approved
"""


def test_the_base_code_refuses_it(repo: tuple[Path, str]) -> None:
    root, base = repo
    (root / "resources" / "castlegate-gallery" / "looking-slowly.md").unlink()
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / ".github" / "workflows" / "ownership.yml").write_text(FAKE_WORKFLOW, encoding="utf-8")
    (root / "editors.yml").write_text("editors: [editor-ed, editor-flo, harbour-learning]\napprovals: 0\n",
                                      encoding="utf-8")
    commit_all(root, "tidy up")
    result = CliRunner().invoke(cli, ["owners-check", "--root", str(root), "--base", base,
                                      "--author", "harbour-learning", "--approver", "harbour-learning"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "NO  castlegate-gallery: needs an approving review from one of its maintainers (@castlegate-learn, "
        "@amira-k) or a catalogue editor (@editor-ed, @editor-flo).",
        "NO  Files outside organisations/ and resources/ (.github/workflows/ownership.yml, editors.yml): needs an "
        "approving review from a catalogue editor (@editor-ed, @editor-flo) other than the author; changes to "
        "code, workflows and settings are always seen by a second person.",
        "",
        "Ownership check failed: 2 of 2 parts of this pull request still need approval.",
    ]


def test_its_replacement_workflow_would_break_the_policy(tmp_path: Path) -> None:
    """Were it merged, the policy test would fail on it; until then GitHub never runs it as the check."""
    from test_workflow_policy import load, required_check_problems

    path = tmp_path / "ownership.yml"
    path.write_text(FAKE_WORKFLOW, encoding="utf-8")
    problems = required_check_problems(load([path]), ["Ownership check"])
    assert problems[0].startswith("ownership.yml job ownership produces the required check 'Ownership check' on "
                                  "pull_request: GitHub runs the pull request's own copy of the workflow then")
