"""`oerbank owners-check`: is every part of a pull request approved by someone who may approve it?"""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

import click

from ..github.changes import GitError, changed_files, show, verify
from ..github.owners import (EDITORS_FILE, OwnershipReport, approvals, approvals_needed, comment_reviews, decide,
                             editors_in, format_markdown, format_text, load_reviews, maintainers_in)
from .common import resolve_root, root_option


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise click.UsageError(f"{what} {path}: can't be read as JSON ({err}).") from None


def _from_event(path: Path) -> tuple[str, str | None]:
    """(author, head commit) of the pull request a GitHub event is about, or of a pull request from the API."""
    event = _read_json(path, "--event")
    pr = event.get("pull_request", event) if isinstance(event, dict) else None
    if not isinstance(pr, dict) or not isinstance(pr.get("head"), dict):
        raise click.UsageError(f"--event {path}: this is not a pull request or an event about one "
                               "(give $GITHUB_EVENT_PATH of a pull_request_target event, or "
                               "GET /repos/{owner}/{repo}/pulls/{n}).")
    author = str((pr.get("user") or {}).get("login") or "")
    return author, (pr.get("head") or {}).get("sha")


@click.command("owners-check")
@root_option
@click.option("--base", help="The pull request's base commit: files changed since it are checked, "
                             "and maintainers and editors are read from it (not from the pull request).")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's head commit (with --base).")
@click.option("--changed", "changed", multiple=True, help="A changed file, relative to the catalogue; "
                                                          "repeat for several (instead of the git diff).")
@click.option("--event", "event_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The GitHub event JSON ($GITHUB_EVENT_PATH), or the pull request as the API gives it: "
                   "the author and the head commit.")
@click.option("--reviews", "reviews_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The pull request's reviews as JSON, from GET /repos/{owner}/{repo}/pulls/{n}/reviews.")
@click.option("--comments", "comments_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The pull request's comments as JSON, from GET /repos/{owner}/{repo}/issues/{n}/comments: "
                   "a comment whose first line is /approve is an approval.")
@click.option("--since", help="When the newest commits were pushed (ISO 8601, e.g. 2026-12-07T08:00:00Z): "
                              "/approve comments written before it don't count.")
@click.option("--author", help="The pull request's author (GitHub username); overrides --event.")
@click.option("--approver", "approvers", multiple=True, help="Someone who approved; repeat for several.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also append a Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY).")
def command(root: Path | None, base: str | None, head: str, changed: tuple[str, ...], event_path: Path | None,
            reviews_path: Path | None, comments_path: Path | None, since: str | None, author: str | None,
            approvers: tuple[str, ...], fmt: str, summary_path: Path | None) -> None:
    """Check that each organisation a pull request touches is approved by its maintainers or an editor.

    An organisation's files are approved when the author maintains that organisation or is a
    catalogue editor, or when one of its maintainers or an editor approves. A new organisation
    needs an editor. Files outside organisations/ and resources/ need an approving review by an
    editor (editors.yml; `approvals: 0` there lets an editor approve their own). An approving
    review or a comment starting with /approve both count. Exits 0 when everything is approved,
    1 when something is not.

    Example:

        oerbank owners-check --base "$BASE_SHA" --event pr.json --reviews reviews.json --comments comments.json
    """
    root = resolve_root(root)
    event_author, head_sha = _from_event(event_path) if event_path else ("", None)
    author = author or event_author
    if not author:
        raise click.UsageError("Say who opened the pull request with --author NAME or --event FILE.")
    reviews = _api_list(reviews_path, "--reviews")
    from_comments, early = comment_reviews(_api_list(comments_path, "--comments"), since, head_sha)
    current, stale = approvals(reviews + from_comments, head_sha)
    current |= set(approvers)

    try:
        if changed:
            paths = [c.replace("\\", "/").removeprefix("./") for c in changed]
        elif base:
            paths = [c.path if c.inside else f"/{c.path}" for c in changed_files(root, base, head)]
        else:
            raise click.UsageError("Say what changed: --base REV (uses git) or --changed FILE.")
        if base:
            base_sha, head_sha_ = verify(root, base), verify(root, head)
            at_base = partial(show, root, base_sha)
            at_head = partial(show, root, head_sha_)
        else:
            at_base = at_head = partial(_read, root)
    except GitError as err:
        raise click.UsageError(str(err)) from None

    def maintainers_at_base(org: str) -> tuple[str, ...] | None:
        text = at_base(f"organisations/{org}.yml")
        return None if text is None else maintainers_in(text)

    editors_file = at_base(EDITORS_FILE)
    verdicts = decide(paths, author, current, editors_in(editors_file), maintainers_at_base,
                      lambda org: maintainers_in(at_head(f"organisations/{org}.yml")), approvals_needed(editors_file))
    report = OwnershipReport(verdicts, stale - current, set(early) - current)
    click.echo(format_markdown(report) if fmt == "markdown" else format_text(report))
    if summary_path is not None:
        with summary_path.open("a", encoding="utf-8") as fh:
            fh.write(format_markdown(report) + "\n")
    sys.exit(0 if report.ok else 1)


def _api_list(path: Path | None, option: str) -> list[dict[str, Any]]:
    """Reviews or comments as the REST API gives them (`gh api --paginate` may print several lists)."""
    if path is None:
        return []
    try:
        return load_reviews(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise click.UsageError(f"{option} {path}: can't be read as JSON ({err}).") from None


def _read(root: Path, rel: str) -> str | None:
    try:
        return (root / rel).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
