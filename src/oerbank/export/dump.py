"""write_data: every open data file in <site>/data/, then the package that describes them.

Each file is streamed from the loaded records one row at a time and rows are sorted by id,
with no clock readings anywhere, so two builds of one commit give byte-identical files.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..load import Catalogue
from ..schema import Schema, load_schema
from .csvfiles import write_csv
from .datapackage import DATAPACKAGE, csv_resource, file_resource, package_descriptor
from .jsonfiles import write_json
from .sqlite import FTS_TABLE, write_sqlite
from .tables import Dates, Source, dump_tables

DATA_DIR = "data"
JSON_FILE = "resources.json"
JSONL_FILE = "resources.jsonl"
SQLITE_FILE = "catalogue.sqlite"


def write_data(catalogue: Catalogue, dates: Dates | None, out_dir: Path, site_url: str, version: str,
               *, repo_url: str | None = None, schema: Schema | None = None) -> list[Path]:
    """Write out_dir/data/* and return the paths written, datapackage.json last."""
    source = Source(catalogue, dates, site_url, schema or load_schema())
    folder = out_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    tables = dump_tables(source)
    by_name = {t.name: t for t in tables}

    written: list[Path] = []
    described = []
    for table in tables:
        path = write_csv(table, folder / f"{table.name}.csv")
        written.append(path)
        described.append(csv_resource(table, path))

    json_path, jsonl_path = write_json(source, by_name["resources"], by_name["organisations"],
                                       folder / JSON_FILE, folder / JSONL_FILE)
    described.append(file_resource(
        "resources-json", json_path, "json", "application/json", "Resources (JSON)",
        "An array with one object per resource: the columns of resources.csv, lists as JSON arrays "
        "and the organisation as an object with its id, name, url and page_url."))
    described.append(file_resource(
        "resources-jsonl", jsonl_path, "jsonl", "application/jsonl", "Resources (JSON Lines)",
        "The objects of resources.json, one a line, for streaming tools."))
    written += [json_path, jsonl_path]

    sqlite_path = write_sqlite(tables, folder / SQLITE_FILE)
    described.append(file_resource(
        "catalogue-sqlite", sqlite_path, "sqlite", "application/vnd.sqlite3", "Catalogue (SQLite)",
        "Every CSV table in one SQLite database with primary and foreign keys (list columns as JSON "
        f"arrays), and a full-text index {FTS_TABLE} over resources' title, summary, keywords and "
        "description. Open it with Datasette, DuckDB or any SQLite client."))
    written.append(sqlite_path)

    descriptor = package_descriptor(source.schema, catalogue, described, source.site_url, version, repo_url)
    package = folder / DATAPACKAGE
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(package)
    return written
