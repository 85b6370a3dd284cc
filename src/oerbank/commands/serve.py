"""`oerbank serve`: build the site and serve it on this computer, rebuilding when records change."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from ..pipeline import check
from ..report import format_text
from ..sitebuild import serve_path, serve_site
from .common import resolve_root, root_option


@click.command("serve")
@root_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--config", "config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The mkdocs.yml to use.")
def command(root: Path | None, port: int, config: Path | None) -> None:
    """Build the site and serve it at http://127.0.0.1:PORT/ with live reload.

    Example:

        oerbank serve --port 8000
    """
    root = resolve_root(root)
    _, report = check(root)
    if not report.valid():
        click.echo(format_text(report, colour=sys.stdout.isatty()))
        click.echo("Fix the problems above, then run oerbank serve again.", err=True)
        sys.exit(1)
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise click.UsageError(f"Port {port} is already in use (is the site already being served?). "
                                   f"Stop the other server or pass --port with another number.")
    click.echo(f"{report.organisations:,} organisations, {report.resources:,} resources: valid")
    click.echo(f"Serving the catalogue at http://127.0.0.1:{port}{serve_path(root, config)}  (Ctrl+C to stop)")
    serve_site(root, "127.0.0.1", port, config)
