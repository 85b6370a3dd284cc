"""Paths and a file writer shared by test modules (conftest modules are not importable by name)."""

from __future__ import annotations

from pathlib import Path

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
