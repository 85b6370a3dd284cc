"""write_data: every open data file in <site>/data/, then the package that describes them.

Each file is streamed from the loaded records one row at a time and rows are sorted by id,
with no clock readings anywhere, so two builds of one commit give byte-identical files.

A file larger than `compress_over` bytes is published gzip-compressed instead, with `.gz`
added to its name (resources.csv.gz): at 100,000 resources the plain files alone would
take GitHub Pages' whole 1 GB. pandas, R, DuckDB and Frictionless read the compressed
files directly, and datapackage.json always names the files actually published.
"""

from __future__ import annotations

import gzip
import json
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
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
COMPRESS_OVER = 10_000_000
_GZIP_LEVEL = 6


def gzip_file(path: Path) -> Path:
    """Replace path with path.gz; no name or time in the header, so the bytes are reproducible."""
    target = path.with_name(path.name + ".gz")
    with path.open("rb") as src, target.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=_GZIP_LEVEL, mtime=0) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    path.unlink()
    return target


class _Publisher:
    """Finishes each written file: compressed on a worker thread when large (zlib releases
    the GIL, so the next file is written meanwhile), then described in written order."""

    def __init__(self, compress_over: int) -> None:
        self.compress_over = compress_over
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.pending: list[tuple[Future[Path], object]] = []

    def add(self, path: Path, describe: object) -> None:
        if path.stat().st_size > self.compress_over:
            future = self.pool.submit(gzip_file, path)
        else:
            future = Future()
            future.set_result(path)
        self.pending.append((future, describe))

    def finish(self) -> tuple[list[Path], list[dict]]:
        written, described = [], []
        try:
            for future, describe in self.pending:
                path = future.result()
                written.append(path)
                described.append(describe(path))  # type: ignore[operator]
        finally:
            self.pool.shutdown()
        return written, described


def write_data(catalogue: Catalogue, dates: Dates | None, out_dir: Path, site_url: str, version: str,
               *, repo_url: str | None = None, schema: Schema | None = None,
               compress_over: int = COMPRESS_OVER) -> list[Path]:
    """Write out_dir/data/* and return the paths written, datapackage.json last."""
    source = Source(catalogue, dates, site_url, schema or load_schema())
    folder = out_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.gz"):  # a file compressed by an earlier, larger build
        old.unlink()
    tables = dump_tables(source)
    by_name = {t.name: t for t in tables}
    publisher = _Publisher(compress_over)

    for table in tables:
        path = write_csv(table, folder / f"{table.name}.csv")
        publisher.add(path, lambda p, t=table: csv_resource(t, p))

    json_path, jsonl_path = write_json(source, by_name["resources"], by_name["organisations"],
                                       folder / JSON_FILE, folder / JSONL_FILE)
    publisher.add(json_path, lambda p: file_resource(
        "resources-json", p, "json", "application/json", "Resources (JSON)",
        "An array with one object per resource: the columns of resources.csv, lists as JSON arrays "
        "and the organisation as an object with its id, name, url and page_url."))
    publisher.add(jsonl_path, lambda p: file_resource(
        "resources-jsonl", p, "jsonl", "application/jsonl", "Resources (JSON Lines)",
        "The objects of resources.json, one a line, for streaming tools."))

    sqlite_path = write_sqlite(tables, folder / SQLITE_FILE)
    publisher.add(sqlite_path, lambda p: file_resource(
        "catalogue-sqlite", p, "sqlite", "application/vnd.sqlite3", "Catalogue (SQLite)",
        "Every CSV table in one SQLite database with primary and foreign keys (list columns as JSON "
        f"arrays), and a full-text index {FTS_TABLE} over resources' title, summary, keywords and "
        "description. Open it with Datasette, DuckDB or any SQLite client."))
    written, described = publisher.finish()
    descriptor = package_descriptor(source.schema, catalogue, described, source.site_url, version, repo_url)
    package = folder / DATAPACKAGE
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(package)
    return written
