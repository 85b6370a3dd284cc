"""`oerbank template`: write a spreadsheet to fill in and bring back with `oerbank import`."""

from __future__ import annotations

from pathlib import Path

import click

from ..spreadsheet import write_template
from .common import resolve_root, root_option


@click.command("template")
@root_option
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write: .xlsx (with dropdowns and a Help sheet) or .csv. "
                   "Default: build/resources-template.xlsx inside the catalogue.")
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def command(root: Path | None, out: Path | None, force: bool) -> None:
    """Write a resources spreadsheet template generated from the schema.

    Row 1 holds the field names and row 2 an example (delete it before importing, or leave
    it: an untouched example row is skipped). The .xlsx has a dropdown for each field with
    one allowed value and a Help sheet listing every field and its allowed values.

    Example:

        oerbank template --out resources-template.xlsx
    """
    if out is None:
        out = resolve_root(root) / "build" / "resources-template.xlsx"
        out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise click.UsageError(f"--out {out}: the template can be written as .xlsx or .csv.")
    if out.exists() and not force:
        raise click.ClickException(f"{out} already exists; it was not changed (pass --force to replace it).")
    if out.parent != Path("") and not out.parent.is_dir():
        raise click.UsageError(f"--out {out}: the folder {out.parent} does not exist.")
    write_template(out)
    click.echo(f"Wrote {out}.")
    click.echo(f"Next: fill in one row per resource, then run `oerbank import {out} --org <your-org-id>`.")
