"""`oerbank build`: validate, then render the site and the open data into build/site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline import check
from ..report import format_text
from ..sitebuild import build_site
from .common import resolve_root, root_option


@click.command("build")
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site. Default: build/site inside the catalogue folder.")
@click.option("--config", "config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The mkdocs.yml to use. Default: the catalogue's own, else the project's.")
def command(root: Path | None, out: Path | None, config: Path | None) -> None:
    """Check the catalogue and, if it is valid, build the website and data files.

    Refuses to build an invalid catalogue and lists its problems, as `oerbank validate` does.

    Example:

        oerbank build --root . --out build/site
    """
    root = resolve_root(root)
    checked = check(root)
    report = checked[1]
    if not report.valid():
        click.echo(format_text(report, colour=sys.stdout.isatty()))
        click.echo("The site was not built: fix the problems above first.", err=True)
        sys.exit(1)
    out = (out or root / "build" / "site").resolve()
    build_site(root, out, config, checked)
    click.echo(f"{report.organisations:,} organisations, {report.resources:,} resources: site written to {out}")
