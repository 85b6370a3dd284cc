"""`oerbank import`: turn a spreadsheet of resources (one per row) into resource files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..spreadsheet import HEADER_CODES, ImportResult, SpreadsheetError, import_sheet
from .common import resolve_root, root_option


def format_result(result: ImportResult) -> str:
    """Every problem with its row and column, what was read differently from how it was typed,
    then what happened to each row (with --dry-run, the change to each file), then one summary line."""
    lines: list[str] = []
    for p in result.problems:
        lines.append(f"{result.source}: {p.location()}: {p.severity} [{p.code}] {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    lines += [f"{result.source}: {where}: {said}" for where, said in _grouped_notes(result)]
    for o in result.outcomes:
        if o.status in ("written", "ready"):
            verb = ("wrote" if o.new else "updated") if o.status == "written" else \
                ("would write" if o.new else "would update")
            lines.append(f"row {o.row}: {verb} {o.path}")
        elif o.status == "unchanged":
            lines.append(f"row {o.row}: {o.path} already says the same; nothing to change")
        elif o.status == "exists":
            lines.append(f"row {o.row}: skipped {o.path}: it is already in the catalogue with this link. "
                         "--force updates it with this row's values (what the row leaves empty, and its "
                         "description if the row has none, are kept)")
        elif o.status == "example":
            lines.append(f"row {o.row}: skipped (it is the template's example row; delete it)")
        elif o.status == "failed":
            lines.append(f"row {o.row}: not written ({o.path})")
        if o.diff:
            lines.append(o.diff.rstrip("\n"))
    if any(o.status == "held" for o in result.outcomes):
        header = min((p.row for p in result.problems if p.code in HEADER_CODES and p.severity == "error"), default=1)
        lines.append(f"Nothing was written: fix the header row (row {header}) first, then import again.")
    if result.write_error:
        lines.append(f"error: {result.write_error}")
    lines.append(result.summary())
    return "\n".join(lines)


def _rows(numbers: list[int], shown: int = 4) -> str:
    """[2, 3, 4, 7, 9, 10] -> 'rows 2-4, 7, 9-10'; long lists end with how many more rows there are."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs[:shown]]
    rest = sum(len(r) for r in runs[shown:])
    return ("row " if len(numbers) == 1 else "rows ") + ", ".join(parts) + (f" and {rest:,} more" if rest else "")


def _grouped_notes(result: ImportResult) -> list[tuple[str, str]]:
    """Each cell read as something else, once per column and reading with the rows it was in:
    a sheet of 10,000 rows that all say 'Key Stage 2' gets one line, not 10,000."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for n in result.notes:
        groups.setdefault((n.column, n.field, n.said), []).append(n.row)
    return [(f"{_rows(rows)}, column {column} ({name})", said) for (column, name, said), rows in groups.items()]


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "org_id", required=True, help="Your organisation's id (its file name in organisations/).")
@root_option
@click.option("--force", is_flag=True,
              help="Update resources already in the catalogue with the same link: the fields this sheet fills "
                   "are changed, everything else in the file is kept. A file describing a different "
                   "resource is never replaced.")
@click.option("--dry-run", is_flag=True, help="Check every row and show the change to each file, but write nothing.")
def command(source: Path, org_id: str, root: Path | None, force: bool, dry_run: bool) -> None:
    """Import resources from a spreadsheet (.csv or .xlsx), one resource per row.

    The header row names the columns (field names like key_stages or titles like "Key stages");
    title rows above it and columns it doesn't know are skipped, with a warning.
    Lists are separated by ";" or ","; cells may be written as people write them (Key Stage 2,
    CC BY 4.0, Free, 12/05/2025 read day first, Welsh), and every such cell is listed with
    what it was read as. Good rows become resources/<org>/<slug>.md; every bad row is reported
    with its row and column.

    A row is matched to a resource already in the catalogue by its link (ignoring http/https,
    a final /, capitals in the site's name and tracking parameters). Without --force a matched
    resource is left alone; with --force the fields the row fills are updated and the rest of
    the file (other fields, comments, the description when the row has none) is kept. A row
    whose file name is taken by a resource with another link is reported and skipped.

    Exits 0 when every row was fine, 1 when any row had problems (the good rows are still
    written) or a file could not be written, 2 for a usage error. `oerbank template` writes a
    spreadsheet to start from.

    Example:

    \b
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
