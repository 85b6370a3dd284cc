"""The whole pipeline in one place: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from .load import Catalogue, load_catalogue
from .problems import Report
from .validate import check_file, validate


def check(root: Path, jobs: int | None = None) -> tuple[Catalogue, Report]:
    """Load and validate; never writes anything.

    Each file is checked as it is read (in parallel for large catalogues: `jobs` processes,
    default one per core), then the checks across files run once over the whole catalogue.
    """
    catalogue, problems = load_catalogue(root, jobs=jobs, checker=check_file)
    return catalogue, validate(catalogue, problems, jobs=jobs, checked=True)
