"""write_data: every open data file in <site>/data/, then the package that describes them.

Each file is streamed from the loaded records one row at a time and rows are sorted by id,
with no clock readings anywhere, so two builds of one commit give byte-identical files.

A file larger than `compress_over` bytes (5 MB) is published gzip-compressed instead, with `.gz`
added to its name (resources.csv.gz): at 100,000 resources the plain files alone would
take GitHub Pages' whole 1 GB. pandas, R, DuckDB and Frictionless read the compressed
files directly, and datapackage.json always names the files actually published.

With `large` (LargeFiles), those compressed files go to a folder outside the site instead,
to be published at large.url (the deploy workflow makes them release assets, which have no
site-wide size limit), and datapackage.json points there.
"""

from __future__ import annotations

import gzip
import json
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..insight.similar import Similar
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
COMPRESS_OVER = 5_000_000
_GZIP_LEVEL = 6


@dataclass(frozen=True)
class LargeFiles:
    """Where compressed files are written (outside the site) and the URL they are published at."""

    folder: Path
    url: str


def gzip_file(path: Path, folder: Path | None = None) -> Path:
    """Replace path with <folder or its own folder>/<name>.gz; no name or time in the header,
    so the bytes are reproducible."""
    target = (folder or path.parent) / (path.name + ".gz")
    target.parent.mkdir(parents=True, exist_ok=True)
    with path.open("rb") as src, target.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=_GZIP_LEVEL, mtime=0) as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    path.unlink()
    return target


Describe = Callable[[Path], dict[str, Any]]  # a written file -> its entry in datapackage.json


class _Publisher:
    """Finishes each written file: compressed on a worker thread when large (zlib releases
    the GIL, so the next file is written meanwhile), then described in written order."""

    def __init__(self, compress_over: int, large: LargeFiles | None) -> None:
        self.compress_over = compress_over
        self.large = large
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.pending: list[tuple[Future[Path], Describe]] = []

    def add(self, path: Path, describe: Describe) -> None:
        if path.stat().st_size > self.compress_over:
            future = self.pool.submit(gzip_file, path, self.large.folder if self.large else None)
        else:
            future = Future()
            future.set_result(path)
        self.pending.append((future, describe))

    def finish(self) -> tuple[list[Path], list[dict[str, Any]]]:
        written: list[Path] = []
        described: list[dict[str, Any]] = []
        try:
            for future, describe in self.pending:
                path = future.result()
                written.append(path)
                entry = describe(path)
                if self.large and path.parent == self.large.folder:
                    entry["path"] = f"{self.large.url.rstrip('/')}/{path.name}"
                    # Frictionless 5 cannot count the bytes of a remote compressed file (it
                    # reports None, a failure); the SHA-256 stays for anyone who downloads it.
                    del entry["bytes"]
                described.append(entry)
        finally:
            self.pool.shutdown()
        return written, described


def write_data(catalogue: Catalogue, dates: Dates | None, out_dir: Path, site_url: str, version: str,
               *, repo_url: str | None = None, schema: Schema | None = None,
               compress_over: int = COMPRESS_OVER, large: LargeFiles | None = None,
               title: str | None = None, similar: Sequence[Similar] | None = None) -> list[Path]:
    """Write out_dir/data/* (and large.folder/*) and return the paths written, datapackage.json last.

    `title`: the catalogue's name (mkdocs.yml's site_name), which also names the data package.
    `similar`: near-duplicates across organisations, if the build has found them (else found here).
    """
    source = Source(catalogue, dates, site_url, schema or load_schema())
    folder = out_dir / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    stale = list(folder.glob("*.gz"))  # files compressed by an earlier, larger build
    if large and large.folder.is_dir():
        stale += large.folder.glob("*.gz")
    for old in stale:
        old.unlink()
    tables = dump_tables(source, similar)
    by_name = {t.name: t for t in tables}
    publisher = _Publisher(compress_over, large)

    for table in tables:
        path = write_csv(table, folder / f"{table.name}.csv")
        publisher.add(path, partial(csv_resource, table))

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
    descriptor = package_descriptor(source.schema, catalogue, described, source.site_url, version, repo_url,
                                    title)
    package = folder / DATAPACKAGE
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(package)
    return written
