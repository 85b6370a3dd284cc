"""`oerbank verify-link-report`: keep only the trustworthy part of a downloaded link report."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from ..atomic import WriteError, write_text
from ..linkcheck import dumps_report, is_link_report
from ..linkreport import KnownRecords, read_report
from ..load import load_catalogue
from .common import resolve_root, root_option


@click.command("verify-link-report")
@root_option
@click.argument("report", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Where to write what passes, e.g. build/link-report.json (the site build reads it there).")
def command(root: Path | None, report: Path, out: Path) -> None:
    """Check a link report from elsewhere and keep only what can be trusted.

    Reads REPORT only if it is a regular file (not a link) no larger than a report of this
    catalogue can be; checks it against the link report's schema (whole-number statuses, known
    error words, ISO dates, http(s) addresses) and keeps the entries about records that exist in
    the catalogue. What passes is written to --out; every entry or problem left out gets one
    warning line. Exits 0 even then (a bad report must never stop the site from being
    published: it only marks fewer pages), and 2 for a usage error.

    Example:

        oerbank verify-link-report downloaded/link-report.json --root . --out build/link-report.json
    """
    root = resolve_root(root)
    if out.is_dir() and not out.is_symlink():
        raise click.UsageError(f"--out {out} is a folder; give the file to write, e.g. {out / 'link-report.json'}.")
    if out.exists() and not out.is_symlink() and not is_link_report(out):
        raise click.UsageError(f"--out {out} exists and is not a link report; choose another file.")
    catalogue, _ = load_catalogue(root)
    checked = read_report(report, KnownRecords.of(catalogue), name=str(report))
    for warning in checked.warnings:
        click.echo(f"Warning: {warning}")
    if checked.report is None:
        if not checked.warnings:
            click.echo(f"Warning: there is no link report at {report}, so no page is marked.")
        _remove_old(out)
        return
    try:
        write_text(out, dumps_report(checked.report))
    except WriteError as err:
        click.echo(f"Warning: {err} No page is marked.")
        _remove_old(out)
        return
    kept = len(checked.report["links"])
    click.echo(f"Kept {kept} of {checked.entries} link entr{'y' if checked.entries == 1 else 'ies'} "
               f"from {report}; wrote {out}.")


def _remove_old(out: Path) -> None:
    """An older report at --out must not be published in place of the one that was refused."""
    try:
        if out.is_symlink() or (stat.S_ISREG(os.lstat(out).st_mode) and is_link_report(out)):
            out.unlink()
            click.echo(f"Removed the older {out}, so the site is built without a link report.")
    except FileNotFoundError:
        pass
    except OSError as err:
        click.echo(f"Warning: the older {out} could not be removed ({err.strerror or err}).")
