"""Paths and a file writer shared by test modules (conftest modules are not importable by name)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Add or replace files under `root` (text as UTF-8, bytes as they are)."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def altered(catalogue: Any, record_id: str, **values: Any) -> Any:
    """The catalogue with one record's checked values changed, as a hostile or odd record would
    have them after validation (records are frozen: this makes a new catalogue, not a change)."""
    from oerbank.load import Catalogue

    def change(records: list) -> list:
        return [r.checked({**r.data, **values}, r.bad) if r.id == record_id else r for r in records]

    return Catalogue(catalogue.root, change(catalogue.organisations), change(catalogue.resources),
                     catalogue.organisation_files, catalogue.resource_files, catalogue.organisation_ids_found)
