"""Material for MkDocs' stylesheet, which gives the catalogue's pages the prose pages' look.

Only main.*.min.css: its palette stylesheet, with our custom colours, sets nothing but the
default scheme's color-scheme, which is the browser's default anyway. It is copied from the
installed theme package at build time (whatever engine builds the prose pages), so its
name, which carries a hash that changes with Material's version, is looked up, not written down.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from importlib.resources.abc import Traversable
from pathlib import Path


def material_stylesheets() -> list[Traversable]:
    folder = importlib_resources.files("material").joinpath("templates", "assets", "stylesheets")
    return sorted((e for e in folder.iterdir() if e.name.startswith("main.") and e.name.endswith(".min.css")),
                  key=lambda e: e.name)


def copy_material_styles(out: Path) -> tuple[str, ...]:
    """Copy the stylesheets into `out`/assets/stylesheets; returns their paths in the site."""
    target = out / "assets" / "stylesheets"
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for sheet in material_stylesheets():
        (target / sheet.name).write_bytes(sheet.read_bytes())
        paths.append(f"assets/stylesheets/{sheet.name}")
    return tuple(paths)
