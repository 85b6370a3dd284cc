"""catalogue.sqlite: keys, foreign keys, JSON list columns and the full-text index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from export_helpers import SITE_URL

from oerbank.export import write_data
from oerbank.load import Catalogue


def _db(small: Catalogue, tmp_path: Path) -> sqlite3.Connection:
    write_data(small, {}, tmp_path, SITE_URL, "1.0.0")
    return sqlite3.connect(tmp_path / "data" / "catalogue.sqlite")


def test_tables_keys_and_foreign_keys(small: Catalogue, tmp_path: Path) -> None:
    con = _db(small, tmp_path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"organisations", "resources", "resource_key_stages", "organisation_maintainers", "vocabularies",
            "resources_fts"} <= tables
    assert con.execute("SELECT count(*) FROM resources").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM organisations").fetchone() == (2,)
    fks = con.execute("PRAGMA foreign_key_list(resources)").fetchall()
    assert [(f[2], f[3], f[4]) for f in fks] == [("organisations", "organisation", "id")]
    fks = con.execute("PRAGMA foreign_key_list(resource_key_stages)").fetchall()
    assert [(f[2], f[3], f[4]) for f in fks] == [("resources", "resource_id", "id")]
    pk = [r[1] for r in con.execute("PRAGMA table_info(resource_key_stages)") if r[5]]
    assert pk == ["resource_id", "key_stage"]


def test_values_and_list_columns(small: Catalogue, tmp_path: Path) -> None:
    con = _db(small, tmp_path)
    row = con.execute("SELECT keywords, duration_minutes, description, typeof(duration_minutes) FROM resources "
                      "WHERE id = 'quay-arts/lino-printing-for-beginners'").fetchone()
    assert json.loads(row[0]) == ["printmaking", "relief print", "lino; cutting"]
    assert row[1] == 90 and row[3] == "integer"
    assert row[2].startswith("- Cut away")  # unchanged: no spreadsheet prefix in SQLite
    stages = con.execute("SELECT resource_id, key_stage FROM resource_key_stages ORDER BY 1, 2").fetchall()
    assert ("quay-arts/sinema-bach", "ks2") in stages and len(stages) == 5


def test_full_text_search_finds_a_known_resource(small: Catalogue, tmp_path: Path) -> None:
    con = _db(small, tmp_path)
    found = con.execute("SELECT r.id FROM resources_fts JOIN resources r ON r.rowid = resources_fts.rowid "
                        "WHERE resources_fts MATCH ? ORDER BY rank", ("printmaking",)).fetchall()
    assert found == [("quay-arts/lino-printing-for-beginners",)]
    found = con.execute("SELECT rowid FROM resources_fts WHERE resources_fts MATCH 'description:paintings'").fetchall()
    assert len(found) == 1
    # Datasette finds the index through the content= option.
    sql = con.execute("SELECT sql FROM sqlite_master WHERE name = 'resources_fts'").fetchone()[0]
    assert "content=[resources]" in sql
