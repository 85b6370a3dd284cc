"""The whole pipeline in one place: load -> validate -> enrich -> export -> pages -> search -> sitemap.

`build` reads top to bottom as the build runs. The catalogue's pages are rendered here with
our own templates; the prose pages (docs/) are the one step handed to a docs engine
(oerbank.engines: MkDocs, ProperDocs or Zensical), which runs in its own process.
"""

from __future__ import annotations

import os
import shutil
from importlib import resources as importlib_resources
from pathlib import Path

from . import engines
from .buildstep import failure, step
from .export.api import write_api
from .gitdates import GitDates, git_dates
from .insight.tables import write_insight_files
from .load import Catalogue, Record, load_catalogue
from .problems import Report
from .parallel import Failed, Later, start
from .render.insight import insight_of
from .render.material import copy_material_styles
from .render.page_styles import write_search_stylesheet
from .render.shell import Shell, menu, write_pages
from .render.site import SiteModel
from .report import format_text
from .schema import Schema, load_schema
from .search import write_search
from .search.bundle import write_bundle
from .site_extras import after_build, docs_pages, extras, finish_step, write_open_data
from .siteconfig import SiteConfig, config_file, read_site_config
from .sitebuild import staged
from .symlinks import repository_problems
from .validate import check_file, check_record, validate


DATA_PAGE_PENDING = "# Open data\n\n<!-- written once the data files are -->\n"


class CatalogueRefused(Exception):
    """The catalogue has problems, so no site is built; the message lists them."""


def build(root: Path, out: Path, engine: str | None = None, *, config: Path | None = None,
          checked: tuple[Catalogue, Report] | None = None, live_reload: bool = False) -> Report:
    """Build the whole site of the catalogue at `root` into `out`; returns the validation report.

    `engine` builds the prose pages (default: mkdocs.yml's `engine:` setting, else MkDocs);
    `checked` is a (catalogue, report) from `check`, to skip reading the records again. The site
    is built in a new folder and replaces `out` only when complete (oerbank.sitebuild).
    """
    site = read_site_config(config_file(root, config))
    engine = engine or site.engine
    engines.check_installed(engine)
    with staged(out) as staging:
        step("reading the Git history")
        dates = git_dates(root)  # read once: validation, the pages, the data and search share it

        step("reading and checking the catalogue")
        catalogue, report = checked or check(root, dates=dates)
        # A link (to /proc/self/environ, say) stops even a preview build: templates read through links.
        if (site.require_valid and not report.valid()) or any(p.code == "symlink" for p in report.problems):
            raise CatalogueRefused("The catalogue has problems, so the site was not built:\n\n" + format_text(report))

        step("reading the last link check")
        found = extras(root, catalogue, dates)
        model = SiteModel(catalogue, site_url=site.site_url, edit_base=site.edit_base, page_size=site.page_size,
                          browse_limit=site.browse_limit, site_name=site.site_name, **found)

        # Two things at once: a second process writes the search index, the open data files and
        # then the prose pages (whose Open data page shows the files' sizes), while this one finds
        # the insight (the data files wait for its near-duplicates) and then, with its workers,
        # writes the catalogue's pages. One second process, not three: each reads every record,
        # and so holds its own copy of the memory it touches.
        step(f"building the prose pages with {engines.NAMES[engine]}")
        # docs/ is read here, where links and special files are left out; the Open data page,
        # which shows the data files' sizes, is filled in once they are written.
        prose_work = staging / ".prose"
        config, _ = engines.write_project(engine, prose_site(site, model, DATA_PAGE_PENDING, live_reload), prose_work)

        with Later(prose_work) as similar:
            step("writing the search index, the open data files and the prose pages")
            beside = start("search, data and prose", write_search_data_and_prose, catalogue, root, found["dates"],
                           staging, site, engine, config, similar, describe=_failed_step)

            step("finding where the bank is thin, crowded or repeats itself")
            model.insight = insight_of(model)
            similar.set(model.insight.similar)
        write_insight_files(model.insight, {k: o["name"] for k, o in model.orgs.items()}, model.schema, staging)

        step("writing the pages")
        copy_assets(staging)
        model.script_versions = write_bundle(staging / "assets" / "oerbank")
        shell = Shell(site.site_name, model.site_url, copy_material_styles(staging), site.extra_css, site.favicon,
                      live_reload, tuple(menu(site.nav)))
        write_pages(model, shell, staging)
        write_search_stylesheet(staging, shell.styles, shell.extra_css, site.project / site.docs_dir)

        step("writing the JSON API and badges")
        write_api(model, staging)

        step("writing the search index, the open data files and the prose pages")
        finish_step(beside, "writing the search index")
        # The catalogue's pages, assets and API win over the engine's placeholders for them (and any other
        # file of the same name), as they would if the engine's pages were there first and written over.
        move_into(prose_work / engines.SITE, staging, replace=False)
        shutil.rmtree(prose_work)

        step("writing the sitemap")
        after_build(staging, site.site_url, catalogue, found["dates"])
    return report


def write_search_data_and_prose(catalogue: Catalogue, root: Path, dates: GitDates, staging: Path,
                                site: SiteConfig, engine: str, config: Path, similar: Later) -> None:
    """The search index, the open data files (with the near-duplicates `similar` gives when found),
    then the prose pages of the project at `config` (written by engines.write_project) built by
    `engine` (in a second process during a build)."""
    step("writing the search index")
    write_search(catalogue, staging, dates)
    step("writing the open data files")
    data_page = write_open_data(catalogue, root, dates, staging, site.site_url, site.repo_url,
                                site.large_files_url, site.site_name, similar=similar.get())
    step(f"building the prose pages with {engines.NAMES[engine]}")
    engines.fill_in(config.parent, "data.md", DATA_PAGE_PENDING, data_page)
    engines.run_engine(engine, config)


def _failed_step(exc: BaseException) -> Failed:
    step_name, record, error, details = failure(exc)
    return Failed(record, error, details, step=step_name)


def prose_site(site: SiteConfig, model: SiteModel, data_page: str, live_reload: bool) -> engines.ProseSite:
    """The prose pages: docs/, plus contributing, the field reference and the open data page made here."""
    generated = docs_pages(site.project)
    generated["data.md"] = data_page
    # Pages made from other files: edit the file they come from, or nothing.
    edit_urls = dict.fromkeys(generated, "")
    if site.edit_base:
        edit_urls["contributing.md"] = site.edit_base + "CONTRIBUTING.md"
    placeholders = {page.src_uri: page.title for page in model.nav_pages()}
    return engines.ProseSite(site, generated, edit_urls, placeholders, live_reload)


def move_into(source: Path, target: Path, replace: bool = True) -> None:
    """Move every file of `source` into the same place under `target` (same file system: renames);
    with `replace` False, a file already in `target` is kept instead."""
    for folder, _, files in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in files:
            if replace or not (destination / name).exists():
                os.replace(Path(folder) / name, destination / name)


def copy_assets(out: Path) -> None:
    """The catalogue's stylesheets, scripts and icon, at assets/oerbank/ in the site."""
    assets = importlib_resources.files("oerbank").joinpath("assets")
    with importlib_resources.as_file(assets) as folder:
        shutil.copytree(folder, out / "assets" / "oerbank", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "__*"))


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
