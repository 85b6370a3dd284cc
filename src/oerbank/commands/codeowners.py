"""`oerbank codeowners`: write .github/CODEOWNERS from the organisation files and editors.yml."""

from __future__ import annotations

from pathlib import Path

import click

from ..github.codeowners import CODEOWNERS_PATH, codeowners_text
from ..github.generated import write_or_check
from .common import resolve_root, root_option


@click.command("codeowners")
@root_option
@click.option("--check", is_flag=True, help="Don't write; exit 1 if the file is missing or out of date.")
@click.option("--force", is_flag=True, help="Replace the file if it differs.")
def command(root: Path | None, check: bool, force: bool) -> None:
    """Write .github/CODEOWNERS: each organisation's maintainers review its files, editors the rest.

    Run it after adding an organisation or changing maintainers or editors.yml.

    Example:

        oerbank codeowners --force
    """
    root = resolve_root(root)
    write_or_check(root / CODEOWNERS_PATH, codeowners_text(root), CODEOWNERS_PATH,
                   "oerbank codeowners --force", check, force)
