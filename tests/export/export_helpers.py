"""Helpers for the export tests (a module name no other test folder uses)."""

from __future__ import annotations

import shutil
from pathlib import Path

from oerbank.load import Catalogue
from oerbank.pipeline import check

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "export"
SITE_URL = "https://example.org/oer/"


def copy_catalogue(src: Path, dest: Path) -> Path:
    for folder in ("organisations", "resources"):
        shutil.copytree(src / folder, dest / folder)
    return dest


def load_valid(root: Path) -> Catalogue:
    catalogue, report = check(root)
    assert report.valid(), [str(p) for p in report.problems]
    return catalogue
