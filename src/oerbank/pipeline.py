"""The whole pipeline in one place: load -> validate -> render -> write."""

from __future__ import annotations

from pathlib import Path

from .gitdates import GitDates
from .load import Catalogue, Record, load_catalogue
from .problems import Report
from .schema import Schema, load_schema
from .symlinks import repository_problems
from .validate import check_file, check_record, validate


def check(root: Path, jobs: int | None = None, dates: GitDates | None = None) -> tuple[Catalogue, Report]:
    """Load and validate; never writes anything. The catalogue holds checked, frozen records.

    Each file is checked as it is read (in parallel for large catalogues: `jobs` processes,
    default one per core), then the checks across files run once over the whole catalogue.
    Links and special files anywhere in the repository (docs, theme, configuration) are
    problems too, since the site would publish what they point to.
    """
    catalogue, problems = load_catalogue(root, jobs=jobs, checker=check_file)
    found = set(problems)  # the records' folders are walked twice; each link is named once
    problems.extend(p for p in repository_problems(root) if p not in found)
    return validate(catalogue, problems, jobs=jobs, checked=True, dates=dates)


def load_checked(root: Path) -> Catalogue:
    """The catalogue of checked records (their `data` set), for `check_with`."""
    catalogue, _ = load_catalogue(root, checker=check_file)
    return catalogue


def check_with(catalogue: Catalogue, new: list[Record], schema: Schema | None = None) -> Report:
    """Validate `catalogue` as it would be with `new` records added or in place of those with
    the same ids, before any file is written (the import and the web form ask this).

    Only the new records' own checks run again; the checks across files run over everything.
    The report holds the problems of the new records and of the checks across files.
    """
    org_ids = {o.id for o in catalogue.organisations} | catalogue.organisation_ids_found
    schema = schema or load_schema()
    checked = [check_record(r, schema.resources, schema, org_ids) for r in new]
    problems = [p for _, found in checked for p in found]
    ids = {r.id for r in new}
    merged = Catalogue(catalogue.root, catalogue.organisations,
                       [r for r in catalogue.resources if r.id not in ids] + [r for r, _ in checked],
                       organisation_ids_found=catalogue.organisation_ids_found)
    return validate(merged, problems, schema, checked=True)[1]
