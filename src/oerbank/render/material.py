"""Which of Material for MkDocs' stylesheets our standalone pages load.

Only main.*.min.css: its palette stylesheet, with our custom colours, sets nothing but the
default scheme's color-scheme, which is the browser's default anyway. The names carry a
hash that changes with Material's version, so they are looked up, not written down.
"""

from __future__ import annotations

from importlib import resources as importlib_resources
from importlib.resources.abc import Traversable


def material_stylesheets() -> list[Traversable]:
    folder = importlib_resources.files("material").joinpath("templates", "assets", "stylesheets")
    return sorted((e for e in folder.iterdir() if e.name.startswith("main.") and e.name.endswith(".min.css")),
                  key=lambda e: e.name)
