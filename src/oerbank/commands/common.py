"""Options and helpers every command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click

from ..load import find_root


def root_option(func: Callable) -> Callable:
    return click.option(
        "--root", "root", type=click.Path(file_okay=False, path_type=Path), default=None,
        help="The catalogue folder (with organisations/ and resources/). "
             "Default: the catalogue containing the current folder.")(func)


def resolve_root(root: Path | None) -> Path:
    """The catalogue to work on, or a usage error (exit 2) that says how to point at one."""
    if root is None:
        found = find_root(Path.cwd())
        if found is None:
            raise click.UsageError("This folder is not inside a catalogue (no organisations/ and resources/ "
                                   "folders found). Run it from the catalogue or pass --root DIR.")
        return found
    if not root.is_dir():
        raise click.UsageError(f"--root {root}: no such folder.")
    if not (root / "organisations").is_dir() or not (root / "resources").is_dir():
        raise click.UsageError(f"--root {root}: a catalogue folder needs organisations/ and resources/ inside it.")
    return root.resolve()
