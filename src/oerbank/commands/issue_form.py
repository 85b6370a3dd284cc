"""`oerbank issue-form`: write the "Add a resource" issue form from the schema."""

from __future__ import annotations

from pathlib import Path

import click

from ..github.generated import write_or_check
from ..github.issueform import FORM_PATH, form_text
from .common import resolve_root, root_option


@click.command("issue-form")
@root_option
@click.option("--check", is_flag=True, help="Don't write; exit 1 if the form is missing or out of date.")
@click.option("--force", is_flag=True, help="Replace the form if it differs.")
def command(root: Path | None, check: bool, force: bool) -> None:
    """Write .github/ISSUE_TEMPLATE/add-resource.yml: one question per resource field.

    Run it after changing the schema or a vocabulary, so the form offers the same choices.

    Example:

        oerbank issue-form --check
    """
    root = resolve_root(root)
    write_or_check(root / FORM_PATH, form_text(), FORM_PATH, "oerbank issue-form --force", check, force)
