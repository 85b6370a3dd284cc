"""The whole pipeline in one place: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from .load import Catalogue, load_catalogue
from .problems import Report
from .validate import validate


def check(root: Path) -> tuple[Catalogue, Report]:
    """Load and validate; never writes anything."""
    catalogue, problems = load_catalogue(root)
    return catalogue, validate(catalogue, problems)
