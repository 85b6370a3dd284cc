"""catalogue.sqlite: the same tables with keys, plus a full-text index, for Datasette and DuckDB.

List columns hold JSON arrays (Datasette can facet on them with `_facet_array`, SQLite and
DuckDB can unnest them with json_each / from_json); the long tables give the same values one
row each. The file is built in a scratch file and copied with VACUUM INTO, which writes pages
in a fixed order with no timestamps, so the same catalogue gives the same bytes.
"""

from __future__ import annotations

import os
import sqlite3
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from .tables import DumpTable

PAGE_SIZE = 4096
FTS_TABLE = "resources_fts"
FTS_COLUMNS = ("title", "summary", "keywords", "description")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_sql(table: DumpTable) -> str:
    schema = table.descriptor["schema"]
    lines = []
    for fd in schema["fields"]:
        sql_type = {"integer": "INTEGER", "number": "REAL"}.get(fd["type"], "TEXT")
        required = fd.get("constraints", {}).get("required")
        lines.append(f"{_quote(fd['name'])} {sql_type}{' NOT NULL' if required else ''}")
    lines.append("PRIMARY KEY (" + ", ".join(_quote(c) for c in schema["primaryKey"]) + ")")
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        lines.append("FOREIGN KEY (" + ", ".join(_quote(c) for c in fk["fields"]) + ") REFERENCES "
                     + _quote(ref["resource"]) + " (" + ", ".join(_quote(c) for c in ref["fields"]) + ")")
    # Tables keyed by their columns (long tables, vocabularies) are stored as their key's b-tree,
    # which halves their size; resources keeps its rowid for the full-text index.
    rowid = len(schema["primaryKey"]) == 1
    return (f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"
            + ("" if rowid else " WITHOUT ROWID"))


def json_list(values: list[str]) -> str:
    """A JSON array of strings, as json.dumps(values, ensure_ascii=False) writes it, but faster."""
    return "[" + ", ".join(map(encode_basestring, values)) + "]"


def _convert(table: DumpTable) -> Any:
    lists = [i for i, c in enumerate(table.columns) if c in table.list_columns]
    if not lists:
        return table.rows()

    def rows() -> Any:
        for row in table.rows():
            for i in lists:
                row[i] = json_list(row[i])
            yield row
    return rows()


def write_sqlite(tables: list[DumpTable], path: Path) -> Path:
    """Write every table (parents first), index foreign keys and build the FTS5 index.

    The keys are declared for the readers; loading relies on the catalogue having been
    validated, and `OR IGNORE` keeps a preview build of an invalid catalogue from failing.
    """
    scratch = path.with_name(path.name + ".tmp")
    for p in (scratch, path):
        p.unlink(missing_ok=True)
    con = sqlite3.connect(scratch, isolation_level=None)
    try:
        con.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA synchronous = OFF")
        con.execute("BEGIN")
        for table in tables:
            con.execute(create_sql(table))
            marks = ", ".join("?" * len(table.columns))
            con.executemany(f"INSERT OR IGNORE INTO {_quote(table.name)} VALUES ({marks})", _convert(table))
            for fk in table.descriptor["schema"].get("foreignKeys", []):
                cols = fk["fields"]
                if cols != table.descriptor["schema"]["primaryKey"][: len(cols)]:
                    con.execute(f"CREATE INDEX {_quote(table.name + '_' + '_'.join(cols))} "
                                f"ON {_quote(table.name)} (" + ", ".join(_quote(c) for c in cols) + ")")
        # An external-content index over resources: Datasette finds it through content=[resources].
        con.execute(f"CREATE VIRTUAL TABLE {_quote(FTS_TABLE)} USING fts5("
                    + ", ".join(FTS_COLUMNS) + ", content=[resources])")
        con.execute(f"INSERT INTO {_quote(FTS_TABLE)}({_quote(FTS_TABLE)}) VALUES ('rebuild')")
        con.execute("COMMIT")
        con.close()
        os.replace(scratch, path)
    finally:
        con.close()
        scratch.unlink(missing_ok=True)
    return path
