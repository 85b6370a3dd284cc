"""`oerbank from-issue`: turn the answers of an "Add a resource" issue into a checked resource file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO

import click

from ..atomic import WriteError, write_text
from ..github.fromissue import format_markdown, format_text, submission_from_issue
from ..load import MAX_SLUG, SLUG, slugify
from .common import resolve_root, root_option


@click.command("from-issue")
@click.argument("issue", type=click.File("r", encoding="utf-8"))
@root_option
@click.option("--org", "org", help="The organisation id (default: the form's Organisation answer).")
@click.option("--slug", help="File name without .md (default: made from the title).")
@click.option("--force", is_flag=True,
              help="Update resources/<org>/<slug>.md if it already exists and has the same link: the answers' "
                   "fields are set, the rest of the file is kept. A file about another resource is never replaced.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True,
              help="markdown writes a comment for the issue.")
def command(issue: IO[str], root: Path | None, org: str | None, slug: str | None, force: bool,
            fmt: str) -> None:
    """Write resources/<org>/<slug>.md from a submitted issue's body (ISSUE is a file, or - for stdin).

    Every answer is checked, by its question, with the same validator as `oerbank validate`; a
    link that is already in the catalogue is refused. The file is written only when every answer
    is right: exits 0 when written, 1 when answers need changing (nothing written).

    Example:

        gh issue view 42 --json body --jq .body > issue.md
        oerbank from-issue issue.md --format markdown
    """
    root = resolve_root(root)
    if slug is not None and (not SLUG.match(slug) or len(slug) > MAX_SLUG):
        raise click.UsageError(f"--slug must use lowercase letters, digits and hyphens, e.g. '{slugify(slug)}'.")
    try:
        body = issue.read()
    except UnicodeDecodeError:
        raise click.UsageError(f"{issue.name} is not UTF-8 text.") from None
    sub = submission_from_issue(root, body, org=org, slug=slug, replace=force)
    if sub.valid:
        try:
            write_text(root / sub.path, sub.text)
        except WriteError as err:
            click.echo(f"error: {err}", err=True)
            sys.exit(1)
    source = "the issue" if issue.name == "<stdin>" else issue.name
    click.echo(format_markdown(sub) if fmt == "markdown" else format_text(sub, source))
    sys.exit(0 if sub.valid else 1)
