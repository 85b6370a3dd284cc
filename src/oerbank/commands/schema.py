"""`oerbank schema`: write the JSON Schemas editors use to check records while typing."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..jsonschema import json_schema
from ..schema import load_schema
from .common import resolve_root, root_option


@click.command("schema")
@root_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write organisation.schema.json and resource.schema.json into. "
                   "Default: build/schema inside the catalogue.")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
def command(root: Path | None, out: Path | None, force: bool) -> None:
    """Write the editor JSON Schemas for organisation and resource files.

    Example:

        oerbank schema --out build/schema
    """
    if out is None:
        out = resolve_root(root) / "build" / "schema"
    schema = load_schema()
    out.mkdir(parents=True, exist_ok=True)
    for table in schema.tables():
        path = out / f"{table.name[:-1]}.schema.json"
        if path.exists() and not force:
            existing = path.read_text(encoding="utf-8")
            text = json.dumps(json_schema(table, schema), indent=2, ensure_ascii=False) + "\n"
            if existing == text:
                click.echo(f"{path} is up to date")
                continue
            raise click.ClickException(f"{path} exists; pass --force to replace it.")
        path.write_text(json.dumps(json_schema(table, schema), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        click.echo(f"wrote {path}")
