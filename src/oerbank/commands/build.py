"""`oerbank build`: validate, then render the site and the open data into build/site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..buildstep import ERROR_LOG, describe, step, timings, write_details
from ..engines import EngineMissing
from ..pipeline import CatalogueRefused, build, check
from ..report import format_text
from ..siteconfig import ENGINES, SiteConfigError
from ..sitebuild import BuildBusy
from .common import resolve_root, root_option


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


@click.command("build")
@root_option
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site. Default: build/site inside the catalogue folder.")
@click.option("--config", "config", type=click.Path(dir_okay=False, exists=True, path_type=Path), default=None,
              help="The mkdocs.yml to use. Default: the catalogue's own, else the project's.")
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="What builds the prose pages (docs/). Default: `engine:` in mkdocs.yml, else mkdocs.")
@click.option("--timings", "show_timings", is_flag=True,
              help="Say afterwards how long each step of the build took (on stderr), to see where time goes.")
def command(root: Path | None, out: Path | None, config: Path | None, engine: str | None,
            show_timings: bool = False) -> None:
    """Check the catalogue and, if it is valid, build the website and data files.

    Refuses to build an invalid catalogue and lists its problems, as `oerbank validate` does.
    The new site replaces the previous one only when it is complete: if the build fails or is
    stopped, the previous site is left as it was. If something unexpected goes wrong, the build
    says which step and which record it was on, and writes the details to oerbank-error.log
    beside the site.

    Example:

        oerbank build --root . --out build/site
        oerbank build --engine zensical
    """
    root = resolve_root(root)
    out = (out or root / "build" / "site").resolve()
    if out == root or root.is_relative_to(out):
        raise click.UsageError(f"--out {out}: the site would replace the catalogue folder; choose a folder inside it, "
                               "such as build/site.")
    kept = f"the previous site in {out} is unchanged" if out.exists() else "no site was written"
    log = out.parent / ERROR_LOG
    try:
        step("reading and checking the catalogue")
        checked = check(root)
        report = checked[1]
        if not report.valid():
            click.echo(format_text(report, colour=sys.stdout.isatty()))
            click.echo("The site was not built: fix the problems above first.", err=True)
            sys.exit(1)
        build(root, out, engine, config=config, checked=checked)
    except (BuildBusy, CatalogueRefused, EngineMissing, SiteConfigError) as refused:
        click.echo(str(refused), err=True)
        sys.exit(1)
    except KeyboardInterrupt as stopped:
        click.echo(describe(stopped, None, kept), err=True)
        sys.exit(130)
    except click.exceptions.Exit:
        raise
    except (click.ClickException, SystemExit):
        raise
    except Exception as exc:
        click.echo(describe(exc, write_details(exc, log), kept), err=True)
        sys.exit(1)
    click.echo(f"{_plural(report.organisations, 'organisation')}, {_plural(report.resources, 'resource')}: "
               f"site written to {out}")
    if show_timings:
        click.echo("Time per step (seconds):", err=True)
        for name, seconds in timings():
            if name != "starting":
                click.echo(f"{seconds:8.2f}  {name}", err=True)
