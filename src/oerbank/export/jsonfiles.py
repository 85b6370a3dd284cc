"""resources.json (one array) and resources.jsonl (one object a line), written as a stream.

Lists stay JSON arrays and the publishing organisation is embedded as a small object, so a
script gets everything about a resource from one object without joining tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .tables import DumpTable, Source

ORGANISATION_KEYS = ("id", "name", "url", "page_url")


def _objects(source: Source, resources: DumpTable, organisations: DumpTable) -> Iterator[dict[str, Any]]:
    org_table = source.schema.organisations
    embedded: dict[str, dict[str, Any]] = {}
    for org in source.organisations:
        full = dict(zip(organisations.columns, source.row(org_table, org), strict=True))
        embedded[source.id(org)] = {k: full[k] for k in ORGANISATION_KEYS}
    for row in resources.rows():
        obj = dict(zip(resources.columns, row, strict=True))
        org_id = obj["organisation"]
        obj["organisation"] = embedded.get(org_id, {"id": org_id})
        yield obj


def _dumps(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def write_json(source: Source, resources: DumpTable, organisations: DumpTable, json_path: Path,
               jsonl_path: Path) -> list[Path]:
    """Both files in one pass; each object is serialised once and written twice."""
    with json_path.open("w", encoding="utf-8", newline="\n") as array, \
            jsonl_path.open("w", encoding="utf-8", newline="\n") as lines:
        array.write("[")
        sep = "\n"
        for obj in _objects(source, resources, organisations):
            text = _dumps(obj)
            array.write(sep + text)
            lines.write(text + "\n")
            sep = ",\n"
        array.write("\n]\n")
    return [json_path, jsonl_path]
