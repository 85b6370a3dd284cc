"""Take the weekly link report into the site build only if it is provably this repository's own.

deploy.yml calls it twice:

    python .github/scripts/link_report.py pick RUNS.json --repo OWNER/NAME --branch main --summary FILE
    python .github/scripts/link_report.py extract ARTIFACT.tar OUT.json --summary FILE

`pick` reads the runs of links.yml (GET /repos/{repo}/actions/workflows/links.yml/runs) and
prints "RUN_ID HEAD_SHA" of the newest successful one that ran links.yml of THIS repository, on
its default branch, because of the weekly schedule or a person starting it by hand, on a commit
that main contains. A run of a fork's branch that happens to be called main, a run triggered by
a pull request, or a copy of the workflow under another path is ignored, with a warning.

`extract` copies the one regular file `link-report.json` out of the artifact's tar; any other
member (a symlink, a second file, a folder) is ignored with a warning and never written.

Only the standard library and git are used; every warning goes to the job summary through
oerbank's inert-text helper, so a forged report can't write Markdown there.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

WORKFLOW_PATH = ".github/workflows/links.yml"
TRUSTED_EVENTS = {"schedule", "workflow_dispatch"}
MEMBER = "link-report.json"
MAX_BYTES = 512 * 1024 * 1024
_SHA = re.compile(r"^[0-9a-f]{40}$")


def _inert(text: str) -> str:
    try:
        from oerbank.github.inert import inert
    except ImportError:  # before oerbank is installed: keep only characters that can't form Markdown
        return re.sub(r"[^A-Za-z0-9 ,.;:'/()=-]", "?", " ".join(text.split()))
    return inert(text)


def _warn(summary: Path | None, warnings: list[str]) -> None:
    for w in warnings:
        print(f"::warning::{' '.join(w.split())}", file=sys.stderr)
    if summary is not None and warnings:
        with summary.open("a", encoding="utf-8") as fh:
            fh.write("\n" + "".join(f"- ⚠️ Link report: {_inert(w)}\n" for w in warnings) + "\n")


def _contains(commit: str, ancestor_of: str) -> bool:
    done = subprocess.run(["git", "merge-base", "--is-ancestor", commit, ancestor_of],
                          capture_output=True, check=False)
    return done.returncode == 0


def why_not(run: dict[str, Any], repo: str, branch: str, ancestor_of: str | None) -> str:
    """'' when this run's report may be used, or why not."""
    head_repo = str(((run.get("head_repository") or {}).get("full_name")) or "")
    sha = str(run.get("head_sha") or "")
    if type(run.get("id")) is not int:
        return "it has no run number"
    if run.get("conclusion") != "success":
        return "it did not succeed"
    if str(run.get("event")) not in TRUSTED_EVENTS:
        return f"it was started by a {run.get('event')!s} event, not the weekly schedule or by hand"
    ran_in = str(((run.get("repository") or {}).get("full_name")) or repo)
    if head_repo.lower() != repo.lower() or ran_in.lower() != repo.lower():
        return f"it ran on another repository's code ({head_repo or 'unknown'})"
    if run.get("head_branch") != branch:
        return f"it ran on the branch {run.get('head_branch')!s}, not {branch}"
    if run.get("path") != WORKFLOW_PATH:
        return f"it ran {run.get('path')!s}, not {WORKFLOW_PATH}"
    if not _SHA.match(sha):
        return "its commit is not named"
    if ancestor_of and not _contains(sha, ancestor_of):
        return f"its commit {sha[:12]} is not part of {branch}"
    return ""


def pick(runs: dict[str, Any], repo: str, branch: str,
         ancestor_of: str | None) -> tuple[dict[str, Any] | None, list[str]]:
    """The newest run whose report may be used, and a warning for each newer one that may not."""
    warnings = []
    listed = runs.get("workflow_runs") if isinstance(runs, dict) else None
    for run in sorted((r for r in listed or [] if isinstance(r, dict)),
                      key=lambda r: str(r.get("created_at") or ""), reverse=True):
        reason = why_not(run, repo, branch, ancestor_of)
        if not reason:
            return run, warnings
        if run.get("conclusion") == "success":
            warnings.append(f"The link report of run {run.get('id')!s} was ignored: {reason}.")
    return None, warnings


def extract(tar_path: Path, out: Path) -> tuple[bool, list[str]]:
    """Copy the regular file link-report.json out of the artifact; (copied, warnings)."""
    warnings: list[str] = []
    try:
        with tarfile.open(tar_path) as tar:
            found = None
            for member in tar.getmembers():
                name = member.name.removeprefix("./")
                if name in ("", ".") and member.isdir():
                    continue
                if name == MEMBER and member.isreg() and found is None:
                    found = member
                    continue
                kind = "a link" if member.issym() or member.islnk() else "a folder" if member.isdir() else "a file"
                warnings.append(f"The link report artifact also holds {kind} named '{member.name}', "
                                "which was ignored: only link-report.json is read.")
            if found is None:
                return False, warnings + ["The link report artifact has no regular file link-report.json, so no "
                                          "page is marked as having a broken link."]
            if found.size > MAX_BYTES:
                return False, warnings + [f"The link report is {found.size:,} bytes, more than a report can be; "
                                          "it was ignored."]
            source = tar.extractfile(found)
            assert source is not None  # a regular file always has content
            out.parent.mkdir(parents=True, exist_ok=True)
            with source, out.open("wb") as fh:
                shutil.copyfileobj(source, fh)
    except (OSError, tarfile.TarError) as err:
        return False, warnings + [f"The link report artifact can't be read ({err}); it was ignored."]
    return True, warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pick")
    p.add_argument("runs", type=Path)
    p.add_argument("--repo", required=True)
    p.add_argument("--branch", required=True)
    p.add_argument("--ancestor-of", default="HEAD", help="a run's commit must be part of this one (git)")
    p.add_argument("--summary", type=Path)
    e = sub.add_parser("extract")
    e.add_argument("tar", type=Path)
    e.add_argument("out", type=Path)
    e.add_argument("--summary", type=Path)
    n = sub.add_parser("note", help="put each line of a file in the job summary as a warning")
    n.add_argument("file", type=Path)
    n.add_argument("--summary", type=Path)
    args = parser.parse_args(argv)

    if args.command == "pick":
        try:
            runs = json.loads(args.runs.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            _warn(args.summary, [f"The list of link checks can't be read ({err}); no page is marked."])
            return 1
        run, warnings = pick(runs, args.repo, args.branch, args.ancestor_of or None)
        _warn(args.summary, warnings)
        if run is None:
            return 1
        print(f"{int(run['id'])} {run['head_sha']}")
        return 0
    if args.command == "extract":
        ok, warnings = extract(args.tar, args.out)
        _warn(args.summary, warnings)
        return 0 if ok else 1
    try:
        lines = [line for line in args.file.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        lines = []
    _warn(args.summary, lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
