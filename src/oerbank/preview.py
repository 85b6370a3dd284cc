"""Preview one resource in a second or two, however large the catalogue is.

Only the resource file and its organisation's file are read (copied into a scratch catalogue
and run through the same check and renderer as the full build), so the time does not grow
with the catalogue. Checks across files (duplicate links) run in the pull request.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

from .pipeline import check
from .problems import Problem
from .render.material import material_stylesheets
from .render.site import SiteModel, environment
from .schema import load_schema


@dataclass
class Preview:
    page: Path
    problems: list[Problem]


def _stylesheets(out: Path) -> list[str]:
    """Material's and the catalogue's CSS next to the preview, as relative links."""
    assets = out / "assets"
    assets.mkdir(parents=True, exist_ok=True)
    links = []
    for entry in material_stylesheets():
        (assets / entry.name).write_bytes(entry.read_bytes())
        links.append(f"assets/{entry.name}")
    site_css = importlib_resources.files("oerbank").joinpath("assets", "site.css")
    (assets / "site.css").write_bytes(site_css.read_bytes())
    return links + ["assets/site.css"]


def missing(name: str) -> str:
    """What the page shows where a required field is not filled in yet."""
    return f"Missing: add {name} to the file"


def _mark_missing(resource: Mapping[str, Any]) -> dict[str, Any]:
    """The resource with every required field it lacks shown as missing, not as 'None' or nothing."""
    marked = dict(resource)
    for f in load_schema().resources.contributed:
        if f.required and marked.get(f.name) in (None, "", []):
            marked[f.name] = [missing(f.name)] if f.is_list else missing(f.name)
    return marked


def preview(root: Path, rel: str, out: Path) -> Preview:
    """Write out/<org>--<slug>.html for resources/<org>/<slug>.md and return its problems."""
    parts = rel.split("/")
    org_id = parts[1]
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        (scratch / "organisations").mkdir()
        (scratch / "resources" / org_id).mkdir(parents=True)
        org_file = root / "organisations" / f"{org_id}.yml"
        # A link is copied as a link, so the check names it and nothing reads what it points to.
        if org_file.is_file() or org_file.is_symlink():
            shutil.copy(org_file, scratch / "organisations" / org_file.name, follow_symlinks=False)
        shutil.copy(root / rel, scratch / rel, follow_symlinks=False)
        catalogue, report = check(scratch)
    model = SiteModel(catalogue)
    resource = next((r for r in model.resources if r["path"] == rel), None)
    styles = _stylesheets(out)
    title = resource.get("title") if resource else None
    if resource is not None:
        resource = _mark_missing(resource)
    body = model.resource_html(resource) if resource else ""
    problems = report.sorted()
    html = environment().get_template("preview.html").render(
        body=body, styles=styles, title=title or rel, rel=rel,
        errors=[p for p in problems if p.severity == "error"],
        warnings=[p for p in problems if p.severity != "error"])
    page = out / (rel.removeprefix("resources/").removesuffix(".md").replace("/", "--") + ".html")
    page.write_text(html, encoding="utf-8")
    return Preview(page, problems)
