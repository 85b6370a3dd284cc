"""docs/architecture.md's folder table stays true: every module of the package is named in it,
and nothing it names is gone."""

from __future__ import annotations

import re

from catalogues import REPO

PACKAGE = REPO / "src" / "oerbank"


def _package_row() -> str:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `src/oerbank/` |"))
    return row


def _modules() -> set[str]:
    """Top-level modules (`load.py`) and subpackages (`render/`): what a reader looks for first."""
    found = {p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"}
    found |= {f"{p.name}/" for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    return found


def _named(row: str) -> set[str]:
    return set(re.findall(r"`([a-z_]+(?:\.py|/))`", row))


def test_every_module_is_in_the_folder_table() -> None:
    assert sorted(_modules() - _named(_package_row())) == []


def test_the_folder_table_names_nothing_that_is_gone() -> None:
    named = _named(_package_row())
    gone = [n for n in named if not any(PACKAGE.rglob(n.rstrip("/")))]  # render/'s modules are named too
    assert gone == []
    assert len(named) > 20  # the row really is the package's list
