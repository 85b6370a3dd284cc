"""`oerbank import`: turn a spreadsheet of resources (one per row) into resource files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..spreadsheet import HEADER_CODES, ImportResult, SpreadsheetError, import_sheet
from .common import resolve_root, root_option


def format_result(result: ImportResult) -> str:
    """Every problem with its row and column, then what happened to each row, then one summary line."""
    lines: list[str] = []
    for p in result.problems:
        lines.append(f"{result.source}: {p.location()}: {p.severity} [{p.code}] {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    for o in result.outcomes:
        if o.status in ("written", "ready"):
            lines.append(f"row {o.row}: {'wrote' if o.status == 'written' else 'would write'} {o.path}")
        elif o.status == "exists":
            lines.append(f"row {o.row}: skipped {o.path} (it already exists; --force replaces it)")
        elif o.status == "example":
            lines.append(f"row {o.row}: skipped (it is the template's example row; delete it)")
    if any(o.status == "held" for o in result.outcomes):
        header = min((p.row for p in result.problems if p.code in HEADER_CODES and p.severity == "error"), default=1)
        lines.append(f"Nothing was written: fix the header row (row {header}) first, then import again.")
    lines.append(result.summary())
    return "\n".join(lines)


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_id", required=True, help="Your organisation's id (its file name in organisations/).")
@root_option
@click.option("--force", is_flag=True, help="Replace resource files that already exist.")
@click.option("--dry-run", is_flag=True, help="Check every row and say what would be written, but write nothing.")
def command(source: Path, org_id: str, root: Path | None, force: bool, dry_run: bool) -> None:
    """Import resources from a spreadsheet (.csv or .xlsx), one resource per row.

    The header row names the columns (field names like key_stages or titles like "Key stages");
    title rows above it and columns it doesn't know are skipped, with a warning.
    Lists are separated by ";" or ","; vocabulary cells may use keys (ks2) or labels
    (Key Stage 2). Good rows become resources/<org>/<slug>.md; every bad row is reported
    with its row and column. Existing files are skipped unless --force is given.

    Exits 0 when every row was fine, 1 when any row had problems (the good rows are still
    written), 2 for a usage error. `oerbank template` writes a spreadsheet to start from.

    Example:

        oerbank import resources.xlsx --org harbourlight-maritime-museum --dry-run
    """
    root = resolve_root(root)
    if not (root / "organisations" / f"{org_id}.yml").is_file():
        raise click.UsageError(f"There is no organisations/{org_id}.yml; check --org, or add the organisation "
                               "first with `oerbank new organisation`.")
    try:
        result = import_sheet(root, org_id, source, force=force, dry_run=dry_run)
    except SpreadsheetError as err:
        click.echo(f"error: {err}", err=True)
        sys.exit(1)
    click.echo(format_result(result))
    sys.exit(0 if result.ok else 1)
