"""`oerbank serve`: build the site and serve it on this computer, rebuilding when records change."""

from __future__ import annotations

import socket
import sys
import tempfile
from functools import partial
from pathlib import Path

import click

from ..buildstep import describe
from ..engines import EngineMissing, live
from ..pipeline import CatalogueRefused, build, check
from ..report import format_text
from ..siteconfig import ENGINES, SiteConfigError, config_file, read_site_config
from .common import resolve_root, root_option


@click.command("serve")
@root_option
@click.option("--port", default=8000, show_default=True, help="Port on 127.0.0.1.")
@click.option("--config", "config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The mkdocs.yml to use.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="What builds the prose pages (docs/). Default: `engine:` in mkdocs.yml, else mkdocs.")
def command(root: Path | None, port: int, config: Path | None, engine: str | None) -> None:
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
                                   f"Stop the other server or pass --port with another number.") from None
    path = config_file(root, config)
    site = read_site_config(path)
    click.echo(f"{report.organisations:,} organisations, {report.resources:,} resources: valid")
    click.echo(f"Serving the catalogue at http://127.0.0.1:{port}{live.serve_path(site.site_url)}  (Ctrl+C to stop)")
    sys.stdout.flush()
    with tempfile.TemporaryDirectory(prefix="oerbank-serve-") as tmp:
        out = Path(tmp) / "site"
        watched = [root / "organisations", root / "resources", path, site.project / site.docs_dir]
        watched += [site.theme_dir] if site.theme_dir else []
        watched += [site.project / "CONTRIBUTING.md"]
        live.serve(partial(_build, root, out, engine, config), out, watched, "127.0.0.1", port, site.site_url)


def _build(root: Path, out: Path, engine: str | None, config: Path | None) -> None:
    """One build of the preview; what goes wrong is said in a sentence, and the last good preview stays served."""
    try:
        build(root, out, engine, config=config, live_reload=True)
    except (CatalogueRefused, EngineMissing, SiteConfigError) as refused:
        raise SystemExit(str(refused)) from None
    except Exception as exc:
        raise SystemExit(describe(exc, None, "the last good preview is still served")) from None
