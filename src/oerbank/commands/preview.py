"""`oerbank preview FILE`: see one resource's page straight away, without building the site."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..preview import preview
from .common import resolve_root, root_option


@click.command("preview")
@root_option
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the preview. Default: build/preview inside the catalogue.")
def command(root: Path | None, file: Path, out: Path | None) -> None:
    """Render one resource page (with any problems listed on it) and print where it is.

    Reads only that file and its organisation's file, so it takes a second or two however big
    the catalogue is.

    Example:

        oerbank preview resources/harbourlight-maritime-museum/ship-in-a-bottle.md
    """
    root = resolve_root(root)
    try:
        rel = file.resolve().relative_to(root).as_posix()
    except ValueError:
        raise click.UsageError(f"{file} is not inside the catalogue at {root}.") from None
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "resources" or not parts[2].endswith(".md"):
        raise click.UsageError("Preview a resource file: resources/<organisation>/<name>.md")
    out = (out or root / "build" / "preview").resolve()
    out.mkdir(parents=True, exist_ok=True)
    result = preview(root, rel, out)
    for p in result.problems:
        click.echo(f"{p.file}:{p.line}: {p.severity} [{p.code}] {p.message}")
    click.echo(f"Preview written: {result.page.as_uri()}")
    sys.exit(1 if any(p.severity == "error" for p in result.problems) else 0)
