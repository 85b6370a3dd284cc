"""Write a generated file, or check that the committed copy is up to date."""

from __future__ import annotations

from pathlib import Path

import click


def write_or_check(path: Path, text: str, shown: str, regenerate: str, check: bool, force: bool) -> None:
    """Print what happened; exit 1 (ClickException) when --check finds the file stale or it exists."""
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        click.echo(f"{shown} is up to date.")
        return
    if check:
        state = "is missing" if current is None else "is out of date"
        raise click.ClickException(f"{shown} {state}. Run `{regenerate}` and commit the result.")
    if current is not None and not force:
        raise click.ClickException(f"{shown} exists and differs; pass --force to replace it.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {shown}.")
