"""`oerbank changes`: the resources and organisations a pull request adds, changes or removes."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..github.changes import GitError, changed_files, format_markdown, format_text, rows, to_json
from ..pipeline import check
from .common import resolve_root, root_option


@click.command("changes")
@root_option
@click.option("--base", required=True, help="The commit the pull request starts from (e.g. its base SHA).")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's commit.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True, help="markdown for a job summary or pull request description.")
def command(root: Path | None, base: str, head: str, fmt: str) -> None:
    """List the files changed since --base, with each resource's title, key stages, subjects and cost.

    Uses `git diff --name-status` between the merge base of --base and --head, and --head; the
    fields come from the files as they are on disk (check out --head first). A renamed file is
    reported as renamed (with the fields whose values changed), not as removed and added.

    Example:

        oerbank changes --base origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    root = resolve_root(root)
    try:
        changes = changed_files(root, base, head, renames=True)
    except GitError as err:
        raise click.UsageError(str(err)) from None
    catalogue, _ = check(root)
    found = rows(changes, catalogue)
    if fmt == "json":
        click.echo(json.dumps(to_json(found), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(format_markdown(found), nl=False)
    else:
        click.echo(format_text(found))
