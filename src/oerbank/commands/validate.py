"""`oerbank validate`: check every record and report every problem in one run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..pipeline import check
from ..report import format_github, format_json, format_markdown, format_text
from .common import resolve_root, root_option


@click.command("validate")
@root_option
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json", "markdown"]), default="text",
              show_default=True, help="text for people, github for pull-request annotations, json for programs, "
                                      "markdown for a job summary.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also append a Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY).")
def command(root: Path | None, fmt: str, strict: bool, summary_path: Path | None) -> None:
    """Check the catalogue and list every problem, with file, line and how to fix it.

    Exits 0 when the catalogue is valid, 1 when it is not, 2 for a usage error. Warnings
    (such as a missing recommended field) fail only with --strict. Nothing is written.

    Example:

        oerbank validate --root . --format github
    """
    catalogue, report = check(resolve_root(root))
    if fmt == "json":
        click.echo(format_json(report))
    elif fmt == "github":
        click.echo(format_github(report, strict))
    elif fmt == "markdown":
        click.echo(format_markdown(report, strict))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(format_text(report, colour=colour, strict=strict), color=colour)
    if summary_path is not None:
        with summary_path.open("a", encoding="utf-8") as fh:
            fh.write(format_markdown(report, strict) + "\n")
    sys.exit(0 if report.valid(strict) else 1)
