"""`oerbank codes`: write CONTRIBUTING.md's tables of problem codes from the registry."""

from __future__ import annotations

from pathlib import Path

import click

from ..codes import GUIDE, guide_text
from ..github.generated import write_or_check
from .common import resolve_root, root_option


@click.command("codes")
@root_option
@click.option("--check", is_flag=True, help="Don't write; exit 1 if the tables are out of date.")
def command(root: Path | None, check: bool) -> None:
    """Rewrite the marked tables of problem codes in CONTRIBUTING.md from src/oerbank/codes.py.

    Run it after adding or rewording a code, so the guide explains every message the checks give.

    Example:

        oerbank codes --check
    """
    path = resolve_root(root) / GUIDE
    if not path.is_file():
        raise click.ClickException(f"There is no {GUIDE} here.")
    write_or_check(path, guide_text(path.read_text(encoding="utf-8")), GUIDE, "oerbank codes", check, force=True)
