"""The whole pipeline in one place: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from .load import Catalogue, load_catalogue
from .problems import Report
from .symlinks import repository_problems
from .validate import check_file, validate


def check(root: Path, jobs: int | None = None) -> tuple[Catalogue, Report]:
    """Load and validate; never writes anything.

    Each file is checked as it is read (in parallel for large catalogues: `jobs` processes,
    default one per core), then the checks across files run once over the whole catalogue.
    Links and special files anywhere in the repository (docs, theme, configuration) are
    problems too, since the site would publish what they point to.
    """
    catalogue, problems = load_catalogue(root, jobs=jobs, checker=check_file)
    found = set(problems)  # the records' folders are walked twice; each link is named once
    problems.extend(p for p in repository_problems(root) if p not in found)
    return catalogue, validate(catalogue, problems, jobs=jobs, checked=True)
