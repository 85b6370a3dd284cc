"""deploy.yml takes the link report only from this repository's own scheduled or manual link check.

.github/scripts/link_report.py picks the run and unpacks the artifact; a forged report (a fork's
branch called main, a pull-request run, another workflow path, extra tar members, a symlink) is
ignored with a warning in the job summary.
"""

from __future__ import annotations

import importlib.util
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest

from github_helpers import REPO, commit_all, git

SCRIPT = REPO / ".github" / "scripts" / "link_report.py"
spec = importlib.util.spec_from_file_location("link_report", SCRIPT)
assert spec and spec.loader
link_report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(link_report)

THIS = "open-arts/oerbank"


def run(run_id: int, sha: str, **changes: Any) -> dict[str, Any]:
    """A workflow run as GET /repos/{repo}/actions/workflows/links.yml/runs lists it."""
    good = {"id": run_id, "event": "schedule", "conclusion": "success", "head_branch": "main", "head_sha": sha,
            "path": ".github/workflows/links.yml", "created_at": f"2026-12-0{run_id}T05:23:00Z",
            "head_repository": {"full_name": THIS}, "repository": {"full_name": THIS}}
    return good | changes


@pytest.fixture
def main_repo(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("catalogue\n")
    return root, commit_all(root, "main")


def pick(root: Path, runs: list[dict[str, Any]], summary: Path) -> tuple[int, str]:
    path = root.parent / "runs.json"
    path.write_text(json.dumps({"total_count": len(runs), "workflow_runs": runs}))
    import contextlib
    import os

    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = link_report.main(["pick", str(path), "--repo", THIS, "--branch", "main", "--summary", str(summary)])
    finally:
        os.chdir(cwd)
    return code, out.getvalue()


def test_the_newest_scheduled_or_manual_run_of_main_is_taken(main_repo: tuple[Path, str], tmp_path: Path) -> None:
    root, sha = main_repo
    summary = tmp_path / "summary.md"
    code, out = pick(root, [run(1, sha), run(2, sha, event="workflow_dispatch")], summary)
    assert (code, out) == (0, f"2 {sha}\n")
    assert not summary.exists()


def test_forged_runs_are_ignored_with_a_warning(main_repo: tuple[Path, str], tmp_path: Path) -> None:
    root, sha = main_repo
    summary = tmp_path / "summary.md"
    fork = {"full_name": "mallory/oerbank"}
    code, out = pick(root, [
        run(1, sha),
        run(2, sha, event="pull_request", head_repository=fork),  # a fork's pull request from its branch "main"
        run(3, sha, head_repository=fork),  # a fork's own scheduled run
        run(4, sha, path=".github/workflows/links-copy.yml"),
        run(5, sha, head_branch="feature"),
        run(6, "f" * 40),  # a commit main doesn't contain (a tag called main, say)
        run(7, sha, event="workflow_run"),
    ], summary)
    assert (code, out) == (0, f"1 {sha}\n")
    assert summary.read_text(encoding="utf-8").splitlines()[1:-1] == [
        "- ⚠️ Link report: The link report of run 7 was ignored: it was started by a workflow\\_run event, not "
        "the weekly schedule or by hand.",
        "- ⚠️ Link report: The link report of run 6 was ignored: its commit ffffffffffff is not part of main.",
        "- ⚠️ Link report: The link report of run 5 was ignored: it ran on the branch feature, not main.",
        "- ⚠️ Link report: The link report of run 4 was ignored: it ran .github/workflows/links-copy.yml, "
        "not .github/workflows/links.yml.",
        "- ⚠️ Link report: The link report of run 3 was ignored: it ran on another repository's code "
        "(mallory/oerbank).",
        "- ⚠️ Link report: The link report of run 2 was ignored: it was started by a pull\\_request event, not "
        "the weekly schedule or by hand.",
    ]


def test_no_trusted_run_means_no_report(main_repo: tuple[Path, str], tmp_path: Path) -> None:
    root, sha = main_repo
    code, out = pick(root, [run(1, sha, event="push")], tmp_path / "summary.md")
    assert (code, out) == (1, "")


def artifact(tmp_path: Path, *members: tuple[str, str, bytes | str]) -> Path:
    """A tar like upload-pages-artifact makes: (kind, name, content or link target)."""
    path = tmp_path / "artifact.tar"
    with tarfile.open(path, "w") as tar:
        for kind, name, data in members:
            info = tarfile.TarInfo(name)
            if kind == "file":
                assert isinstance(data, bytes)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            elif kind == "dir":
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
            else:
                info.type = tarfile.SYMTYPE
                info.linkname = str(data)
                tar.addfile(info)
    return path


REPORT = b'{"links": []}'


def test_only_link_report_json_is_extracted(tmp_path: Path) -> None:
    tar = artifact(tmp_path, ("dir", ".", ""), ("file", "./link-report.json", REPORT),
                   ("file", "./site/index.html", b"<script>steal()</script>"), ("sym", "./env.txt", "/proc/self/environ"))
    out = tmp_path / "build" / "report.json"
    ok, warnings = link_report.extract(tar, out)
    assert ok and out.read_bytes() == REPORT
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.json"]
    assert warnings == [
        "The link report artifact also holds a file named './site/index.html', which was ignored: only "
        "link-report.json is read.",
        "The link report artifact also holds a link named './env.txt', which was ignored: only link-report.json "
        "is read."]


def test_a_symlink_called_link_report_json_is_not_followed(tmp_path: Path) -> None:
    tar = artifact(tmp_path, ("sym", "./link-report.json", "/proc/self/environ"))
    out = tmp_path / "report.json"
    ok, warnings = link_report.extract(tar, out)
    assert not ok and not out.exists()
    assert warnings[-1] == ("The link report artifact has no regular file link-report.json, so no page is marked "
                            "as having a broken link.")


def test_a_broken_tar_is_ignored(tmp_path: Path) -> None:
    bad = tmp_path / "artifact.tar"
    bad.write_bytes(b"not a tar at all" * 100)
    ok, warnings = link_report.extract(bad, tmp_path / "report.json")
    assert not ok and warnings[0].startswith("The link report artifact can't be read")


def test_deploy_uses_the_script_and_verifies_the_report() -> None:
    import yaml

    build = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))["jobs"]["build"]
    text = next(s["run"] for s in build["steps"] if s.get("name") == "Get the newest link report")
    assert 'python "$tools" pick' in text and 'python "$tools" extract' in text
    assert 'oerbank verify-link-report "$got.json" --root . --out build/link-report.json' in text
    assert "tar " not in text and "--branch main" not in text  # nothing unpacked whole; no branch-name match
