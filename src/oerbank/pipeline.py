"""The whole pipeline in one place: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from .load import Catalogue, load_catalogue
from .problems import Report
from .validate import validate


def check(root: Path, jobs: int | None = None) -> tuple[Catalogue, Report]:
    """Load and validate; never writes anything.

    `jobs`: processes to use (default: one per core for large catalogues, else one).
    """
    catalogue, problems = load_catalogue(root, jobs=jobs)
    return catalogue, validate(catalogue, problems, jobs=jobs)
