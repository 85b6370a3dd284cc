"""The rules that keep a pull request from judging, publishing or writing with its own code.

Every workflow in .github/workflows/ is parsed and checked:

- The checks the branch ruleset requires (named in docs/publishing.md) come only from jobs that
  GitHub runs from the base or default branch's copy of the workflow (pull_request_target,
  issue_comment, workflow_run) and that never execute, install, build or template the pull
  request's files: those are fetched into a folder of their own and only read.
- No `run:` step puts `${{ }}` into a shell script (text reaches it through env: instead).
- Every job has `timeout-minutes`.
- A privileged job (a write permission, a secret, an environment) starts only from main, the
  schedule, a person (workflow_dispatch), a label an editor adds (issues), or a base-code
  pull-request event; in the last case it runs nothing of the pull request's (same test as above),
  uses no secret but the workflow's own token and downloads no artifact.
- The site (mkdocs.yml, theme/, oerbank's templates) is rendered only by jobs that either run
  main's reviewed files or hold no write permission and no secret.

Why the base-code pull-request events are safe here: GitHub takes the workflow file from the base
(pull_request_target) or the default branch (issue_comment, workflow_run), so the pull request
can't change the steps; the steps install oerbank from base/ and give it the pull request's files
only as the value of --root, to read YAML and Markdown with safe loaders; the token can post a
commit status and read, and nothing else. The same rules are run on a copy of the workflows as
they were before (tests/fixtures/github/workflows-before/), and they fail there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from github_helpers import FIXTURES, REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BEFORE = FIXTURES / "workflows-before"

# GitHub runs the base branch's (pull_request_target) or the default branch's copy of the file.
BASE_CODE_PR_EVENTS = {"pull_request_target", "issue_comment", "workflow_run"}
# Events only people with write or triage access, or time, can cause; the file is main's or theirs.
TRUSTED_EVENTS = {"schedule", "workflow_dispatch", "push", "issues"}
PR_TARGET_TYPES = {"opened", "synchronize", "reopened", "edited", "ready_for_review"}
RENDERS = re.compile(r"\bmkdocs\b|\boerbank\s+(build|serve|preview)\b")
DOWNLOADS = re.compile(r"\bgh\s+run\s+download\b|actions/download-artifact")


@dataclass(frozen=True)
class Job:
    file: str
    id: str
    body: dict[str, Any]
    on: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.body.get("name") or self.id)

    @property
    def steps(self) -> list[dict[str, Any]]:
        return list(self.body.get("steps") or [])

    @property
    def where(self) -> str:
        return f"{self.file} job {self.id}"

    def runs(self) -> str:
        return "\n".join(str(s.get("run", "")) for s in self.steps)

    def contexts(self) -> set[str]:
        """Commit statuses the job posts (the step's or the job's env CONTEXT)."""
        posted = set()
        for step in self.steps:
            if "/statuses/" in str(step.get("run", "")):
                env = {**(self.body.get("env") or {}), **(step.get("env") or {})}
                posted.add(str(env.get("CONTEXT")))
        return posted

    def privileged(self) -> bool:
        perms = self.body.get("permissions")
        writes = perms in ("write-all",) or (isinstance(perms, dict) and "write" in perms.values())
        return writes or "environment" in self.body or bool(self.secrets())

    def secrets(self) -> set[str]:
        return set(re.findall(r"secrets\.(\w+)", yaml.safe_dump(self.body))) - {"GITHUB_TOKEN"}


def load(paths: list[Path]) -> list[Job]:
    jobs = []
    for path in paths:
        wf = yaml.safe_load(path.read_text(encoding="utf-8"))
        on = wf.get("on", wf.get(True))  # YAML 1.1 reads the key `on` as true
        on = {on: None} if isinstance(on, str) else dict.fromkeys(on) if isinstance(on, list) else on
        jobs += [Job(path.name, job_id, body, on) for job_id, body in wf["jobs"].items()]
    return jobs


def head_code_problems(job: Job) -> list[str]:
    """Ways this job could execute, install or template the pull request's files."""
    problems, head_dirs = [], []
    for step in job.steps:
        uses, args = str(step.get("uses", "")), step.get("with") or {}
        if uses.startswith("./"):
            problems.append(f"{job.where} runs a local action ({uses}), which the checkout may have replaced")
        if not uses.startswith("actions/checkout@"):
            continue
        ref = str(args.get("ref", ""))
        if not ref or ref in ("${{ github.sha }}", "${{ github.event.pull_request.base.sha }}"):
            continue  # the base branch
        path = str(args.get("path", "")).strip("./")
        if not path:
            problems.append(f"{job.where} checks the pull request out into the workspace itself, where later steps "
                            "run it (fetch it into a folder of its own)")
        else:
            head_dirs.append(path)
        if args.get("persist-credentials") is not False:
            problems.append(f"{job.where} leaves the token in the pull request's checkout")
    for step in job.steps:
        run = str(step.get("run", ""))
        if RENDERS.search(run):
            problems.append(f"{job.where} renders a site (mkdocs.yml, the theme and templates are code)")
        if re.search(r"\bpip\s+install\b(?![^\n]*\./base\b)", run):
            problems.append(f"{job.where} installs something other than ./base (the base branch's checkout)")
        env = {**(job.body.get("env") or {}), **(step.get("env") or {})}
        if any(re.search(rf"(?<![\w./-])(\./)?{re.escape(d)}(?=/|\s|$|\")", run) for d in head_dirs) and \
                any(re.search(r"github\.token|secrets\.", str(v)) for v in env.values()):
            problems.append(f"{job.where} gives a token to a step that reads the pull request's files "
                            "(a symlink to /proc/self/environ would show it)")
        for d in head_dirs:
            if str(step.get("working-directory", "")).strip("./").startswith(d):
                problems.append(f"{job.where} runs a step inside the pull request's files ({d}/)")
            rest = re.sub(rf"--root\s+\"?{re.escape(d)}\"?(?=\s|$)", "", run)
            if re.search(rf"(?<![\w.$/-])(\./)?{re.escape(d)}(?=/|\s|$|\")", rest):
                problems.append(f"{job.where} uses the pull request's files ({d}/) other than as data for --root")
    return problems


def required_check_problems(jobs: list[Job], required: list[str]) -> list[str]:
    problems = []
    for check in required:
        producers = [j for j in jobs if j.name == check or check in j.contexts()]
        if not producers:
            problems.append(f"no job produces the required check {check!r}")
        for job in producers:
            events = set(job.on)
            if not events <= BASE_CODE_PR_EVENTS:
                problems.append(f"{job.where} produces the required check {check!r} on "
                                f"{', '.join(sorted(events - BASE_CODE_PR_EVENTS))}: GitHub runs the pull request's "
                                "own copy of the workflow then, so the pull request can replace the check")
            types = set(((job.on.get("pull_request_target") or {}).get("types")) or ())
            if "pull_request_target" not in events or not PR_TARGET_TYPES <= types:
                problems.append(f"{job.where} must run on pull_request_target for {', '.join(sorted(PR_TARGET_TYPES))}")
            problems += head_code_problems(job)
    return problems


def general_problems(jobs: list[Job]) -> list[str]:
    problems = []
    for job in jobs:
        for step in job.steps:
            if "${{" in str(step.get("run", "")):
                problems.append(f"{job.where} puts ${{{{ }}}} into a shell script ({step.get('name')}); use env:")
        timeout = job.body.get("timeout-minutes")
        if job.steps and not (isinstance(timeout, int) and 0 < timeout <= 360):
            problems.append(f"{job.where} has no timeout-minutes")
        events = set(job.on)
        pr_reachable = events & BASE_CODE_PR_EVENTS
        if job.privileged():
            untrusted = events - BASE_CODE_PR_EVENTS - TRUSTED_EVENTS
            if untrusted:
                problems.append(f"{job.where} is privileged but starts on {', '.join(sorted(untrusted))}")
            push = job.on.get("push")
            if "push" in events and (not isinstance(push, dict) or push.get("branches") != ["main"]):
                problems.append(f"{job.where} is privileged and starts on pushes to branches other than main")
            if pr_reachable:
                problems += head_code_problems(job)
                if job.secrets():
                    problems.append(f"{job.where} gives secrets to a job a pull request can start")
                if DOWNLOADS.search(job.runs()) or any("download-artifact" in str(s.get("uses", ""))
                                                        for s in job.steps):
                    problems.append(f"{job.where} downloads an artifact a pull request may have made")
        if RENDERS.search(job.runs()):
            if pr_reachable:
                problems.append(f"{job.where} renders the site on {', '.join(sorted(pr_reachable))}")
            if job.privileged() and not events <= TRUSTED_EVENTS:
                problems.append(f"{job.where} renders the site with privileges on {', '.join(sorted(events))}")
    return problems


def documented_required_checks() -> list[str]:
    """The checks docs/publishing.md tells editors to require in the branch ruleset."""
    text = (REPO / "docs" / "publishing.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "**Require status checks to pass**" in line)
    return re.findall(r"`([^`]+)`", line)


# --- the workflows as they are -------------------------------------------------------------------

def test_the_documented_required_checks() -> None:
    assert documented_required_checks() == ["Catalogue check", "Ownership check"]


def test_the_workflows_follow_the_rules() -> None:
    jobs = load(WORKFLOWS)
    assert required_check_problems(jobs, documented_required_checks()) == []
    assert general_problems(jobs) == []


def test_a_pull_request_controlled_site_is_never_rendered_in_a_privileged_job() -> None:
    jobs = load(WORKFLOWS)
    rendering = {j.where: (sorted(j.on), j.privileged()) for j in jobs if RENDERS.search(j.runs())}
    assert rendering == {
        "deploy.yml job build": (["push", "workflow_dispatch"], False),  # main's reviewed files; read-only token
        "preview.yml job build": (["pull_request"], False),  # the pull request's files; read-only, no secrets
    }
    deploy = next(j for j in jobs if j.where == "deploy.yml job build")
    assert deploy.on["push"] == {"branches": ["main"]}


def test_required_checks_post_their_status_from_base_code() -> None:
    jobs = load(WORKFLOWS)
    producers = {c: sorted(j.where for j in jobs if c in j.contexts()) for c in documented_required_checks()}
    assert producers == {"Catalogue check": ["validate.yml job validate"],
                         "Ownership check": ["ownership.yml job ownership"]}
    for job in jobs:
        assert job.name not in documented_required_checks(), "a job named like a required check can be mistaken for it"


# --- the rules fail where they should ------------------------------------------------------------

def test_the_ownership_workflow_as_it_was_fails() -> None:
    """Before: on pull_request (the pull request's own copy runs) and pull_request_review; no timeout."""
    jobs = load([BEFORE / "ownership.yml"])
    assert required_check_problems(jobs, ["Approved by the owners"]) == [
        "ownership.yml job ownership produces the required check 'Approved by the owners' on pull_request, "
        "pull_request_review: GitHub runs the pull request's own copy of the workflow then, so the pull request "
        "can replace the check",
        "ownership.yml job ownership must run on pull_request_target for edited, opened, ready_for_review, "
        "reopened, synchronize",
    ]
    assert general_problems(jobs) == ["ownership.yml job ownership has no timeout-minutes"]


def test_the_validate_workflow_as_it_was_fails() -> None:
    jobs = load([BEFORE / "validate.yml"])
    problems = required_check_problems(jobs, ["Validate and build"])
    assert problems[0].startswith("validate.yml job validate produces the required check 'Validate and build' on "
                                  "pull_request: GitHub runs the pull request's own copy")
    assert "validate.yml job validate renders a site (mkdocs.yml, the theme and templates are code)" in problems
    assert "validate.yml job validate installs something other than ./base (the base branch's checkout)" in problems


def wf(text: str, tmp_path: Path) -> list[Job]:
    path = tmp_path / "wf.yml"
    path.write_text(text, encoding="utf-8")
    return load([path])


PRT = "on:\n  pull_request_target:\n    types: [opened, synchronize, reopened, edited, ready_for_review]\n"


@pytest.mark.parametrize("steps, problem", [
    ("      - uses: actions/checkout@x\n        with: {ref: '${{ github.event.pull_request.head.sha }}', "
     "persist-credentials: false}\n      - run: python -m pip install .\n",
     "wf.yml job j checks the pull request out into the workspace itself, where later steps run it"),
    ("      - uses: actions/checkout@x\n        with: {ref: '${{ github.event.pull_request.head.sha }}', path: pr}\n"
     "      - run: oerbank validate --root pr\n",
     "wf.yml job j leaves the token in the pull request's checkout"),
    ("      - uses: actions/checkout@x\n        with: {ref: '${{ github.event.pull_request.head.sha }}', path: pr, "
     "persist-credentials: false}\n      - run: oerbank validate --root pr && bash pr/scripts/check.sh\n",
     "wf.yml job j uses the pull request's files (pr/) other than as data for --root"),
    ("      - uses: actions/checkout@x\n        with: {ref: '${{ github.event.pull_request.head.sha }}', path: pr, "
     "persist-credentials: false}\n      - run: mkdocs build -f pr/mkdocs.yml\n",
     "wf.yml job j renders a site (mkdocs.yml, the theme and templates are code)"),
    ("      - uses: actions/checkout@x\n        with: {ref: '${{ github.event.pull_request.head.sha }}', path: pr, "
     "persist-credentials: false}\n      - run: make test\n        working-directory: pr\n",
     "wf.yml job j runs a step inside the pull request's files (pr/)"),
    ("      - uses: ./.github/actions/check\n", "wf.yml job j runs a local action (./.github/actions/check)"),
    ("      - uses: actions/checkout@x\n        with: {ref: '${{ github.event.pull_request.head.sha }}', path: pr, "
     "persist-credentials: false}\n      - run: oerbank validate --root pr\n        env: {GH_TOKEN: '${{ github.token }}'}\n",
     "wf.yml job j gives a token to a step that reads the pull request's files"),
])
def test_head_code_is_caught(tmp_path: Path, steps: str, problem: str) -> None:
    jobs = wf(PRT + "jobs:\n  j:\n    name: Gate\n    runs-on: x\n    timeout-minutes: 5\n    steps:\n" + steps, tmp_path)
    assert any(p.startswith(problem) for p in required_check_problems(jobs, ["Gate"])), \
        required_check_problems(jobs, ["Gate"])


def test_general_rules_are_caught(tmp_path: Path) -> None:
    jobs = wf("on:\n  pull_request:\n  push:\njobs:\n"
              "  a:\n    runs-on: x\n    permissions: {contents: write}\n    steps:\n"
              "      - run: echo '${{ github.event.pull_request.title }}'\n"
              "  b:\n    runs-on: x\n    timeout-minutes: 5\n    permissions: {contents: read}\n    steps:\n"
              "      - run: oerbank build\n        env: {T: '${{ secrets.DEPLOY_TOKEN }}'}\n", tmp_path)
    assert general_problems(jobs) == [
        "wf.yml job a puts ${{ }} into a shell script (None); use env:",
        "wf.yml job a has no timeout-minutes",
        "wf.yml job a is privileged but starts on pull_request",
        "wf.yml job a is privileged and starts on pushes to branches other than main",
        "wf.yml job b is privileged but starts on pull_request",
        "wf.yml job b is privileged and starts on pushes to branches other than main",
        "wf.yml job b renders the site with privileges on pull_request, push",
    ]


def test_a_base_code_job_may_not_download_artifacts_or_use_secrets(tmp_path: Path) -> None:
    jobs = wf("on:\n  workflow_run:\n    workflows: [x]\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: 5\n"
              "    permissions: {statuses: write}\n    steps:\n"
              "      - run: gh run download \"$ID\"\n        env: {GH_TOKEN: '${{ secrets.BOT }}'}\n", tmp_path)
    assert general_problems(jobs) == ["wf.yml job a gives secrets to a job a pull request can start",
                                      "wf.yml job a downloads an artifact a pull request may have made"]


def test_a_required_check_on_pull_request_or_a_fake_with_its_name(tmp_path: Path) -> None:
    jobs = wf("on:\n  pull_request:\njobs:\n  fake:\n    name: Ownership check\n    runs-on: x\n"
              "    timeout-minutes: 1\n    steps:\n      - run: echo approved\n", tmp_path)
    assert required_check_problems(jobs, ["Ownership check"])[0].startswith(
        "wf.yml job fake produces the required check 'Ownership check' on pull_request")
