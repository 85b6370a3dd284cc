"""Preview one resource in a second or two, however large the catalogue is.

Only the resource file and its organisation's file are read (copied into a scratch catalogue
and run through the same check and renderer as the full build), so the time does not grow
with the catalogue. Checks across files (duplicate links) run in the pull request.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path

from .pipeline import check
from .problems import Problem
from .render.material import material_stylesheets
from .render.site import SiteModel, environment


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
    body = model.resource_html(resource) if resource else ""
    html = environment().get_template("preview.html").render(
        body=body, problems=report.sorted(), styles=styles, title=resource["title"] if resource else rel, rel=rel)
    page = out / (rel.removeprefix("resources/").removesuffix(".md").replace("/", "--") + ".html")
    page.write_text(html, encoding="utf-8")
    return Preview(page, report.sorted())
