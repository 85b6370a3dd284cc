"""datapackage.json: a Frictionless data package describing every file in data/.

The table schemas come from load_schema() (field descriptions, the vocabularies' keys as
enums, keys and foreign keys); every file also gets its size and SHA-256, so
`frictionless validate` checks that the files are the ones described.
"""

from __future__ import annotations

import copy
import re
import hashlib
from pathlib import Path
from typing import Any

from ..load import Catalogue, slugify
from ..schema import LIST_SEPARATOR, Schema
from .tables import FORMULA_NOTE, DumpTable

DATAPACKAGE = "datapackage.json"


def file_stats(path: Path) -> dict[str, Any]:
    """Size and SHA-256 of the bytes published (compressed ones for a .gz file, as Frictionless checks)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    stats: dict[str, Any] = {"bytes": path.stat().st_size, "hash": "sha256:" + digest.hexdigest()}
    if path.suffix == ".gz":
        stats["compression"] = "gz"
    return stats


def csv_resource(table: DumpTable, path: Path) -> dict[str, Any]:
    d = copy.deepcopy(table.descriptor)
    out: dict[str, Any] = {"name": d.pop("name"), "path": path.name, "format": "csv", "mediatype": "text/csv",
                           "encoding": "utf-8"}
    out.update(d)
    if table.list_columns:
        out["description"] = (out.get("description", "") + f" Multi-valued columns join their values with "
                              f"'{LIST_SEPARATOR}'; the resource_*.csv and organisation_*.csv tables give one "
                              "row per value.").strip()
    out.update(file_stats(path))
    return out


def file_resource(name: str, path: Path, fmt: str, mediatype: str, title: str, description: str) -> dict[str, Any]:
    return {"name": name, "type": "file", "path": path.name, "format": fmt, "mediatype": mediatype,
            "title": title, "description": description, **file_stats(path)}


def package_descriptor(schema: Schema, catalogue: Catalogue, resources: list[dict[str, Any]], site_url: str,
                       version: str, repo_url: str | None = None, title: str | None = None) -> dict[str, Any]:
    base = schema.descriptor
    # A catalogue set up from this one names its data package after itself.
    if not title or title == base["title"]:
        name = base["name"]
    else:
        name = slugify(title) if re.search("[A-Za-z0-9]", title) else "catalogue"
    sources = [{"title": "Organisation and resource files (organisations/*.yml, resources/*/*.md)",
                "path": repo_url or site_url}] if (repo_url or site_url) else []
    contributors = [{"title": o.data.get("name") or o.id, "path": o.data.get("url") or None, "role": "contributor"}
                    for o in sorted(catalogue.organisations, key=lambda r: r.id)]
    for c in contributors:
        if c["path"] is None:
            del c["path"]
    descriptor: dict[str, Any] = {
        "$schema": "https://specs.frictionlessdata.io/schemas/data-package.json",
        "name": name,
        "title": title or base["title"],
        "description": (base["description"] + " The organisations write the records; the catalogue's "
                        "metadata is dedicated to the public domain (CC0 1.0). Each resource's own licence "
                        "is in its licence column (its name in licence_label, its terms in licence_url). "
                        + FORMULA_NOTE),
        "version": version,
        "licenses": copy.deepcopy(base["licenses"]),
        "keywords": list(base.get("keywords", [])),
        "sources": sources,
        "contributors": contributors,
        "resources": resources,
    }
    if site_url:
        descriptor["homepage"] = site_url + "data/"
    return descriptor
